"""The engine: run rules on a target, stamp rule id and severity, apply waivers, sort.

Rules never print and never decide their own identity: they yield Facts, and the engine
turns each into a Finding with the rule's id and the severity the policy assigns.
"""
from __future__ import annotations

import datetime
import os
from collections.abc import Iterable
from types import ModuleType
from typing import Any

from policycheck.findings import Fact, Finding, Report
from policycheck.globs import match_glob
from policycheck.policy import Policy

OFF = "off"


def severity_for(rule: ModuleType | str, fact: Fact | None, policy: Policy) -> str:
    """Policy override first, then what the fact asks for, then the rule's default."""
    from policycheck.rules import RULES

    module = RULES[rule] if isinstance(rule, str) else rule
    override = policy.severity_override(module.ID)
    if override:
        return override
    if fact is not None and fact.severity:
        return fact.severity
    return module.SEVERITY


def stamp(rule: ModuleType | str, fact: Fact, path: str, policy: Policy) -> Finding | None:
    rule_id = rule if isinstance(rule, str) else rule.ID
    severity = severity_for(rule, fact, policy)
    if severity == OFF:
        return None
    return Finding(rule_id, severity, fact.path or path, max(1, fact.line), max(1, fact.column),
                   fact.message, fact.hint)


def run_rules(rules: Iterable[ModuleType], target: Any, ctx: Any, path: str, policy: Policy) -> list[Finding]:
    findings = []
    for rule in rules:
        if policy.severity_override(rule.ID) == OFF:
            continue  # skip the work too, not only the output
        for fact in rule.check(target, ctx):
            finding = stamp(rule, fact, path, policy)
            if finding is not None:
                findings.append(finding)
    return findings


def policy_today(policy: Policy) -> datetime.date:
    """Today in the policy's time zone (the team's calendar decides when a waiver expires)."""
    import zoneinfo

    name = policy.section("schedule").get("timezone") or "UTC"
    return datetime.datetime.now(zoneinfo.ZoneInfo(name)).date()


def apply_waivers(findings: list[Finding], policy: Policy, today: datetime.date | None = None) -> list[Finding]:
    """Mark the findings that a current policy waiver covers."""
    today = today or policy_today(policy)
    return [_waive(f, policy, today) for f in findings]


def finalize(report: Report, policy: Policy, today: datetime.date | None = None) -> Report:
    """Apply the policy's waivers, report expired ones, and sort: once per command."""
    today = today or policy_today(policy)
    findings = apply_waivers(report.findings, policy, today)
    for waiver in policy.waivers:
        if waiver.expired(today):
            fact = Fact(f"waiver for {waiver.rule} on {waiver.path!r} expired on {waiver.expires.isoformat()}"
                        f" and no longer applies (reason was: {waiver.reason})", waiver.line, 1,
                        hint="fix the findings it covered, or renew the waiver with a new expiry date")
            finding = stamp("policy-waiver-expired", fact, _display(policy.source), policy)
            if finding is not None:
                findings.append(finding)
    report.findings = sorted(findings, key=Finding.sort_key)
    return report


def _display(path: str) -> str:
    """A path as the other findings show it: relative to the working directory when below it."""
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative


def _waive(finding: Finding, policy: Policy, today: datetime.date) -> Finding:
    if finding.waived is not None:
        return finding
    relpath = policy.relpath(finding.path)
    for waiver in policy.waivers:
        if waiver.expired(today) or waiver.rule not in (finding.rule, "*"):
            continue
        if match_glob(waiver.path, relpath) or match_glob(waiver.path, finding.path):
            return finding.waive(waiver.reason)
    return finding
