"""Small constructors for tests that build findings and reports by hand."""
from __future__ import annotations

from collections import Counter

from policycheck.findings import FILE, Finding, Location, Report
from policycheck.pipeline import check_files
from policycheck.policy import Policy
from policycheck.runner import Runner


def finding(rule: str, severity: str, path: str, line: int, column: int, message: str, hint: str | None = None,
            waived: str | None = None, kind: str = FILE) -> Finding:
    return Finding(rule, severity, Location(kind, path, line, column), message, hint, waived)


def report(findings: list[Finding] | None = None, **checked: int) -> Report:
    return Report(findings=list(findings or []), checked=Counter(checked))


def run_files(kind: str, paths: list[str], policy: Policy) -> Report:
    """A file command's whole run (as `check-config` or `check-case-study` does it)."""
    runner = Runner(policy)
    runner.add(check_files(runner, kind, paths))
    return runner.finalize()
