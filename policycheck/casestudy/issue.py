"""The planning-phase check of a case-study issue body (`check-issue`, and `check-branch` online).

Public API:

    check_issue_body(body: str, display_path: str, policy) -> policycheck.findings.Report
    issue_report(body: str, display_path: str, policy) -> policycheck.findings.Report

`check_issue_body` is a command's whole check (the policy's waivers applied, expired ones
reported, sorted: `engine.finalize`); `issue_report` is the same check before that step,
for a check nested in another command's run (as `pipeline.check_paths` is for files).

`body` is the issue's Markdown (a GitHub issue body; None or "" is an empty body),
`display_path` names it in findings (a file name, `-`, or `issue #123`). The body is parsed
into the case-study document model and checked by every rule with TARGET "issue": the
policy's `issues.sections` (the planning phase's required information) present, not empty,
not placeholder text; inline waivers apply as in reports. Never raises on odd input.
"""
from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from typing import IO, Any

from policycheck import engine
from policycheck.errors import UsageError
from policycheck.findings import Fact, Finding, Report

_CHUNK = 1 << 16


def check_issue_body(body: str | None, display_path: str, policy: Any,
                     notes: Iterable[tuple[str, Fact]] = ()) -> Report:
    """`notes` are findings from loading the body (a byte order mark), reported with it."""
    return engine.finalize(issue_report(body, display_path, policy, notes), policy)


def issue_report(body: str | None, display_path: str, policy: Any,
                 notes: Iterable[tuple[str, Fact]] = ()) -> Report:
    """The issue rules' findings, inline waivers applied; not finalized (see the module doc)."""
    from policycheck.markdown.target import make_target
    from policycheck.checking import CheckContext
    from policycheck.rules import rules_for

    body = body or ""
    size = len(body.encode("utf-8", "surrogatepass"))
    if size > policy.max_file_bytes:
        return _one_finding(*_too_large_fact(size, policy), display_path, policy)
    report = Report(files=1)
    loaded = [f for rule, fact in notes if (f := engine.stamp(rule, fact, display_path, policy))]
    ctx = CheckContext(policy, display_path, display_path)
    target = make_target(body.lstrip("\ufeff"), display_path, ctx, "issues")
    findings = loaded + engine.run_rules(rules_for("issue"), target, ctx, display_path, policy)
    report.findings = [_waive(target, f) for f in findings]
    return report


def check_issue_file(path: str, policy: Any, display_path: str | None = None) -> Report:
    """`check-issue --body-file FILE`: the file is read as `check-case-study` reads a report
    (`loaders.files.read_text`): binary or invalid UTF-8 is a `file-encoding` finding, a BOM
    a warning, an oversized file `file-too-large` with its real size. A path that is no
    readable file is a usage error (the command line names it)."""
    from policycheck.loaders import LoadFailure
    from policycheck.loaders.files import read_text

    shown = display_path or path
    try:
        text = read_text(path, policy.max_file_bytes)
    except LoadFailure as failure:
        if failure.rule == "file-unreadable":
            raise UsageError(f"{shown}: {failure.fact.message}") from None
        return engine.finalize(_one_finding(failure.rule, failure.fact, shown, policy), policy)
    return check_issue_body(text.text, shown, policy, text.notes)


def check_issue_stream(stream: IO[bytes], display_path: str, policy: Any) -> Report:
    """`check-issue --body-file -`: standard input, checked exactly as a file would be.

    Reads at most the size limit into memory (the rest is only counted, for the message),
    then hands the bytes to the same loader as files through a private temporary file.
    """
    limit = policy.max_file_bytes
    kept = bytearray()
    size = 0
    while chunk := stream.read(_CHUNK):
        size += len(chunk)
        if len(kept) <= limit:
            kept += chunk[: limit + 1 - len(kept)]
    if size > limit:
        return too_large(size, display_path, policy)
    with tempfile.TemporaryDirectory(prefix="policycheck-") as folder:
        path = os.path.join(folder, "body.md")
        with open(path, "wb") as handle:
            handle.write(kept)
        return check_issue_file(path, policy, display_path)


def too_large(size: int, display_path: str, policy: Any) -> Report:
    """The real size, never the number of bytes read before giving up."""
    return engine.finalize(_one_finding(*_too_large_fact(size, policy), display_path, policy), policy)


def _too_large_fact(size: int, policy: Any) -> tuple[str, Fact]:
    message = f"issue body is {size} bytes, over the policy's limit of {policy.max_file_bytes} bytes"
    return "file-too-large", Fact(message, hint="raise limits.max_file_bytes in the policy file if this size is intended")


def _one_finding(rule: str, fact: Fact, display_path: str, policy: Any) -> Report:
    """Not finalized: callers finalize (or not, for a nested check)."""
    report = Report(files=1)
    finding = engine.stamp(rule, fact, display_path, policy)
    report.findings = [finding] if finding else []
    return report


def _waive(target: Any, finding: Finding) -> Finding:
    """An inline waiver in the body, as `pipeline` applies them to files."""
    reason = target.waiver_for(finding) if finding.waived is None else None
    return finding.waive(reason) if reason else finding
