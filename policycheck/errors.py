"""Tool failures and their exit codes.

Parse failures in checked files are findings, never exceptions. What is raised here means the
tool could not do its job: bad usage, a bad policy file, GitHub unreachable. The CLI boundary
(`policycheck.cli.main`) is the only place that turns these into an exit code and one line on
stderr.
"""
from __future__ import annotations

EXIT_ERROR = 2
EXIT_GITHUB = 3


class PolicycheckError(Exception):
    """A failure of the tool or its inputs that is not a finding (exit 2)."""

    exit_code = EXIT_ERROR


class UsageError(PolicycheckError):
    """The command line asks for something impossible."""


class PolicyError(PolicycheckError):
    """The policy file is missing, unreadable or invalid."""

    def __init__(self, path: str, message: str, line: int | None = None, column: int | None = None):
        where = path if line is None else f"{path}:{line}:{column or 1}"
        super().__init__(f"{where}: invalid policy: {message}")
        self.path, self.line, self.column = path, line, column


class ContextError(PolicycheckError):
    """The branch/PR context cannot be determined (detached HEAD, shallow clone, no git)."""


class GitHubError(PolicycheckError):
    """GitHub could not be reached or refused the request (exit 3)."""

    exit_code = EXIT_GITHUB
