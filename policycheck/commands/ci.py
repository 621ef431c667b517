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
@click.option("--comment", is_flag=True,
              help="Comment on the pull request (one comment, edited on every run; none while it is clean).")
@click.option("--comment-from", "comment_from", metavar="REPORT", type=click.Path(dir_okay=False),
              help="Check nothing: post or edit the comment of --pr from a JSON report an earlier run saved"
                   " (the workflow_run recipe for a fork's pull requests).")
@click.option("--pr", "pr_number", type=click.IntRange(min=1), help="The pull request --comment-from comments on.")
@click.option("--head-sha", metavar="SHA",
              help="With --comment-from: post only if the pull request's head is this commit (the workflow run's).")
@github_options
def ci(checks: str | None, sarif: str | None, policy_path: str | None, strict: bool, comment: bool,
       comment_from: str | None, pr_number: int | None, head_sha: str | None, offline: bool,
       token: str | None, github_url: str | None) -> int:
    """Run what applies to the GitHub Actions event (GITHUB_EVENT_NAME, GITHUB_EVENT_PATH).

    A pull request: its changed configs and case studies, and check-branch or check-release;
    a case-study issue: check-issue; a push: its changed files; workflow_dispatch and
    schedule: every file. Writes annotations to stdout, the job summary to
    GITHUB_STEP_SUMMARY, the outputs to GITHUB_OUTPUT and the JSON report under RUNNER_TEMP;
    with --comment, the pull request's comment.
    """
    from policycheck import ci as domain
    from policycheck.errors import UsageError
    from policycheck.policy import load_policy
    from policycheck.runner import Runner
    from policycheck.sources.github import settings_from

    env, cwd = os.environ, Path.cwd()
    if comment_from is not None:
        if pr_number is None:
            raise UsageError("--comment-from needs --pr NUMBER")
        policy = load_policy(policy_path, cwd)
        runner = Runner(policy, settings_from(token, github_url, env, policy.settings.github), offline)
        if not runner.online:
            raise UsageError("--comment-from needs a GitHub token (GITHUB_TOKEN, GH_TOKEN or --token)")
        said = domain.comment_from_report(runner, comment_from, pr_number, head_sha, env, cwd)
        click.echo(f"policycheck: {escape_controls(said)}", err=True)
        return 0
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
    run = domain.github_run(plan.event, env, cwd)
    domain.publish(report, plan, run, env, sys.stdout, strict, sarif)
    if comment:
        said = domain.comment_on_pull(runner, report, plan, run, env, strict)
        click.echo(f"policycheck: {escape_controls(said)}", err=True)
    return report.exit_code(strict)


COMMANDS = [ci]
