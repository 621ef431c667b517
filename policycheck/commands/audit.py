"""`policycheck audit`: is the next release ready, is it on schedule, where did the process slip.

Options -> Runner -> the audit's parts (`policycheck.audit.run`) -> one report in the chosen
format -> exit 0 ready, 1 not ready (2 and 3 as every command). With a token and without
`--offline`, the pipeline part asks GitHub; everything else reads git and files only.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TextIO

import click

from policycheck.errors import UsageError


@click.command("audit")
@click.argument("path", required=False, type=click.Path(file_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text",
              show_default=True, help="Output format.")
@click.option("--policy", "policy_path", metavar="FILE", type=click.Path(dir_okay=False),
              help="Policy file (default: .policycheck.yaml found upwards from PATH).")
@click.option("--release", "release_version", metavar="X.Y.Z",
              help="The release to audit (default: the open dev/vX.Y.Z branch, else the next after the latest tag).")
@click.option("--now", metavar="ISO", help="The moment to audit at (default: now), e.g. 2026-12-04T16:00:00Z.")
@click.option("--history", "history_only", is_flag=True, help="Only the release history, from git.")
@click.option("--since", metavar="vX.Y.Z", help="History from this release on.")
@click.option("--output", metavar="FILE", type=click.Path(dir_okay=False), help="Write the report here, not stdout.")
@click.option("--offline", is_flag=True, help="Never touch the network: the GitHub pipeline part is skipped.")
@click.option("--repo", "repository", metavar="OWNER/NAME",
              help="GitHub repository (default: GITHUB_REPOSITORY or the origin remote).")
@click.option("--token", metavar="TOKEN", help="GitHub token (default: GITHUB_TOKEN or GH_TOKEN); never printed.")
@click.option("--github-url", metavar="URL", help="GitHub API URL (default: GITHUB_API_URL or api.github.com).")
@click.option("--dashboard", is_flag=True,
              help="Keep one issue in the repository up to date with the Markdown report (online; issues: write).")
def audit(path: str | None, fmt: str, policy_path: str | None, release_version: str | None, now: str | None,
          history_only: bool, since: str | None, output: str | None, offline: bool, repository: str | None,
          token: str | None, github_url: str | None, dashboard: bool) -> int:
    """Is the next release ready? Health, this release, schedule, and the release history.

    Health: every config and report passes its check; waivers with reason and expiry. This
    release: its report for its version with a video; each feature merged since the last tag
    references a case-study issue. Pipeline (online, a token): open case-study issues and
    their planning, feature PRs without a reference, planned issues not started. Schedule:
    the next release and case-study deadline in the policy's time zone. History: which past
    releases shipped their report, and how late. Exit 0 READY, 1 NOT READY.
    """
    from policycheck.audit.dashboard import update_dashboard
    from policycheck.audit.report import markdown, write
    from policycheck.audit.run import AuditOptions, run_audit
    from policycheck.audit.schedule import parse_now
    from policycheck.branches.context import resolve_repository, valid_repository
    from policycheck.policy import load_policy
    from policycheck.runner import Runner
    from policycheck.sources.github import settings_from
    from policycheck.versions import version_tuple

    folder = Path(path or ".")
    if not folder.is_dir():
        raise UsageError(f"{folder}: not a folder")
    for name, value in (("--release", release_version), ("--since", since)):
        if value and version_tuple(value.removeprefix("v")) is None:
            raise UsageError(f"{name} {value!r} is not a version (X.Y.Z)")
    if repository is not None and not valid_repository(repository):
        raise UsageError(f"--repo {repository!r} is not a GitHub repository name (OWNER/NAME)")
    policy = load_policy(policy_path, cwd=folder.resolve())
    moment = parse_now(now, policy.settings.schedule.timezone)
    github = settings_from(token, github_url, os.environ, policy.settings.github)
    runner = Runner(policy, github, offline=offline or history_only, today=moment.date())
    repo = resolve_repository(repository, policy.root, os.environ) if runner.online else None
    if dashboard and not repo:
        raise UsageError("--dashboard needs GitHub: a token, a repository (--repo), and no --offline or --history")
    options = AuditOptions(moment, release_version.removeprefix("v") if release_version else None,
                           history_only, since.removeprefix("v") if since else None, repo,
                           progress=_progress if _is_tty(sys.stderr) else None)
    result = run_audit(runner, options)
    report = runner.finalize()
    if dashboard and repo:
        report.notes.append(update_dashboard(runner, repo, markdown(result)))
    for note in report.notes:
        click.echo(f"policycheck: {note}", err=True)
    if output:
        with open(output, "w", encoding="utf-8") as stream:
            write(result, fmt, stream)
    else:
        write(result, fmt, sys.stdout, colour=_is_tty(sys.stdout))
    return 0 if result.ready else 1


def _is_tty(stream: TextIO) -> bool:
    return stream.isatty()


def _progress(message: str) -> None:
    """One line on a terminal's stderr, rewritten in place and cleared when done."""
    click.echo(f"\r\x1b[Kpolicycheck: {message}..." if message else "\r\x1b[K", err=True, nl=False)


COMMANDS = [audit]
