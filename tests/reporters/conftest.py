"""The reporter tests run as if outside GitHub Actions unless a test sets the run's variables."""
from __future__ import annotations

import pytest

RUN_VARIABLES = ("GITHUB_WORKSPACE", "GITHUB_REPOSITORY", "GITHUB_SHA", "GITHUB_SERVER_URL")


@pytest.fixture(autouse=True)
def _outside_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in RUN_VARIABLES:
        monkeypatch.delenv(name, raising=False)
