"""What a rule may know besides its target: the `CheckContext` handed to every `check`.

A rule reads the policy and the target's path from it, and asks it for the findings of a
nested check (a report's configs) through `config_errors`, which the check runner answers
once per run. This module imports only the policy's types, so that rule modules can import
it without loading the runner.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, Protocol

if TYPE_CHECKING:
    from policycheck.findings import Finding
    from policycheck.policy import Policy

# Findings of one rule in one place (a file, a branch) that are listed; the engine counts the
# rest in one finding. A rule may skip work that only findings past this many would show.
MAX_PER_FILE = 100


class NestedChecks(Protocol):
    """The runner, as a rule sees it: the blocking findings of a nested check."""

    def config_errors(self, path: str) -> list[Finding]: ...


class _NoNestedChecks:
    def config_errors(self, path: str) -> list[Finding]:
        return []


_NO_NESTED_CHECKS = _NoNestedChecks()


class CheckContext(NamedTuple):
    policy: Policy
    path: str  # as the user or pre-commit named it
    relpath: str  # relative to the repository root, POSIX
    nested: NestedChecks = _NO_NESTED_CHECKS

    @property
    def root(self) -> Path:
        return self.policy.root

    def config_errors(self, path: str) -> list[Finding]:
        """The unwaived errors check-config finds in `path` (a config another document names)."""
        return self.nested.config_errors(path)
