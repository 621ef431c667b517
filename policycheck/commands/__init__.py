"""Click commands, one module per area. A command parses its options, builds the policy and
a `Runner`, adds its checks, and returns the exit code from `finish` (the CLI's `main`
returns it); command bodies import their domains lazily, for start-up time."""
from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from policycheck.reporters import REPORTERS, get_reporter
from policycheck.reporters.text import escape_controls

if TYPE_CHECKING:
    from policycheck.runner import Runner

F = TypeVar("F", bound=Callable[..., Any])


def reporting_options(func: F) -> F:
    """--format, --policy and --strict, shared by every command that reports findings."""
    func = click.option("--strict", is_flag=True, help="Exit 1 on warnings too.")(func)
    func = click.option("--policy", "policy_path", metavar="FILE", type=click.Path(dir_okay=False),
                        help="Policy file (default: .policycheck.yaml found upwards from here).")(func)
    func = click.option("--format", "fmt", type=click.Choice(sorted(REPORTERS)), default="text",
                        show_default=True, help="Output format.")(func)
    return func


def finish(runner: Runner, fmt: str, strict: bool) -> int:
    """Finalize the run, say its notes on stderr, write the report to stdout in the chosen
    format, and return the exit code."""
    report = runner.finalize()
    context = click.get_current_context(silent=True)
    report.command = context.info_name if context else None  # SARIF's automation id names it
    for note in report.notes:
        click.echo(f"policycheck: {escape_controls(note)}", err=True)
    get_reporter(fmt)(report, sys.stdout)
    return report.exit_code(strict)
