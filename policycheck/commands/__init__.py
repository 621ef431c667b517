"""Click commands, one module per area. Commands only parse arguments, build the policy,
call the pipeline and hand the report to a reporter; they import heavy modules lazily."""
from __future__ import annotations

import sys
from typing import Any, Callable

import click

from policycheck.findings import Report
from policycheck.policy import Policy
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


def warn_if_nothing_checked(report: Report, paths: tuple[str, ...], policy: Policy, fileset: str) -> None:
    """Checking nothing must not look like passing: say why on stderr (the exit code stays 0)."""
    if report.files == 0 and not paths:
        click.echo(f"policycheck: warning: no files checked: the policy's {fileset}.include globs select none under"
                   f" {policy.root} (policy: {policy.source})", err=True)


def emit(report: Report, fmt: str, strict: bool) -> int:
    """Write the report to stdout in the chosen format; return the exit code."""
    get_reporter(fmt)(report, sys.stdout)
    return report.exit_code(strict)
