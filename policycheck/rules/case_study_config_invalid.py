"""case-study-config-invalid: every config a report names passes `check-config`.

What: each existing config the report names (see `case-study-config-missing`) that the
policy's config globs select is checked with the config rules (`policycheck check-config`);
if it has errors, one finding at the first place the report names it says how many and
which came first. Each config is checked once per run, however many reports name it
(`CheckContext.config_errors`, a memo that lives as long as the run).

Why: a case study that points at a broken config cannot be reproduced.

Fix: run `policycheck check-config PATH` and fix the config.

Waive: `<!-- policycheck: disable=case-study-config-invalid reason="..." -->` before the
block, or a policy waiver for the report.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from policycheck.checking import CheckContext
from policycheck.findings import ERROR, Fact

if TYPE_CHECKING:
    from policycheck.markdown.target import CaseStudyTarget

ID = "case-study-config-invalid"
SUMMARY = "configs named by a report pass check-config"
TARGET = "case-study"
SEVERITY = ERROR


def check(target: CaseStudyTarget, ctx: CheckContext) -> Iterator[Fact]:
    seen: set[str] = set()
    fileset = ctx.policy.fileset("configs")
    for ref in target.doc.config_refs:
        if not ref.exists or not ref.resolved or ref.resolved in seen:
            continue
        seen.add(ref.resolved)
        if not fileset.selects(ref.resolved):
            continue
        errors = ctx.config_errors(str(ctx.root / ref.resolved))
        if errors:
            first = min(errors, key=lambda f: (f.line, f.column, f.rule))  # rules run in registry order
            yield Fact(f"config {ref.resolved} fails check-config with {len(errors)} error(s); first:"
                       f" {first.line}:{first.column} {first.rule} {first.message}", ref.line, ref.column,
                       hint=f"run: policycheck check-config {ref.resolved}")
