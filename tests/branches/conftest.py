"""Fixtures for the branch and release tests (helpers live in `branches.scenario`)."""
from __future__ import annotations

from branches.scenario import github_server, repo  # noqa: F401 (fixtures)
