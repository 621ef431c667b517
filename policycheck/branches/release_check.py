"""The release check: the release's changes, its reports at the head, and the `release` rules.

`check_release` lists the release's changes (git, or the PR's file list on GitHub), reads
each candidate report at the head (the work tree, or an export of the head commit) and runs
`check-case-study` on it, then hands a `ReleaseTarget` to the rules.
"""
from __future__ import annotations

import contextlib
import dataclasses
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from policycheck.branches.branch_check import BranchResult, _finish, _run
from policycheck.branches.classify import classify_context
from policycheck.branches.context import BranchContext
from policycheck.branches.targets import RELEASE, ReleaseTarget, ReportCandidate, branch_path
from policycheck.findings import Finding, Report
from policycheck.policy import Policy


def check_release(context: BranchContext, policy: Policy, settings: Any, offline: bool) -> BranchResult:
    """Findings of every `release` rule, plus check-case-study's findings on the candidates."""
    kind = classify_context(context, policy)
    if kind.kind != RELEASE:
        return BranchResult(_finish(Report(), policy), kind,
                            f"{context.branch}: not a release ({kind.kind} branch); nothing to check")
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
    own = [c for c in candidates if c.exists and c.readable and c.names(kind.version)]
    # A passing report speaks for the release; else this release's own reports, whose
    # failures are what to fix; only with neither do the other touched reports matter.
    for candidate in winners[:1] or own or candidates:
        report.findings.extend(candidate.findings)
    report.files = len(candidates)
    return BranchResult(_finish(report, policy), kind)


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


@contextlib.contextmanager
def _files_at_head(context: BranchContext) -> Iterator[Path | None]:
    """The folder holding the head's files: the work tree when it shows them, else an export
    of the head commit in a temporary folder, removed however the export or the checks end."""
    if context.root is None or context.head_in_worktree or context.head is None:
        yield context.root
        return
    import shutil
    import tempfile

    from policycheck.sources import git

    folder = Path(tempfile.mkdtemp(prefix="policycheck-head-"))
    try:
        git.export_tree(context.root, context.head, folder)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _candidate(path: str, how: str, files_root: Path | None, policy: Policy) -> ReportCandidate:
    """One report at the head: check-case-study's findings, and its title and videos.

    The report is read with the policy's `limits.max_file_bytes`, as check-case-study reads
    it; one that cannot be read (too large, binary, not UTF-8) is a candidate whose load
    failure is its finding, with no title or video to judge.
    """
    file = (files_root or policy.root) / path
    if not file.is_file():
        return ReportCandidate(path, how, exists=False)
    from policycheck import engine
    from policycheck.loaders import LoadFailure
    from policycheck.loaders.files import read_text
    from policycheck.pipeline import check_paths

    local = dataclasses.replace(policy, root=files_root or policy.root)
    # Not finalized here: the release's report is, once. The policy's waivers are applied
    # now (against the export's root) because they decide whether the report passes.
    checked = engine.apply_waivers(check_paths("case-study", [str(file)], local).findings, local)
    findings = tuple(_relative(f, local.root) for f in checked)
    errors = tuple(f for f in findings if f.severity == "error" and f.waived is None)
    try:
        text = read_text(str(file), local.max_file_bytes).text
    except LoadFailure:  # check_paths reported why; there is no title or video to read
        return ReportCandidate(path, how, exists=True, readable=False, errors=errors, findings=findings)
    from policycheck.markdown.model import parse_document

    doc = parse_document(text, str(file), local.root)
    title = doc.title
    return ReportCandidate(
        path, how, exists=True, title_line=title.line if title else 1, version=title.version if title else None,
        version_start=title.version_start if title else None, version_end=title.version_end if title else None,
        videos=len(doc.videos), errors=errors, findings=findings)


def _relative(finding: Finding, root: Path) -> Finding:
    """Findings name files relative to the repository root, even when read from an export."""
    try:
        relpath = Path(finding.path).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return finding
    return dataclasses.replace(finding, path=relpath)
