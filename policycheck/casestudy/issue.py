"""The planning-phase check of a case-study issue body (`check-issue`, and `check-branch` online).

Public API:

    check_issue_body(body: str, display_path: str, policy) -> policycheck.findings.Report

`body` is the issue's Markdown (a GitHub issue body; None or "" is an empty body),
`display_path` names it in findings (a file name, `-`, or `issue #123`). The body is parsed
into the case-study document model and checked by every rule with TARGET "issue": the
policy's `issues.sections` (the planning phase's required information) present, not empty,
not placeholder text; inline waivers apply as in reports. Never raises on odd input.
"""
from __future__ import annotations

from typing import Any

from policycheck import engine
from policycheck.findings import Fact, Finding, Report


def check_issue_body(body: str | None, display_path: str, policy: Any) -> Report:
    from policycheck.markdown.target import make_target
    from policycheck.pipeline import CheckContext
    from policycheck.rules import rules_for

    body = body or ""
    report = Report(files=1)
    size = len(body.encode("utf-8", "surrogatepass"))
    if size > policy.max_file_bytes:
        fact = Fact(f"issue body is {size} bytes, over the policy's limit of {policy.max_file_bytes} bytes",
                    hint="raise limits.max_file_bytes in the policy file if this size is intended")
        finding = engine.stamp("file-too-large", fact, display_path, policy)
        report.findings = [finding] if finding else []
        return engine.finalize(report, policy)
    ctx = CheckContext(policy, display_path, display_path)
    target = make_target(body.lstrip("\ufeff"), display_path, ctx, "issues")
    findings = engine.run_rules(rules_for("issue"), target, ctx, display_path, policy)
    report.findings = [_waive(target, f) for f in findings]
    return engine.finalize(report, policy)


def _waive(target: Any, finding: Finding) -> Finding:
    reason = target.waiver_for(finding) if finding.waived is None else None
    return Finding(**{**finding.__dict__, "waived": reason}) if reason else finding
