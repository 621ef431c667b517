"""Small constructors for tests that build findings and reports by hand, and the command line
run in this process."""
from __future__ import annotations

import contextlib
import io
from collections import Counter

from policycheck.cli import main
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


def run_in_process(*args: str) -> tuple[int, str, str]:
    """`policycheck ARGS` through `cli.main` in this process: (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()
