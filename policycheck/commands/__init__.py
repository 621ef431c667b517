"""Click commands, one module per area. Commands only parse arguments, build the policy,
call the pipeline and hand the report to a reporter; they import heavy modules lazily."""
from __future__ import annotations

import sys
from typing import Any, Callable

import click

from policycheck.findings import Report
from policycheck.reporters import REPORTERS, get_reporter

F = Callable[..., Any]


def reporting_options(func: F) -> F:
    """--format, --policy and --strict, shared by every command that reports findings."""
    func = click.option("--strict", is_flag=True, help="Exit 1 on warnings too.")(func)
    func = click.option("--policy", "policy_path", metavar="FILE", type=click.Path(dir_okay=False),
                        help="Policy file (default: .policycheck.yaml found upwards from here).")(func)
    func = click.option("--format", "fmt", type=click.Choice(sorted(REPORTERS)), default="text",
                        show_default=True, help="Output format.")(func)
    return func


def emit(report: Report, fmt: str, strict: bool) -> int:
    """Write the report to stdout in the chosen format; return the exit code."""
    get_reporter(fmt)(report, sys.stdout)
    return report.exit_code(strict)
