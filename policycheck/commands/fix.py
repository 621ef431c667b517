"""`policycheck fix`: apply the fixes the rules declare, then say what is left for a person."""
from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

import click

from policycheck.errors import UsageError

if TYPE_CHECKING:
    from policycheck.findings import Finding, Outcome, Report
    from policycheck.fixes import FilePlan
    from policycheck.policy import Policy
    from policycheck.runner import Runner


@click.command("fix")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--diff", is_flag=True, help="Print the fixes as a unified diff and write nothing.")
@click.option("--rule", "rules", multiple=True, metavar="RULE", help="Only this rule's fixes (repeatable).")
@click.option("--unsafe", is_flag=True, help="Also apply the fixes that change what MassGen does.")
@click.option("--filter-by-policy", is_flag=True,
              help="Skip named files that the policy's config and case-study globs do not select (the hook does this).")
@click.option("--strict", is_flag=True, help="Exit 1 when warnings are left too.")
@click.option("--policy", "policy_path", metavar="FILE", type=click.Path(dir_okay=False),
              help="Policy file (default: .policycheck.yaml found upwards from here).")
def fix(paths: tuple[str, ...], diff: bool, rules: tuple[str, ...], unsafe: bool, filter_by_policy: bool,
        strict: bool, policy_path: str | None) -> int:
    """Repair what is mechanical in configs and case-study reports, keeping every other byte.

    Checks PATHS as check-config and check-case-study do (no PATHS: every file the policy
    selects), applies the safe fixes the findings carry (`--unsafe`: all of them), prints one
    line per fix and then the findings left for a person.
    """
    from policycheck import fixes
    from policycheck.policy import load_policy
    from policycheck.rules import RULES

    unknown = [rule for rule in rules if rule not in RULES]
    if unknown:
        raise UsageError(f"unknown rule {unknown[0]!r}; `policycheck explain` lists them")
    policy = load_policy(policy_path)
    report = _check(policy, paths, filter_by_policy, notes=True)
    plans = fixes.plan_fixes(f for f in report.active if fixes.wanted(f, rules, unsafe))
    for plan in plans:
        for finding, reason in plan.deferred:
            click.echo(f"policycheck: {_where(finding)}: {finding.rule}: fix not applied: {reason}", err=True)
    if diff:
        return _show_diff(plans, report, strict)
    written = _write(plans)
    # What is left is what the checks find now: the fixes made are checked too.
    left = _check(policy, paths, filter_by_policy, notes=False) if written else report
    fixed = sum(len(plan.applied) for plan in plans if plan.path in written)
    unwritten = sum(1 for plan in plans if plan.changed and plan.path not in written)
    return _say_left(left.active, fixed, len(written), strict, unwritten)


def _where(finding: Finding) -> str:
    return f"{finding.path}:{finding.line}:{finding.column}"


def _check(policy: Policy, paths: Sequence[str], filter_by_policy: bool, notes: bool) -> Report:
    """The findings of check-config and check-case-study on `paths`, in one run. A named file
    goes to the check of its suffix; a folder (or no path) to both."""
    from policycheck.runner import Runner

    runner = Runner(policy)
    outcomes = [runner.add(outcome) for outcome in _outcomes(runner, paths, filter_by_policy)]
    for outcome in outcomes:
        # A kind's "no files checked" matters only when the other kind checked none either.
        if not notes or any(other.checked["file"] for other in outcomes):
            outcome.notes.clear()
    report = runner.finalize()
    for note in report.notes:
        click.echo(f"policycheck: {note}", err=True)
    return report


def _outcomes(runner: Runner, paths: Sequence[str], filter_by_policy: bool) -> list[Outcome]:
    from policycheck.pipeline import KINDS, check_files, select_files

    if not paths:
        return [check_files(runner, name, ()) for name in KINDS]
    chosen = {name: [p for p in select_files(kind, paths, runner.policy, filter_by_policy).files
                     if not os.path.isdir(p) and p.lower().endswith(kind.suffixes)]
              for name, kind in KINDS.items()}
    if not any(chosen.values()):  # nothing to fix: say so as check-config does (a folder of none, a missing file)
        return [check_files(runner, "config", paths, filter_by_policy)]
    return [check_files(runner, name, files) for name, files in chosen.items() if files]


def _show_diff(plans: list[FilePlan], report: Report, strict: bool) -> int:
    from policycheck.fixes import unified_diff

    for plan in plans:
        if plan.changed:
            sys.stdout.write(unified_diff(plan))
    fixed = {id(f) for plan in plans for f in plan.applied}
    count = len(fixed)
    click.echo(f"policycheck: {count} fix{'es' if count != 1 else ''} shown, nothing written (--diff)", err=True)
    return _exit_code([f for f in report.active if id(f) not in fixed], strict)


def _write(plans: list[FilePlan]) -> set[str]:
    """Write each changed file; say each fix made, and why a file was not written."""
    from policycheck.fixes import FixError, write_plan

    written = set()
    for plan in plans:
        if not plan.changed:
            continue
        try:
            write_plan(plan)
        except FixError as exc:
            click.echo(f"policycheck: {exc}", err=True)
            continue
        written.add(plan.path)
        for finding in plan.applied:
            assert finding.fix is not None
            click.echo(f"{_where(finding)}: fixed {finding.rule}: {finding.fix.description}")
    return written


def _say_left(left: list[Finding], fixed: int, files: int, strict: bool, unwritten: int = 0) -> int:
    from policycheck.reporters.text import format_finding

    for finding in left:
        click.echo(format_finding(finding))
    not_written = (f"; {unwritten} file{'s' if unwritten != 1 else ''} not written (stderr says why)"
                   if unwritten else "")
    click.echo(f"{fixed} fix{'es' if fixed != 1 else ''} applied in {files} file{'s' if files != 1 else ''}"
               f"{not_written}; {len(left)} finding{'s' if len(left) != 1 else ''} left{_left_detail(left)}")
    return _exit_code(left, strict)


def _left_detail(left: list[Finding]) -> str:
    errors = sum(1 for f in left if f.severity == "error")
    fixable = sum(1 for f in left if f.fix is not None)
    detail = f" ({errors} error{'s' if errors != 1 else ''}" if left else ""
    if fixable:
        detail += f", {fixable} with a fix not applied: see [fixable]"
    return detail + (")" if left else "")


def _exit_code(left: list[Finding], strict: bool) -> int:
    return 1 if any(f.severity == "error" or strict for f in left) else 0


COMMANDS = [fix]
