"""Case-study commands: check-case-study, check-issue, inspect, new case-study, new issue."""
from __future__ import annotations

import json
import os
import sys

import click

from policycheck.commands import finish, reporting_options
from policycheck.commands.branch import issue_repository, online_issue_options
from policycheck.errors import UsageError
from policycheck.reporters.text import escape_controls


@click.command("check-case-study")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--filter-by-policy", is_flag=True,
              help="Skip named files that the policy's case-study globs do not select (the hook does this).")
@reporting_options
def check_case_study(paths: tuple[str, ...], filter_by_policy: bool, fmt: str, policy_path: str | None,
                     strict: bool) -> int:
    """Check case-study reports: sections by version profile, video, configs, links, placeholders.

    With no PATHS, checks every report the policy selects under the repository root; a
    folder checks the reports under it.
    """
    from policycheck.casestudy.profiles import case_study_settings
    from policycheck.pipeline import check_files
    from policycheck.policy import load_policy
    from policycheck.runner import Runner

    policy = load_policy(policy_path)
    case_study_settings(policy)  # a bad policy is exit 2 even when no report is selected
    runner = Runner(policy)
    runner.add(check_files(runner, "case-study", paths, filter_by_policy))
    return finish(runner, fmt, strict)


@click.command("check-issue")
@click.option("--body-file", metavar="FILE|-",
              help="The issue body (Markdown); `-` reads standard input.")
@online_issue_options
@reporting_options
def check_issue(body_file: str | None, number: int | None, repository: str | None, token: str | None,
                github_url: str | None, fmt: str, policy_path: str | None, strict: bool) -> int:
    """Check a case-study issue body: the planning phase is complete.

    The body comes from `--body-file`, or from GitHub with `--number N` (needs a token).
    """
    from policycheck.casestudy import issue
    from policycheck.findings import ISSUE, Location
    from policycheck.policy import load_policy
    from policycheck.runner import Runner
    from policycheck.sources.github import settings_from

    policy = load_policy(policy_path)
    if (body_file is None) == (number is None):
        raise UsageError("pass either --body-file FILE or --number N")
    online = number is not None  # a body file never needs GitHub settings (nor their checks)
    runner = Runner(policy, settings_from(token, github_url, os.environ, policy.settings.github) if online else None)
    if number is not None:
        body, name = issue.fetch_issue_body(runner, issue_repository(number, repository), number)
        runner.add(issue.check_issue_text(runner, body, Location(ISSUE, name)))
    elif body_file == "-":
        # the body is loaded as check-case-study loads a report: encoding and size are findings
        runner.add(issue.check_issue_stream(runner, sys.stdin.buffer))
    else:
        runner.add(issue.check_issue_file(runner, str(body_file)))
    return finish(runner, fmt, strict)


@click.command("inspect")
@click.argument("path", type=click.Path())
@click.option("--policy", "policy_path", metavar="FILE", type=click.Path(dir_okay=False),
              help="Policy file (default: .policycheck.yaml found upwards from here).")
def inspect_command(path: str, policy_path: str | None) -> int:
    """Print the case-study document model of a Markdown file as JSON.

    The model is a public contract (`policycheck schema case-study-document`): title and
    version, sections (Markdown and HTML headings), links, images, videos, code blocks,
    MassGen commands, config references, checkboxes, front matter.
    """
    from policycheck.loaders import LoadFailure
    from policycheck.loaders.files import read_text
    from policycheck.markdown.model import parse_document
    from policycheck.policy import load_policy

    policy = load_policy(policy_path)
    try:
        text = read_text(path, policy.max_file_bytes, policy.read_roots)
    except LoadFailure as failure:
        raise UsageError(f"{path}: {failure.fact.message}") from None
    doc = parse_document(text.text, path, policy.root)
    json.dump(doc.to_json(), sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


@click.group("new")
def new() -> None:
    """Write a case-study report skeleton, or print a case-study issue body."""


@new.command("case-study")
@click.option("--version", "version", required=True, help="The MassGen release the report is for, e.g. 0.1.9.")
@click.option("--title", required=True, help="What the case study shows.")
@click.option("--config", default=None, metavar="PATH", help="The config the case study runs.")
@click.option("--output", "-o", default=None, type=click.Path(dir_okay=False),
              help="Where to write (default: the policy's case_studies.directory / a name from the title).")
@click.option("--policy", "policy_path", metavar="FILE", type=click.Path(dir_okay=False),
              help="Policy file (default: .policycheck.yaml found upwards from here).")
def new_case_study(version: str, title: str, config: str | None, output: str | None, policy_path: str | None) -> int:
    """Write a report skeleton from the policy's template (never overwrites a file)."""
    from policycheck.casestudy import scaffold
    from policycheck.policy import load_policy

    title = scaffold.normalise_title(title)
    version = scaffold.normalise_version(version)
    written = scaffold.write_report(load_policy(policy_path), version, title, config, output)
    shown = escape_controls(written)
    click.echo(shown)
    click.echo(f"wrote a skeleton; fill it in until `policycheck check-case-study {shown}` passes", err=True)
    return 0


@new.command("issue")
@click.option("--config", default=None, metavar="PATH", help="The baseline config.")
def new_issue(config: str | None) -> int:
    """Print a case-study issue body (the planning phase) to fill in."""
    from policycheck.casestudy import scaffold

    sys.stdout.write(scaffold.issue_text(config))
    return 0


COMMANDS = [check_case_study, check_issue, inspect_command, new]
