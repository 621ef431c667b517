"""Fixtures for the branch and release tests (helpers live in `branches.scenario`)."""
from __future__ import annotations

from pathlib import Path

import pytest
from branches.scenario import github_server, isolated_git, repo  # noqa: F401 (fixtures)


@pytest.fixture(autouse=True)
def _git_isolated(isolated_git: Path) -> None:
    """Every test here runs in-process git without the developer's environment."""
