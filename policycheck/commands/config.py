"""`policycheck check-config`: MassGen agent configs."""
from __future__ import annotations

import click

from policycheck.commands import finish, reporting_options


@click.command("check-config")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--filter-by-policy", is_flag=True,
              help="Skip named files that the policy's config globs do not select (the hook does this).")
@reporting_options
def check_config(paths: tuple[str, ...], filter_by_policy: bool, fmt: str, policy_path: str | None,
                 strict: bool) -> int:
    """Validate MassGen YAML configs against the bundled schema and semantic rules.

    With no PATHS, checks every config the policy selects under the repository root; a
    folder checks the configs under it.
    """
    from policycheck.pipeline import check_files
    from policycheck.policy import load_policy
    from policycheck.runner import Runner

    runner = Runner(load_policy(policy_path))
    runner.add(check_files(runner, "config", paths, filter_by_policy))
    return finish(runner, fmt, strict)


COMMANDS = [check_config]
