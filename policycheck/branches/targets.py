"""What the branch and release rules check: plain records, no policy and no git.

The rule modules import these, and the rule registry is loaded by every command, so this
module imports nothing but the findings' and versions' helpers.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from policycheck.findings import BRANCH, Finding, Location
from policycheck.versions import version_tuple

if TYPE_CHECKING:  # the rules import this module; git and PyGithub stay out of start-up
    from policycheck.branches.context import BranchContext
    from policycheck.sources.github import Issue

RELEASE, EXEMPT, FEATURE = "release", "exempt", "feature"


@dataclass(frozen=True)
class BranchClass:
    kind: str  # release, exempt, feature
    version: str | None = None  # the release version, for releases
    reason: str = ""  # which pattern decided, for messages


@dataclass(frozen=True)
class Reference:
    number: int
    source: str  # branch, body, commit
    path: Location  # where it was found: the branch name, the PR body, a commit message
    line: int
    column: int
    tier: int  # lower is stronger (see the module docstring)


def branch_location(context: BranchContext) -> Location:
    """Where findings about the branch itself are (there is no file to point at)."""
    return Location(BRANCH, context.branch)


def version_covers(start: str | None, end: str | None, version: str) -> bool:
    """Whether a report's title version (or range) names the release version."""
    if not start:
        return False
    low, wanted, high = version_tuple(start), version_tuple(version), version_tuple(end or start)
    return None not in (low, wanted, high) and low <= wanted <= high  # type: ignore[operator]



@dataclass(frozen=True)
class IssueCheck:
    """What GitHub said about one referenced issue (online checks only)."""

    reference: Reference
    repository: str
    issue: Issue | None = None  # None when GitHub answered 404
    not_found: str | None = None  # GitHub's 404, said as one line
    labelled: bool = False  # carries one of the policy's case-study labels
    planning_errors: tuple[str, ...] = ()  # check-issue's error messages on the issue body

    @property
    def ok(self) -> bool:
        """A case-study issue that allows development: the branch check passes."""
        return (self.issue is not None and not self.issue.is_pull_request and self.labelled
                and not self.planning_errors)


@dataclass(frozen=True)
class BranchTarget:
    context: BranchContext
    kind: BranchClass
    references: tuple[Reference, ...]  # the strongest kind found
    checks: tuple[IssueCheck, ...]  # empty when offline
    online: bool
    offline_reason: str  # why nothing was verified, when offline
    labels: tuple[str, ...]  # the policy's case-study labels
    before_branch_severity: str  # the policy's `issue_before_branch`

    @property
    def satisfied(self) -> bool:
        return any(check.ok for check in self.checks)

    def open_checks(self) -> tuple[IssueCheck, ...]:
        """The checks a rule reports on: all of them, unless one issue already satisfies the
        branch (then a second reference's problems do not matter)."""
        return () if self.satisfied else self.checks

    @property
    def first_commit_time(self) -> int | None:
        return min((c.timestamp for c in self.context.commits), default=None)


@dataclass(frozen=True)
class ReportCandidate:
    """A case-study report the release adds, modifies, or links from its PR body."""

    path: str  # as findings name it
    how: str  # added, modified, renamed, linked
    exists: bool
    readable: bool = True  # False: check-case-study could not load it (its finding says why)
    title_line: int = 1
    version: str | None = None  # as the title writes it ("0.1.8", "0.0.12-0.0.14")
    version_start: str | None = None
    version_end: str | None = None
    videos: int = 0
    errors: tuple[Finding, ...] = ()  # check-case-study's error findings on it
    findings: tuple[Finding, ...] = ()  # all of check-case-study's findings on it

    def names(self, version: str | None) -> bool:
        return bool(version) and version_covers(self.version_start, self.version_end, version or "")

    def ok(self, version: str | None) -> bool:
        return self.exists and self.videos > 0 and self.names(version) and not self.errors


@dataclass(frozen=True)
class ReleaseTarget:
    context: BranchContext
    kind: BranchClass
    candidates: tuple[ReportCandidate, ...]
    changes_from: str  # "git diff abc..def" or "the file list of pull request #12"
    directory: str  # where new reports go (policy: case_studies.directory)

    @property
    def satisfied(self) -> bool:
        return any(c.ok(self.kind.version) for c in self.candidates)
