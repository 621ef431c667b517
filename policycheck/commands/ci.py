"""`policycheck ci`: what applies to the GitHub Actions event, in one run (`policycheck.ci`)."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from policycheck.commands.branch import github_options
from policycheck.reporters.text import escape_controls


@click.command("ci")
@click.option("--checks", metavar="LIST",
              help="Comma-separated checks instead of what the event asks for: files, branch (check-branch or"
                   " check-release by branch class), issue, all-files.")
@click.option("--sarif", metavar="PATH", type=click.Path(dir_okay=False), help="Also write SARIF to PATH.")
@click.option("--policy", "policy_path", metavar="FILE", type=click.Path(dir_okay=False),
              help="Policy file (default: .policycheck.yaml found upwards from here).")
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too.")
@github_options
def ci(checks: str | None, sarif: str | None, policy_path: str | None, strict: bool, offline: bool,
       token: str | None, github_url: str | None) -> int:
    """Run what applies to the GitHub Actions event (GITHUB_EVENT_NAME, GITHUB_EVENT_PATH).

    A pull request: its changed configs and case studies, and check-branch or check-release;
    a case-study issue: check-issue; a push: its changed files; workflow_dispatch and
    schedule: every file. Writes annotations to stdout, the job summary to
    GITHUB_STEP_SUMMARY, the outputs to GITHUB_OUTPUT and the JSON report under RUNNER_TEMP.
    """
    from policycheck import ci as domain
    from policycheck.runner import Runner
    from policycheck.sources.github import settings_from

    env, cwd = os.environ, Path.cwd()
    event = domain.read_ci_event(env)
    policy, note = domain.ci_policy(event, policy_path, cwd)
    runner = Runner(policy, settings_from(token, github_url, env, policy.settings.github), offline)
    plan = domain.plan_checks(runner, event, [c.strip() for c in checks.split(",") if c.strip()] if checks else None)
    if note:
        plan.notes.append(note)
    domain.run_plan(runner, plan, cwd, env)
    report = runner.finalize()
    report.command = "ci"
    for line in report.notes:  # a note may quote the payload: one line, or it could open a workflow command
        click.echo(f"policycheck: {escape_controls(line)}", err=True)
    domain.publish(report, plan, domain.github_run(event, env, cwd), env, sys.stdout, strict, sarif)
    return report.exit_code(strict)


COMMANDS = [ci]
