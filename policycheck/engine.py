"""The engine: run rules on a target, stamp rule id and severity, apply the policy's waivers.

Rules never print and never decide their own identity: they yield Facts, and the engine
turns each into a Finding with the rule's id, the severity the policy assigns and a typed
location. The check runner (`policycheck.runner`) calls these; nothing else finalizes.
"""
from __future__ import annotations

import dataclasses
import datetime
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Protocol

from policycheck.checking import MAX_PER_FILE, CheckContext
from policycheck.findings import FILE, Fact, Finding, Location
from policycheck.globs import match_glob
from policycheck.policy import Policy, Waiver
from policycheck.rules import RULES, RuleModule

OFF = "off"


def severity_for(rule: RuleModule, fact: Fact | None, policy: Policy) -> str:
    """Policy override first, then what the fact asks for, then the rule's default."""
    override = policy.severity_override(rule.ID)
    if override:
        return override
    if fact is not None and fact.severity:
        return fact.severity
    return rule.SEVERITY


def stamp(rule: RuleModule | str, fact: Fact, where: Location, policy: Policy) -> Finding | None:
    """The finding for one fact at `where` (the target's location), or None when the policy
    turns the rule off. A fact naming another place (`Fact.path`) is reported there."""
    module = RULES[rule] if isinstance(rule, str) else rule
    severity = severity_for(module, fact, policy)
    if severity == OFF:
        return None
    if isinstance(fact.path, Location):
        base = fact.path
    elif fact.path:
        base = Location(FILE, fact.path)  # a fact names another place by its file path
    else:
        base = where
    location = base.at(fact.line, fact.column, fact.end_line, fact.end_column)
    return Finding(module.ID, severity, location, fact.message, fact.hint, key=fact.key, fix=fact.fix)


class _Checkable(Protocol):
    def __call__(self, target: object, ctx: CheckContext) -> Iterable[Fact]: ...


def run_rules(rules: Iterable[RuleModule], target: object, ctx: CheckContext, where: Location) -> list[Finding]:
    """Every fact of every rule that applies, stamped, up to MAX_PER_FILE per rule and place
    (then one finding says how many more); a rule the policy turns off is not run."""
    findings = []
    for rule in rules:
        if ctx.policy.severity_override(rule.ID) == OFF or rule.check is None:
            continue  # skip the work too, not only the output
        shown: Counter[str] = Counter()
        hidden: dict[str, tuple[Fact, int]] = {}  # place -> (first fact not shown, how many)
        for fact in rule.check(target, ctx):
            name = _place_name(fact, where)
            if shown[name] >= MAX_PER_FILE:
                first, count = hidden.get(name, (fact, 0))
                hidden[name] = (first, count + 1)
            elif (finding := stamp(rule, fact, where, ctx.policy)) is not None:
                findings.append(finding)
                shown[name] += 1
        findings += [f for first, count in hidden.values() if (f := _more(rule, first, count, where, ctx.policy))]
    return findings


def _place_name(fact: Fact, where: Location) -> str:
    if isinstance(fact.path, Location):
        return fact.path.name
    return fact.path or where.name


def _more(rule: RuleModule, first: Fact, count: int, where: Location, policy: Policy) -> Finding | None:
    """One finding for the `count` facts past the cap, where the first of them stands: a file
    with half a million unknown keys must not make a report of half a million lines."""
    fact = dataclasses.replace(
        first, message=f"{count} more {rule.ID} finding{'s' if count != 1 else ''} here, from this line on,"
                       f" not listed (only the first {MAX_PER_FILE} are)",
        hint="fix the findings shown and run again to see the rest", key=f"{rule.ID} more")
    return stamp(rule, fact, where, policy)


def policy_today(policy: Policy) -> datetime.date:
    """Today in the policy's time zone (the team's calendar decides when a waiver expires)."""
    import zoneinfo  # the time-zone database: only for a policy with waivers (see Runner.today)

    return datetime.datetime.now(zoneinfo.ZoneInfo(policy.timezone)).date()


def apply_waivers(findings: Iterable[Finding], policy: Policy, today: datetime.date) -> list[Finding]:
    """Mark the findings that a current policy waiver covers."""
    return [_waive(f, policy, today) for f in findings]


def expired_waivers(policy: Policy, today: datetime.date) -> Iterator[Finding]:
    """One `policy-waiver-expired` finding per expired waiver, at its line in the policy."""
    for waiver in policy.waivers:
        if waiver.expired(today):
            finding = stamp("policy-waiver-expired", _expiry_fact(waiver), policy.location, policy)
            if finding is not None:
                yield finding


def _expiry_fact(waiver: Waiver) -> Fact:
    return Fact(f"waiver for {waiver.rule} on {waiver.path!r} expired on {waiver.expires.isoformat()}"
                f" and no longer applies (reason was: {waiver.reason})", waiver.line, 1,
                hint="fix the findings it covered, or renew the waiver with a new expiry date",
                key=f"{waiver.rule} {waiver.path} {waiver.expires.isoformat()}")


def _waive(finding: Finding, policy: Policy, today: datetime.date) -> Finding:
    if finding.waived is not None:
        return finding
    names = _waiver_names(finding, policy)
    for waiver in policy.waivers:
        if waiver.expired(today) or waiver.rule not in (finding.rule, "*"):
            continue
        if any(match_glob(waiver.path, name) for name in names):
            return finding.waive(waiver.reason)
    return finding


def _waiver_names(finding: Finding, policy: Policy) -> tuple[str, ...]:
    """What a waiver's path glob is matched against: a file relative to the root (and as
    named); a branch, commit, body or issue by the name the text output shows."""
    location = finding.location
    if location.is_file:
        return (policy.relpath(location.name), location.name)
    return (location.display(),)
