"""The README stays true: its rule table, hook list and test command come from the code."""
from __future__ import annotations

import re

import click
from conftest import PROJECT
from ruamel.yaml import YAML

README = (PROJECT / "README.md").read_text(encoding="utf-8")


def _between(marker: str) -> str:
    match = re.search(rf"<!-- {marker} -->\n(.*?)<!-- /{marker} -->", README, re.S)
    assert match, f"README has no {marker} markers"
    return match.group(1)


def test_rules_table_matches_the_registry(cli) -> None:
    generated = cli("explain", "--markdown", cwd=PROJECT).out
    assert _between("rules") == generated, "regenerate with: policycheck explain --markdown"


def test_every_hook_is_documented() -> None:
    hooks = YAML(typ="safe").load((PROJECT / ".pre-commit-hooks.yaml").read_text())
    for hook in hooks:
        assert f"`{hook['id']}`" in README, hook["id"]


def test_ci_runs_the_readme_test_command() -> None:
    command = _between("ci-test-command").strip().strip("`").replace("bash\n", "").strip()
    assert command.startswith("python3 -m venv .venv") and "pytest" in command
    ci = (PROJECT / ".ci" / "run").read_text()
    assert "ci-test-command" in ci  # .ci/run extracts the command from these markers


def test_every_command_has_a_section() -> None:
    from policycheck.cli import cli as group

    for name in group.list_commands(click.Context(group)):
        assert f"### `policycheck {name}" in README, name
