"""`policycheck check-branch` and `check-release`: the branch and release policies.

Both resolve one context (flags, then GitHub Actions, then pre-commit at pre-push, then local
git: `policycheck.context`), classify the branch from the policy, and report findings. With
no token, or with `--offline`, GitHub is never touched.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from policycheck.commands import F, finish, reporting_options
from policycheck.errors import UsageError

if TYPE_CHECKING:
    from policycheck.branches.context import BranchContext
    from policycheck.runner import Runner


def _repository(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """--repo must be OWNER/NAME: it goes into GitHub API paths."""
    from policycheck.branches.context import valid_repository

    if value is not None and not valid_repository(value):
        raise click.BadParameter(f"{value!r} is not a GitHub repository name (OWNER/NAME)", ctx, param)
    return value


def context_options(func: F) -> F:
    """Explicit facts; each overrides what GitHub Actions, pre-commit or git would say."""
    options = [
        click.option("--branch", help="Branch to check (default: from the CI event, pre-push, or git)."),
        click.option("--base", help="Base branch the branch merges into (default: policy branches.base);"
                     " its commit is origin/BASE, else the local BASE."),
        click.option("--base-commit", metavar="COMMIT",
                     help="The base branch as of this commit (keeps --base's name, so a release is still one)."),
        click.option("--head", help="Head commit (default: the branch's tip)."),
        click.option("--title", help="Pull request title."),
        click.option("--body-file", metavar="FILE|-",
                     help="File holding the pull request body; `-` reads standard input."),
        click.option("--label", "labels", multiple=True, help="A pull request label (repeatable)."),
        click.option("--repo", "repository", metavar="OWNER/NAME", callback=_repository,
                     help="GitHub repository (default: from CI or the origin remote)."),
        click.option("--pr", "pr_number", type=click.IntRange(min=1), metavar="N",
                     help="Pull request number (online file list for check-release)."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


_GITHUB_URL = click.option("--github-url", metavar="URL",
                           help="GitHub API URL (default: GITHUB_API_URL or api.github.com).")
_TOKEN = click.option("--token", metavar="TOKEN",
                      help="GitHub token (default: GITHUB_TOKEN or GH_TOKEN); never printed.")


def github_options(func: F) -> F:
    func = _TOKEN(_GITHUB_URL(func))
    offline = click.option("--offline", is_flag=True,
                           help="Never touch the network: references are reported as unverified.")
    return offline(func)


def _runner_and_context(options: dict[str, Any], offline: bool) -> tuple[Runner, BranchContext]:
    """The run (policy, GitHub settings) and the resolved branch context for one command."""
    from policycheck.branches.context import ContextOptions, resolve_context
    from policycheck.policy import load_policy
    from policycheck.runner import Runner
    from policycheck.sources.github import settings_from

    policy = load_policy(options.pop("policy_path"))
    labels = options.pop("labels")
    context_options_ = ContextOptions(labels=labels or None, body_limit=policy.max_file_bytes, **{
        k: options.pop(k) for k in ("branch", "base", "head", "title", "body_file", "repository", "pr_number",
                                     "base_commit")})
    context = resolve_context(context_options_, policy.settings.branches.base)
    settings = settings_from(options.pop("token"), options.pop("github_url"), os.environ, policy.settings.github)
    return Runner(policy, settings, offline), context


@click.command("check-branch")
@context_options
@github_options
@reporting_options
def check_branch(fmt: str, strict: bool, offline: bool, **options: Any) -> int:
    """A feature branch must reference a complete case-study issue.

    The reference is looked for in the branch name (`feature/123-x`, `issue_123`), the PR
    body (`Closes #123`, `#123`, an issue URL) and commit messages. Online (a token), the
    issue must exist, be an issue, carry a case-study label and pass `check-issue`.
    Release and exempt branches (policy `branches`) pass with a note on stderr.
    """
    from policycheck.branches.branch_check import check_branch as branch_check

    runner, context = _runner_and_context(options, offline)
    runner.add(branch_check(runner, context))
    return finish(runner, fmt, strict)


@click.command("check-release")
@context_options
@github_options
@reporting_options
def check_release(fmt: str, strict: bool, offline: bool, **options: Any) -> int:
    """A release must add (or link) its case-study report, with a video, for its version.

    A release is `dev/vX.Y.Z` into the base branch, or a PR titled `feat: vX.Y.Z` (policy
    `branches.release`). Changes come from git (base...head) or, for a pull request with a
    token, from GitHub's file list. Other branches pass with a note on stderr.
    """
    from policycheck.branches.release_check import check_release as release_check

    runner, context = _runner_and_context(options, offline)
    runner.add(release_check(runner, context))
    return finish(runner, fmt, strict)


def online_issue_options(func: F) -> F:
    """--number, --repo, --token, --github-url: for `check-issue --number N`."""
    func = _TOKEN(_GITHUB_URL(func))
    func = click.option("--repo", "repository", metavar="OWNER/NAME", callback=_repository,
                        help="GitHub repository (default: GITHUB_REPOSITORY or the origin remote).")(func)
    func = click.option("--number", type=click.IntRange(min=1), metavar="N",
                        help="Fetch issue N from GitHub (needs a token).")(func)
    return func


def issue_repository(number: int, repository: str | None) -> str:
    """The repository issue N is in: --repo, else GITHUB_REPOSITORY, else the origin remote."""
    from policycheck.branches.context import resolve_repository

    repo = resolve_repository(repository, Path.cwd(), os.environ)
    if not repo:
        raise UsageError(f"cannot tell which GitHub repository issue #{number} is in: pass --repo OWNER/NAME")
    return repo


COMMANDS = [check_branch, check_release]
