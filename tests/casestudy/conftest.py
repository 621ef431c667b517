"""Fixtures for the case-study tests (helpers live in `casestudy.support`)."""
from __future__ import annotations

from pathlib import Path

import pytest
from casestudy.support import make_repo


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository root with one valid config and an empty case-study folder."""
    return make_repo(tmp_path)
