"""The release check: the release's changes, its reports at the head, and the `release` rules.

`check_release` lists the release's changes (git, or the PR's file list on GitHub), reads
each candidate report at the head (the work tree, or an export of the head commit) and runs
`check-case-study` on it, then hands a `ReleaseTarget` to the rules.
"""
from __future__ import annotations

import contextlib
import dataclasses
import posixpath
import re
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from policycheck.branches.branch_check import run_branch_rules
from policycheck.branches.classify import classify_context
from policycheck.branches.context import BranchContext
from policycheck.branches.targets import RELEASE, ReleaseTarget, ReportCandidate
from policycheck.errors import ContextError
from policycheck.findings import FILE, Finding, Outcome
from policycheck.loaders import LoadFailure
from policycheck.loaders.files import is_file, read_text
from policycheck.markdown.model import CaseStudyDocument, parse_document
from policycheck.pipeline import KINDS, check_file
from policycheck.policy import Policy
from policycheck.sources import git
from policycheck.sources.git import ChangedFile

if TYPE_CHECKING:
    from policycheck.runner import Runner


def check_release(runner: Runner, context: BranchContext) -> Outcome:
    """Findings of every `release` rule, plus check-case-study's findings on the release's
    own report (or reports): what it examined is what it counts."""
    policy = runner.policy
    kind = classify_context(context, policy)
    if kind.kind != RELEASE:
        return Outcome(checked=Counter(branch=1),
                       notes=[f"{context.branch}: not a release ({kind.kind} branch); nothing to check"])
    changes, changes_from = release_changes(runner, context)
    fileset = policy.fileset("case_studies")
    wanted = {c.path: c.status for c in changes if c.status != "removed" and fileset.selects(c.path)}
    for path in _linked_reports(context.body or "", fileset.selects):
        wanted.setdefault(path, "linked")
    with files_at_head(context, list(wanted), policy) as files_root:
        candidates = tuple(_candidate(runner, path, how, files_root) for path, how in wanted.items())
    directory = policy.settings.reports.directory
    target = ReleaseTarget(context, kind, candidates, changes_from, directory)
    outcome = Outcome(run_branch_rules(runner, "release", target, context))
    winners = [c for c in candidates if c.ok(kind.version)]
    own = [c for c in candidates if c.exists and c.readable and c.names(kind.version)]
    # A passing report speaks for the release; else this release's own reports, whose
    # failures are what to fix; only with neither do the other touched reports matter.
    examined = winners[:1] or own or list(candidates)
    for candidate in examined:
        outcome.findings.extend(candidate.findings)
    reports = [c for c in examined if c.exists]
    outcome.checked = Counter(file=len(reports)) if reports else Counter(branch=1)
    if reports:
        why = ("its passing report" if winners else "its own reports" if own
               else f"the reports it changes; none is for v{kind.version}")
        outcome.notes.append(f"{context.branch}: release v{kind.version} ({changes_from}): examined"
                             f" {', '.join(c.path for c in reports)} ({why})")
    return outcome


def release_changes(runner: Runner, context: BranchContext) -> tuple[tuple[ChangedFile, ...], str]:
    """The files a release changes, and where that list came from (for messages): the PR's
    file list on GitHub when online, else git's diff of the base and the head."""
    if context.pr_number and context.repository and runner.online:
        files = runner.github().pull_files(context.repository, int(context.pr_number))
        return files, f"the file list of pull request #{context.pr_number}"
    if context.changed_files is None:
        raise ContextError(f"cannot list the release's changes: base branch {context.base!r} is not in this clone"
                           f" (fetch it: `git fetch origin {context.base}`), or pass --base")
    diff = f"git diff {(context.start or '')[:12]}..{(context.head or '')[:12]}"
    if context.merged_by:
        diff += f": the merge that brought {context.branch} into {context.base}"
    return context.changed_files, diff


_PATH_RUN = re.compile(r"[\w./%-]+")
_WORD_CHAR = re.compile(r"\w")


def _md_paths(body: str) -> Iterator[str]:
    """What `[\\w./%-]+\\.md\\b` finds, in linear time: that pattern backtracks over the whole
    run of path characters from every start (quadratic: a megabyte of letters never ended).
    In each run of path characters, the path is the run up to its last `.md` at a word's end."""
    for run in _PATH_RUN.finditer(body):
        text = run.group(0)
        end = text.rfind(".md")
        while end > 0 and _WORD_CHAR.match(text, end + 3):
            end = text.rfind(".md", 0, end)
        if end > 0:
            yield text[:end + 3]


def _linked_reports(body: str, selects: Any) -> list[str]:
    """Report paths the PR body names, as paths or as blob URLs (`.../blob/<ref>/<path>`)."""
    found = []
    for text in _md_paths(body):
        if "/blob/" in text:
            text = text.split("/blob/", 1)[1].split("/", 1)[-1]
        text = text.removeprefix("./").lstrip("/")
        if selects(text):
            found.append(text)
    return list(dict.fromkeys(found))


@contextlib.contextmanager
def files_at_head(context: BranchContext, reports: Sequence[str], policy: Policy) -> Iterator[Path | None]:
    """The folder holding what checking `reports` at the head reads: the work tree when it
    shows the head, else a temporary folder with only those files (`export_reports`),
    removed however the export or the checks end."""
    if context.root is None or context.head_in_worktree or context.head is None:
        yield context.root
        return
    folder = Path(tempfile.mkdtemp(prefix="policycheck-head-"))
    try:
        export_reports(context.root, context.head, reports, folder, policy)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def export_reports(root: Path, rev: str, reports: Sequence[str], folder: Path, policy: Policy) -> None:
    """Write the reports as they are at `rev` under `folder`, with the files they name that
    exist there (links, images, configs, the policy's template and schema): what
    check-case-study reads, and nothing else of the tree. Files those files name in turn (a
    config's media paths) are not followed."""
    tree = git.tree_files(root, rev)
    present = [path for path in dict.fromkeys(reports) if path in tree]
    git.export_blobs(root, [(tree[path], path) for path in present], folder)
    named = {p for p in (policy.settings.reports.template, policy.settings.reports.schema) if p}
    for path in present:
        try:
            text = read_text(str(folder / path), policy.max_file_bytes, (folder,)).text
        except LoadFailure:
            continue  # the check reports why; it names nothing to read
        named |= _named_paths(parse_document(text, str(folder / path), folder), path, tree)
    extra = sorted(p for p in named if p in tree and p not in present)
    git.export_blobs(root, [(tree[path], path) for path in extra], folder)


def _named_paths(doc: CaseStudyDocument, report: str, tree: Mapping[str, str]) -> set[str]:
    """Repository paths a report's links, images and config references may mean."""
    folder = posixpath.dirname(report)
    named: set[str] = set()
    for link in (*doc.links, *doc.images):
        url = unquote(link.url.split("#", 1)[0].split("?", 1)[0])
        if url and "://" not in url and not url.startswith(("mailto:", "#")):
            named.add(_normal(url.lstrip("/")) if url.startswith("/") else _normal(posixpath.join(folder, url)))
    for ref in doc.config_refs:
        if ref.form == "examples":
            name = ref.text.removeprefix("@examples/")
            names = (name,) if name.endswith((".yaml", ".yml")) else (f"{name}.yaml", f"{name}.yml")
            named |= {p for p in tree if p.startswith("massgen/configs/") and p.endswith(tuple(f"/{n}" for n in names))}
        else:
            named |= {_normal(ref.text), _normal(posixpath.join(folder, ref.text))}
    return named


def _normal(path: str) -> str:
    return posixpath.normpath(path).removeprefix("./")


def _candidate(runner: Runner, path: str, how: str, files_root: Path | None) -> ReportCandidate:
    """One report at the head: check-case-study's findings, and its title and videos.

    The report is read with the policy's `limits.max_file_bytes`, as check-case-study reads
    it; one that cannot be read (too large, binary, not UTF-8) is a candidate whose load
    failure is its finding, with no title or video to judge.
    """
    policy = runner.policy
    file = (files_root or policy.root) / path
    if not is_file(file):
        return ReportCandidate(path, how, exists=False)
    local = dataclasses.replace(policy, root=files_root or policy.root)
    # Findings name the report relative to the repository root, even when read from an
    # export; the policy's waivers decide whether it passes, so the verdict uses them.
    checked = [_relative(f, local) for f in check_file(runner, KINDS["case-study"], str(file), policy=local)]
    errors = tuple(runner.blocking(checked))
    try:
        text = read_text(str(file), local.max_file_bytes, local.read_roots).text
    except LoadFailure:  # check_file reported why; there is no title or video to read
        return ReportCandidate(path, how, exists=True, readable=False, errors=errors, findings=tuple(checked))
    doc = parse_document(text, str(file), local.root)
    title = doc.title
    return ReportCandidate(
        path, how, exists=True, title_line=title.line if title else 1, version=title.version if title else None,
        version_start=title.version_start if title else None, version_end=title.version_end if title else None,
        videos=len(doc.videos), errors=errors, findings=tuple(checked))


def _relative(finding: Finding, policy: Policy) -> Finding:
    """Findings name files relative to the repository root, even when read from an export."""
    location = finding.location
    relpath = policy.relpath(location.name)
    if location.kind != FILE or relpath.startswith("/"):
        return finding
    return dataclasses.replace(finding, location=dataclasses.replace(location, name=relpath))
