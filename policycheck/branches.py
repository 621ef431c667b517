"""Branch classes, case-study issue references, and the targets the branch rules check.

A branch is a **release** (head matching `branches.release.head` into the base branch, or a
PR titled like `branches.release.title`), **exempt** (matching a `branches.exempt` pattern,
or the base branch itself), or a **feature** branch (everything else), which must reference
a case-study issue. References are looked for in the places `branches.references.sources`
names; the strongest kind found wins (a number in the branch name, then closing keywords in
the PR body, then issue URLs, then a bare `#N`, then commit messages), so that a passing
mention of another issue does not stand in for the case study.

Everything here is a pure function of a context and the policy, or a plain record;
`policycheck.branch_checks` gathers what the rules need (GitHub's view of each referenced
issue, check-case-study's view of each release report) and runs the rules.
"""
from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from policycheck.errors import PolicyError
from policycheck.policy import Policy
from policycheck.versions import version_tuple

if TYPE_CHECKING:  # the registry imports the rules, which import this: keep git out of start-up
    from policycheck.context import BranchContext

RELEASE, EXEMPT, FEATURE = "release", "exempt", "feature"

_CLOSING = r"\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)\b\s*:?\s*"
_BARE = r"(?<![\w/.&-])#(?P<number>\d+)\b"
_NOT_IN_LINK = r"(?![\w-])"


@dataclass(frozen=True)
class BranchClass:
    kind: str  # release, exempt, feature
    version: str | None = None  # the release version, for releases
    reason: str = ""  # which pattern decided, for messages


@dataclass(frozen=True)
class Reference:
    number: int
    source: str  # branch, body, commit
    path: str  # how findings name where it was found
    line: int
    column: int
    tier: int  # lower is stronger (see the module docstring)


@lru_cache(maxsize=64)
def _compile(pattern: str) -> re.Pattern[str]:
    # `re` warns (FutureWarning) about patterns such as "[[" that a later Python may read
    # differently; the pattern is valid today, and stderr carries only policycheck's lines.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return re.compile(pattern, re.IGNORECASE)


def _policy_regex(policy: Policy, key: str, pattern: Any, group: str | None = None) -> re.Pattern[str]:
    """A pattern from the policy; a broken one is a policy error naming the key, not a crash.

    Policy loading validates these patterns (with file:line); this is the net for a policy
    built another way, so that a bad pattern is never a traceback.
    """
    if not isinstance(pattern, str):
        raise PolicyError(policy.source, f"{key}: not a regular expression (a string): {pattern!r}")
    try:
        regex = _compile(pattern)
    except (re.error, RecursionError, OverflowError) as exc:
        raise PolicyError(policy.source, f"{key}: not a valid regular expression ({exc}): {pattern!r}") from None
    if group and group not in regex.groupindex:
        raise PolicyError(policy.source, f"{key}: the pattern needs a (?P<{group}>...) group")
    return regex


def _release_match(policy: Policy, key: str, text: str | None) -> re.Match[str] | None:
    pattern = (policy.section("branches").get("release") or {}).get(key)
    if not pattern or text is None:
        return None
    return _policy_regex(policy, f"branches.release.{key}", pattern, "version").search(text)


def classify(branch: str, base: str, title: str | None, policy: Policy) -> BranchClass:
    default_base = policy.section("branches").get("base", "main")
    head_match = _release_match(policy, "head", branch)
    if head_match and base == default_base:
        return BranchClass(RELEASE, head_match["version"], f"{branch} into {base}")
    title_match = _release_match(policy, "title", title)
    if title_match:
        return BranchClass(RELEASE, title_match["version"], f"pull request titled {title!r}")
    if branch == default_base:
        return BranchClass(EXEMPT, reason=f"{branch} is the base branch")
    if branch.startswith("refs/tags/"):
        return BranchClass(EXEMPT, reason="a tag, not a branch")
    for pattern in policy.section("branches").get("exempt") or ():
        if _policy_regex(policy, "branches.exempt", pattern).search(branch):
            return BranchClass(EXEMPT, reason=f"{branch} matches the exempt pattern {pattern!r}")
    return BranchClass(FEATURE, reason=f"{branch} matches no release or exempt pattern")


def branch_path(context: BranchContext) -> str:
    """How findings about the branch itself name it (there is no file to point at)."""
    return f"branch:{context.branch}"


def find_references(context: BranchContext, policy: Policy, repository: str | None) -> list[Reference]:
    """Every case-study issue reference, in the places the policy names, strongest first."""
    refs_policy = policy.section("branches").get("references") or {}
    sources = refs_policy.get("sources") or ("branch", "body", "commits")
    found: list[Reference] = []
    if "branch" in sources and refs_policy.get("branch"):
        regex = _policy_regex(policy, "branches.references.branch", refs_policy["branch"], "number")
        for match in regex.finditer(context.branch):
            if match["number"] and match["number"].isdecimal() and int(match["number"]) >= 1:  # issues start at 1
                found.append(Reference(int(match["number"]), "branch", branch_path(context), 1,
                                       match.start("number") + 1, 0))
    if "body" in sources and context.body:
        found += _text_references(context.body, "body", context.body_path, repository, base_tier=1)
    if "commits" in sources:
        for commit in context.commits:
            found += _text_references(commit.message, "commit", f"commit:{commit.sha[:12]}", repository, base_tier=4)
    return sorted(found, key=lambda r: r.tier)


def _text_references(text: str, source: str, path: str, repository: str | None, base_tier: int) -> list[Reference]:
    """Closing keywords (`Closes #12`), issue URLs of this repository, then bare `#12`."""
    patterns = [(_CLOSING + r"#(?P<number>\d+)\b", 0), (_BARE, 2)]
    if repository:
        url = r"https?://[^\s/]+/" + re.escape(repository) + r"/issues/(?P<number>\d+)\b" + _NOT_IN_LINK
        patterns.insert(1, (url, 1))
    found, seen = [], set()
    for pattern, offset in patterns:
        tier = base_tier if source == "commit" and offset < 2 else base_tier + offset
        for match in _compile(pattern).finditer(text):
            start = match.start("number")
            if start in seen or int(match["number"]) < 1:  # `#0` is no issue: numbers start at 1
                continue
            seen.add(start)
            line = text.count("\n", 0, start) + 1
            column = start - (text.rfind("\n", 0, start) + 1) + 1
            if text[start - 1:start] == "#":
                column -= 1  # point at the `#`
            found.append(Reference(int(match["number"]), source, path, line, column, tier))
    return found


def strongest(references: list[Reference]) -> list[Reference]:
    """The references of the strongest kind found, one per issue number, in order."""
    if not references:
        return []
    best = min(r.tier for r in references)
    unique: dict[int, Reference] = {}
    for ref in references:
        if ref.tier == best:
            unique.setdefault(ref.number, ref)
    return list(unique.values())


def version_covers(start: str | None, end: str | None, version: str) -> bool:
    """Whether a report's title version (or range) names the release version."""
    if not start:
        return False
    low, wanted, high = version_tuple(start), version_tuple(version), version_tuple(end or start)
    return None not in (low, wanted, high) and low <= wanted <= high  # type: ignore[operator]


# --- what the branch and release rules check ------------------------------------------------

@dataclass(frozen=True)
class IssueCheck:
    """What GitHub said about one referenced issue (online checks only)."""

    reference: Reference
    repository: str
    issue: Any | None = None  # sources.github.Issue; None when GitHub answered 404
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
    errors: tuple[Any, ...] = ()  # check-case-study's error findings on it
    findings: tuple[Any, ...] = ()  # all of check-case-study's findings on it

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

