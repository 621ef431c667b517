"""The file check: paths -> selected files -> loaded targets -> rules -> an Outcome.

Each kind of checked file names its policy file set, its suffixes and its loader (imported
lazily, so that a config check never imports the Markdown parser and vice versa). A check
runs on the command's `Runner` and returns an `Outcome`; the runner finalizes.
"""
from __future__ import annotations

import importlib
import os
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from policycheck import engine
from policycheck.checking import CheckContext
from policycheck.findings import Fact, Finding, Outcome, file_location
from policycheck.loaders import LoadFailure
from policycheck.loaders.files import TextFile, os_reason, read_text
from policycheck.policy import Policy
from policycheck.rules import rules_for

if TYPE_CHECKING:  # the runner imports this module
    from policycheck.runner import Runner


class Kind(NamedTuple):
    name: str  # the rules' TARGET
    fileset: str  # the policy section listing its globs
    suffixes: tuple[str, ...]
    loader: str  # "module:function", called as loader(text_file, ctx) -> target


KINDS = {
    "config": Kind("config", "configs", (".yaml", ".yml"), "policycheck.configs.document:load_config"),
    "case-study": Kind("case-study", "case_studies", (".md", ".markdown"),
                       "policycheck.markdown.target:load_case_study"),
}


@dataclass(eq=False, repr=False)
class Selection:
    files: list[str] = field(default_factory=list)
    unlisted: list[tuple[str, str]] = field(default_factory=list)  # (folder, why it cannot be listed)


def select_files(kind: Kind, paths: Sequence[str], policy: Policy, filter_by_policy: bool) -> Selection:
    """Named files as given (filtered by the policy's globs for hooks); folders expanded;
    no paths at all means every file the policy selects under the root. A folder that
    cannot be listed (no permission, a path too long for the system) is recorded, not skipped."""
    fileset = policy.fileset(kind.fileset)
    selection = Selection()
    if not paths:
        selection.files = _walk(policy.root, kind, policy, Path.cwd(), selection)
        return selection
    for path in paths:
        if os.path.isdir(path):
            found = _walk(Path(path), kind, policy, None, selection)
            selection.files.extend(found or [path])  # an empty folder is a finding (see check_file)
        elif not filter_by_policy or fileset.selects(policy.relpath(path)):
            selection.files.append(path)
    selection.files = list(dict.fromkeys(selection.files))
    return selection


def _walk(folder: Path, kind: Kind, policy: Policy, display_base: Path | None, selection: Selection) -> list[str]:
    fileset = policy.fileset(kind.fileset)
    found = []

    def unlisted(exc: OSError) -> None:
        name = exc.filename if isinstance(exc.filename, str) else str(folder)
        shown = os.path.relpath(name, display_base) if display_base and os.path.isabs(name) else name
        selection.unlisted.append((shown, os_reason(exc)))

    for dirpath, dirnames, filenames in os.walk(folder, onerror=unlisted):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d != "node_modules")
        for name in sorted(filenames):
            full = os.path.join(dirpath, name)
            if name.endswith(kind.suffixes) and fileset.selects(policy.relpath(full)):
                found.append(os.path.relpath(full, display_base) if display_base else full)
    return found


def _loader(kind: Kind) -> Callable[[TextFile, CheckContext], object]:
    module, _, func = kind.loader.partition(":")
    loader: Callable[[TextFile, CheckContext], object] = getattr(importlib.import_module(module), func)
    return loader


def check_file(runner: Runner, kind: Kind, path: str, text: TextFile | None = None,
               policy: Policy | None = None) -> list[Finding]:
    """One file's findings, before the policy's waivers. `text` is the file's content when
    the caller has it (a file read from a git revision); `policy` a variant of the run's
    policy (another root) for such files."""
    policy = policy or runner.policy
    where = file_location(path)
    ctx = CheckContext(policy, path, policy.relpath(path), runner)
    if text is None and os.path.isdir(path):
        fact = Fact(f"no files in this folder are selected by the policy's {kind.fileset}.include globs",
                    hint=f"policy: {policy.source}; repository root: {policy.root}")
        return [f for f in [engine.stamp("file-unreadable", fact, where, policy)] if f]
    findings: list[Finding] = []
    try:
        text = text or read_text(path, policy.max_file_bytes, policy.read_roots)
        findings += [f for rule, fact in text.notes if (f := engine.stamp(rule, fact, where, policy))]
        target = _loader(kind)(text, ctx)
    except LoadFailure as failure:
        finding = engine.stamp(failure.rule, failure.fact, where, policy)
        return findings + ([finding] if finding else [])
    findings += engine.run_rules(rules_for(kind.name), target, ctx, where)
    return apply_inline_waivers(target, findings)


def apply_inline_waivers(target: object, findings: list[Finding]) -> list[Finding]:
    """A target may carry its own waivers (Markdown comments): `waiver_for(finding) -> reason`."""
    waiver_for: Callable[[Finding], str | None] | None = getattr(target, "waiver_for", None)
    if waiver_for is None:
        return findings
    out = []
    for finding in findings:
        reason = waiver_for(finding) if finding.waived is None else None
        out.append(finding.waive(reason) if reason else finding)
    return out


def check_files(runner: Runner, kind_name: str, paths: Sequence[str], filter_by_policy: bool = False) -> Outcome:
    """The files of one kind that `paths` select (all the policy selects when none)."""
    kind = KINDS[kind_name]
    selection = select_files(kind, paths, runner.policy, filter_by_policy)
    files = selection.files
    outcome = Outcome(checked=Counter(file=len(files)))
    for folder, reason in selection.unlisted:
        fact = Fact(f"cannot list this folder: {reason}; its files are not checked")
        outcome.findings.extend(f for f in [engine.stamp("file-unreadable", fact, file_location(folder),
                                                         runner.policy)] if f)
    for path in files:
        outcome.findings.extend(check_file(runner, kind, path))
    if not files and not paths:
        outcome.notes.append(f"warning: no files checked: the policy's {kind.fileset}.include globs select none"
                             f" under {runner.policy.root} (policy: {runner.policy.source})")
    return outcome

