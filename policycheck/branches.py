"""Branch classes, case-study issue references, and the branch and release checks.

A branch is a **release** (head matching `branches.release.head` into the base branch, or a
PR titled like `branches.release.title`), **exempt** (matching a `branches.exempt` pattern,
or the base branch itself), or a **feature** branch (everything else), which must reference
a case-study issue. References are looked for in the places `branches.references.sources`
names; the strongest kind found wins (a number in the branch name, then closing keywords in
the PR body, then issue URLs, then a bare `#N`, then commit messages), so that a passing
mention of another issue does not stand in for the case study.

Classification and references are pure functions of a context and the policy; the check
functions at the end gather what the rules need (GitHub's view of each referenced issue,
check-case-study's view of each release report) into plain targets, then run the rules.
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from policycheck.context import BranchContext
from policycheck.findings import Finding, Report
from policycheck.policy import Policy

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
    return re.compile(pattern, re.IGNORECASE)


def classify(branch: str, base: str, title: str | None, policy: Policy) -> BranchClass:
    section = policy.section("branches")
    release: dict[str, Any] = section.get("release") or {}
    default_base = section.get("base", "main")
    head_match = _compile(release["head"]).search(branch) if release.get("head") else None
    if head_match and base == default_base:
        return BranchClass(RELEASE, head_match.groupdict().get("version"), f"{branch} into {base}")
    title_match = _compile(release["title"]).search(title) if title and release.get("title") else None
    if title_match:
        return BranchClass(RELEASE, title_match.groupdict().get("version"), f"pull request titled {title!r}")
    if branch == default_base:
        return BranchClass(EXEMPT, reason=f"{branch} is the base branch")
    if branch.startswith("refs/tags/"):
        return BranchClass(EXEMPT, reason="a tag, not a branch")
    for pattern in section.get("exempt") or ():
        if _compile(pattern).search(branch):
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
        for match in _compile(refs_policy["branch"]).finditer(context.branch):
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
            if start in seen:
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


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", version))


def version_covers(start: str | None, end: str | None, version: str) -> bool:
    """Whether a report's title version (or range) names the release version."""
    if not start:
        return False
    wanted = version_key(version)
    return version_key(start) <= wanted <= version_key(end or start)


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

    @property
    def first_commit_time(self) -> int | None:
        return min((c.timestamp for c in self.context.commits), default=None)


@dataclass(frozen=True)
class ReportCandidate:
    """A case-study report the release adds, modifies, or links from its PR body."""

    path: str  # as findings name it
    how: str  # added, modified, renamed, linked
    exists: bool
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


# --- running the checks (the only part that reaches GitHub and the case-study checks) ------

MAX_ISSUES = 5  # issue references verified online per branch: bounds the requests per check


def check_branch(context: BranchContext, policy: Policy, settings: Any, offline: bool) -> Report:
    """Findings of every `branch` rule; GitHub is asked once per referenced issue at most."""
    kind = classify(context.branch, context.base, context.title, policy)
    section = policy.section("branches")
    skip = _skip_label(context, section)
    repository = context.repository
    references = tuple(strongest(find_references(context, policy, repository))) if kind.kind == FEATURE else ()
    reason = _offline_reason(offline, settings, repository, skip)
    checks = () if reason or not references else _verify(references[:MAX_ISSUES], repository or "", policy, settings)
    labels = tuple(policy.section("issues").get("labels") or ("case study", "case-study"))
    target = BranchTarget(context, kind, references, checks, online=not reason, offline_reason=reason or "",
                          labels=labels, before_branch_severity=section.get("issue_before_branch", "warning"))
    report = _run("branch", target, branch_path(context), policy)
    if skip:
        report.findings = [Finding(**{**f.__dict__, "waived": f"pull request label {skip!r}"}) for f in report.findings]
    return _finish(report, policy)


def _skip_label(context: BranchContext, section: dict[str, Any]) -> str | None:
    skips = {label.lower() for label in section.get("skip_labels") or ()}
    return next((label for label in context.labels if label.lower() in skips), None)


def _offline_reason(offline: bool, settings: Any, repository: str | None, skip: str | None) -> str | None:
    if skip:
        return f"the pull request is labelled {skip!r}"
    if offline:
        return "offline (--offline)"
    if not settings.online:
        return "offline (no GitHub token: set GITHUB_TOKEN or GH_TOKEN, or pass --token)"
    if not repository:
        return "offline (no GitHub repository known: pass --repo OWNER/NAME)"
    return None


def _verify(references: tuple[Reference, ...], repository: str, policy: Policy, settings: Any) -> tuple[IssueCheck, ...]:
    from policycheck.sources.github import GitHubClient, GitHubNotFound

    client = GitHubClient(settings)
    labels = {label.lower() for label in policy.section("issues").get("labels") or ("case study", "case-study")}
    checks = []
    for ref in references:
        try:
            issue = client.issue(repository, ref.number)
        except GitHubNotFound as missing:
            checks.append(IssueCheck(ref, repository, not_found=str(missing)))
            continue
        labelled = any(label.lower() in labels for label in issue.labels)
        errors = _planning_errors(issue, policy) if labelled and not issue.is_pull_request else ()
        checks.append(IssueCheck(ref, repository, issue, None, labelled, errors))
    return tuple(checks)


def _planning_errors(issue: Any, policy: Policy) -> tuple[str, ...]:
    """check-issue's errors on the issue body: the planning phase, as `check-issue` sees it."""
    from policycheck.casestudy.issue import check_issue_body

    report = check_issue_body(issue.body, f"{issue.repository}#{issue.number}", policy)
    return tuple(f.message for f in report.active if f.severity == "error")


def check_release(context: BranchContext, policy: Policy, settings: Any, offline: bool) -> Report:
    """Findings of every `release` rule, plus check-case-study's findings on the candidates."""
    kind = classify(context.branch, context.base, context.title, policy)
    if kind.kind != RELEASE:
        return _finish(Report(), policy)
    changes, changes_from = _release_changes(context, settings, offline)
    fileset = policy.fileset("case_studies")
    wanted = {c.path: c.status for c in changes if c.status != "removed" and fileset.selects(c.path)}
    for path in _linked_reports(context.body or "", fileset.selects):
        wanted.setdefault(path, "linked")
    with _files_at_head(context) as files_root:
        candidates = tuple(_candidate(path, how, files_root, policy) for path, how in wanted.items())
    directory = policy.section("case_studies").get("directory", "docs/source/examples/case_studies")
    target = ReleaseTarget(context, kind, candidates, changes_from, directory)
    report = _run("release", target, branch_path(context), policy)
    winners = [c for c in candidates if c.ok(kind.version)]
    for candidate in winners[:1] or candidates:  # a passing report speaks for the release
        report.findings.extend(candidate.findings)
    report.files = len(candidates)
    return _finish(report, policy)


def _release_changes(context: BranchContext, settings: Any, offline: bool) -> tuple[tuple[Any, ...], str]:
    if context.pr_number and context.repository and settings.online and not offline:
        from policycheck.sources.github import GitHubClient

        files = GitHubClient(settings).pull_files(context.repository, int(context.pr_number))
        return files, f"the file list of pull request #{context.pr_number}"
    if context.changed_files is None:
        from policycheck.errors import ContextError

        raise ContextError(f"cannot list the release's changes: base branch {context.base!r} is not in this clone"
                           f" (fetch it: `git fetch origin {context.base}`), or pass --base")
    return context.changed_files, f"git diff {(context.start or '')[:12]}..{(context.head or '')[:12]}"


_MD_PATH = re.compile(r"[\w./%-]+\.md\b")


def _linked_reports(body: str, selects: Any) -> list[str]:
    """Report paths the PR body names, as paths or as blob URLs (`.../blob/<ref>/<path>`)."""
    found = []
    for match in _MD_PATH.finditer(body):
        text = match.group(0)
        if "/blob/" in text:
            text = text.split("/blob/", 1)[1].split("/", 1)[-1]
        text = text.removeprefix("./").lstrip("/")
        if selects(text):
            found.append(text)
    return list(dict.fromkeys(found))


class _files_at_head:
    """The folder holding the head's files: the work tree when it shows them, else an export."""

    def __init__(self, context: BranchContext):
        self.context = context
        self.temp: Any = None

    def __enter__(self) -> Path | None:
        context = self.context
        if context.root is None or context.head_in_worktree or context.head is None:
            return context.root
        import tempfile

        from policycheck.sources import git

        self.temp = tempfile.TemporaryDirectory(prefix="policycheck-head-")
        git.export_tree(context.root, context.head, Path(self.temp.name))
        return Path(self.temp.name)

    def __exit__(self, *exc: object) -> None:
        if self.temp is not None:
            self.temp.cleanup()


def _candidate(path: str, how: str, files_root: Path | None, policy: Policy) -> ReportCandidate:
    file = (files_root or policy.root) / path
    if not file.is_file():
        return ReportCandidate(path, how, exists=False)
    from policycheck.markdown.model import parse_document
    from policycheck.pipeline import check_files

    local = dataclasses.replace(policy, root=files_root or policy.root)
    doc = parse_document(file.read_text(encoding="utf-8", errors="replace"), str(file), local.root)
    findings = tuple(_relative(f, local.root) for f in check_files("case-study", [str(file)], local).findings)
    title = doc.title
    return ReportCandidate(
        path, how, exists=True, title_line=title.line if title else 1, version=title.version if title else None,
        version_start=title.version_start if title else None, version_end=title.version_end if title else None,
        videos=len(doc.videos), errors=tuple(f for f in findings if f.severity == "error" and f.waived is None),
        findings=findings)


def _relative(finding: Finding, root: Path) -> Finding:
    """Findings name files relative to the repository root, even when read from an export."""
    try:
        relpath = Path(finding.path).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return finding
    return dataclasses.replace(finding, path=relpath)


def _run(target_kind: str, target: Any, path: str, policy: Policy) -> Report:
    from policycheck import engine
    from policycheck.pipeline import CheckContext
    from policycheck.rules import rules_for

    ctx = CheckContext(policy, path, path)
    return Report(findings=engine.run_rules(rules_for(target_kind), target, ctx, path, policy))


def _finish(report: Report, policy: Policy) -> Report:
    from policycheck import engine

    return engine.finalize(report, policy)
