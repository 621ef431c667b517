"""case-study-command-config: every MassGen command's `--config` resolves.

What: for each MassGen command in the report (code blocks and code spans), its `--config`
value is resolved as MassGen's CLI does: `@examples/NAME` by name among the configs, else
the path from the repository root, else under massgen/configs/. A value that resolves to no
file is reported at the line of the value. Metavariables (`[config]`, `<config>`,
`$CONFIG`) are not paths and are skipped; a value written as a config reference
(`@examples/NAME`, `massgen/configs/...`, configs-relative) is reported once, by
`case-study-config-missing`. A value outside the repository root (`/etc/hostname`,
`../../x.yaml`) is a finding and is never read; an ambiguous `@examples/NAME` lists its matches.

Why: the command is how a reader reproduces the case study.

Fix: point `--config` at an existing config.

Waive: `<!-- policycheck: disable=case-study-command-config reason="..." -->` before the
code block, or a policy waiver.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from policycheck.casestudy.checks import config_missing_message, runnable_refs
from policycheck.checking import CheckContext
from policycheck.findings import ERROR, Fact

if TYPE_CHECKING:
    from policycheck.markdown.target import CaseStudyTarget

ID = "case-study-command-config"
SUMMARY = "the --config of every MassGen command in a report resolves"
TARGET = "case-study"
SEVERITY = ERROR


def check(target: CaseStudyTarget, ctx: CheckContext) -> Iterator[Fact]:
    # a value written as a config reference is already reported by case-study-config-missing
    named = {(ref.line, ref.resolved) for ref in runnable_refs(target)}
    for command in target.doc.commands:
        if command.config is None or command.config_exists is not False:
            continue
        line = command.config_line or command.line
        if (line, command.config_resolved) in named:
            continue
        yield Fact(_message(command.config, command.config_resolved, ctx),
                   line, command.config_column or 1,
                   hint="use a path from the repository root, a massgen/configs-relative path or @examples/NAME")


def _message(value: str, resolved: str | None, ctx: CheckContext) -> str:
    message = config_missing_message("--config", value, resolved, ctx.root)
    plain = f"--config {value!r} does not exist (looked for {resolved})"
    return f"--config {value!r} does not resolve to a config (looked for {resolved})" if message == plain else message
