"""Fixtures for the source tests: git (in-process) without the developer's environment."""
from __future__ import annotations

from pathlib import Path

import pytest
from branches.scenario import isolated_git  # noqa: F401 (fixture)


@pytest.fixture(autouse=True)
def _git_isolated(isolated_git: Path) -> None:
    """Every test here runs in-process git without the developer's environment."""
