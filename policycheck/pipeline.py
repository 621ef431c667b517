"""One pipeline for file checks: paths -> selected files -> loaded targets -> rules -> report.

Each kind of checked file names its policy file set, its suffixes and its loader (imported
lazily, so that a config check never imports the Markdown parser and vice versa).
"""
from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from policycheck import engine
from policycheck.checking import CheckContext
from policycheck.findings import ERROR, Fact, Finding, Report
from policycheck.loaders import LoadFailure
from policycheck.loaders.files import read_text
from policycheck.policy import Policy
from policycheck.rules import rules_for


@dataclass(frozen=True)
class Kind:
    name: str  # the rules' TARGET
    fileset: str  # the policy section listing its globs
    suffixes: tuple[str, ...]
    loader: str  # "module:function", called as loader(text_file, ctx) -> target


KINDS = {
    "config": Kind("config", "configs", (".yaml", ".yml"), "policycheck.configs.document:load_config"),
    "case-study": Kind("case-study", "case_studies", (".md", ".markdown"), "policycheck.markdown.target:load_case_study"),
}


class _Memo:
    """Nested config checks, once per run (the runner will own this)."""

    def __init__(self, policy: Policy, memo: dict[str, list[Finding]]) -> None:
        self.policy, self.memo = policy, memo

    def config_errors(self, path: str) -> list[Finding]:
        key = os.path.realpath(path)
        if key not in self.memo:
            findings = engine.apply_waivers(check_file(KINDS["config"], path, self.policy, self.memo), self.policy)
            self.memo[key] = [f for f in findings if f.severity == ERROR and f.waived is None]
        return self.memo[key]


def select_files(kind: Kind, paths: list[str], policy: Policy, filter_by_policy: bool) -> list[str]:
    """Named files as given (filtered by the policy's globs for hooks); folders expanded;
    no paths at all means every file the policy selects under the root."""
    fileset = policy.fileset(kind.fileset)
    if not paths:
        return _walk(policy.root, kind, policy, display_base=Path.cwd())
    selected: list[str] = []
    for path in paths:
        if os.path.isdir(path):
            found = _walk(Path(path), kind, policy, display_base=None)
            selected.extend(found or [path])  # an empty folder is a finding (see check_file)
        elif not filter_by_policy or fileset.selects(policy.relpath(path)):
            selected.append(path)
    return list(dict.fromkeys(selected))


def _walk(folder: Path, kind: Kind, policy: Policy, display_base: Path | None) -> list[str]:
    fileset = policy.fileset(kind.fileset)
    found = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d != "node_modules")
        for name in sorted(filenames):
            full = os.path.join(dirpath, name)
            if name.endswith(kind.suffixes) and fileset.selects(policy.relpath(full)):
                found.append(os.path.relpath(full, display_base) if display_base else full)
    return found


def _loader(kind: Kind) -> Callable[..., Any]:
    module, _, func = kind.loader.partition(":")
    return getattr(importlib.import_module(module), func)


def check_file(kind: Kind, path: str, policy: Policy, memo: dict[str, list[Finding]] | None = None) -> list[Finding]:
    """One file's findings, before the policy's waivers (see check_files)."""
    ctx = CheckContext(policy, path, policy.relpath(path), _Memo(policy, {} if memo is None else memo))
    findings: list[Finding] = []
    if os.path.isdir(path):
        fact = Fact(f"no files in this folder are selected by the policy's {kind.fileset}.include globs",
                    hint=f"policy: {policy.source}; repository root: {policy.root}")
        return [f for f in [engine.stamp("file-unreadable", fact, path, policy)] if f]
    try:
        text = read_text(path, policy.max_file_bytes)
        findings += [f for rule, fact in text.notes if (f := engine.stamp(rule, fact, path, policy))]
        target = _loader(kind)(text, ctx)
    except LoadFailure as failure:
        finding = engine.stamp(failure.rule, failure.fact, path, policy)
        return findings + ([finding] if finding else [])
    findings += engine.run_rules(rules_for(kind.name), target, ctx, path, policy)
    return _apply_inline_waivers(target, findings)


def _apply_inline_waivers(target: Any, findings: list[Finding]) -> list[Finding]:
    """A target may carry its own waivers (Markdown comments): `waiver_for(finding) -> reason`."""
    waiver_for = getattr(target, "waiver_for", None)
    if waiver_for is None:
        return findings
    out = []
    for finding in findings:
        reason = waiver_for(finding) if finding.waived is None else None
        out.append(finding.waive(reason) if reason else finding)
    return out


def check_paths(kind_name: str, paths: list[str], policy: Policy, filter_by_policy: bool = False) -> Report:
    """Check files without finalizing: for a check nested in another command's run."""
    kind = KINDS[kind_name]
    files = select_files(kind, paths, policy, filter_by_policy)
    report = Report(files=len(files))
    memo: dict[str, list[Finding]] = {}
    for path in files:
        report.findings.extend(check_file(kind, path, policy, memo))
    return report


def check_files(kind_name: str, paths: list[str], policy: Policy, filter_by_policy: bool = False) -> Report:
    """A command's whole file check: findings with the policy's waivers applied, sorted."""
    return engine.finalize(check_paths(kind_name, paths, policy, filter_by_policy), policy)
