"""Fixtures for the audit tests: MassGen-shaped repositories with a release history."""
from __future__ import annotations

from pathlib import Path

import pytest
from branches.scenario import github_server, isolated_git, repo  # noqa: F401 (fixtures)


@pytest.fixture(autouse=True)
def _git_isolated(isolated_git: Path) -> None:
    """In-process git reads none of the developer's setup."""
