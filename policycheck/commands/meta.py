"""Commands about policycheck itself: explain, rules, schema, init."""
from __future__ import annotations

import inspect
import sys
from pathlib import Path

import click

from policycheck.errors import UsageError
from policycheck.reporters.text import escape_controls


@click.command("explain")
@click.argument("rule", required=False)
@click.option("--markdown", is_flag=True, help="List all rules as a Markdown table (as in the README).")
def explain(rule: str | None, markdown: bool) -> int:
    """Print what RULE checks and how to fix or waive it (no RULE: list all rules)."""
    from policycheck.rules import RULES

    if markdown:
        click.echo("| rule | default | checks |\n| --- | --- | --- |")
        for module in RULES.values():
            click.echo(f"| `{module.ID}` | {module.SEVERITY} | {module.SUMMARY} |")
        return 0
    if rule is None:
        width = max(len(m.ID) for m in RULES.values()) + 2
        for module in RULES.values():
            click.echo(f"{module.ID:<{width}} {module.SEVERITY:<8} {module.SUMMARY}")
        return 0
    if rule not in RULES:
        raise UsageError(f"unknown rule {rule!r}; `policycheck explain` lists them")
    module = RULES[rule]
    click.echo(f"{module.ID} ({module.SEVERITY} by default, checks: {module.TARGET})\n")
    click.echo(inspect.cleandoc(getattr(module, "__doc__", None) or module.SUMMARY))
    fix = getattr(module, "FIX", None)  # a rule that repairs its findings says how
    click.echo(f"\nAutomatic fix (`policycheck fix`): {fix}." if fix else "\nAutomatic fix: none.")
    return 0


@click.command("schema")
@click.argument("name", required=False)
def schema(name: str | None) -> int:
    """Print a bundled JSON Schema (no NAME: list them), e.g. `policycheck schema massgen-config`."""
    from policycheck.schemas import schema_names, schema_text

    if name is None:
        click.echo("\n".join(schema_names()))
        return 0
    sys.stdout.write(schema_text(name))
    return 0


@click.command("init")
@click.argument("path", default=".policycheck.yaml", type=click.Path(dir_okay=False))
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
def init(path: str, force: bool) -> int:
    """Write a commented policy file equal to the built-in default."""
    from policycheck.newfile import write_new
    from policycheck.policy import default_policy_text, find_root

    write_new(path, default_policy_text(), find_root(Path.cwd()), overwrite=force, again="use --force to overwrite it")
    click.echo(f"wrote {escape_controls(path)}", err=True)
    return 0


COMMANDS = [explain, schema, init]
