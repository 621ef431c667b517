"""case-study-config-invalid: every config a report names passes `check-config`.

What: each existing config the report names (see `case-study-config-missing`) that the
policy's config globs select is checked with the config rules (`policycheck check-config`);
if it has errors, one finding at the first place the report names it says how many and
which came first. Each config is checked once per run, however many reports name it.

Why: a case study that points at a broken config cannot be reproduced.

Fix: run `policycheck check-config PATH` and fix the config.

Waive: `<!-- policycheck: disable=case-study-config-invalid reason="..." -->` before the
block, or a policy waiver for the report.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from policycheck.findings import ERROR, Fact

ID = "case-study-config-invalid"
SUMMARY = "configs named by a report pass check-config"
TARGET = "case-study"
SEVERITY = ERROR

# One check per config per run: keyed by path, file stamp and policy, so that an edited
# config (or another policy in the same process) is checked again.
_CACHE: dict[tuple[str, int, int, int], list[Any]] = {}


def check(target: Any, ctx: Any) -> Iterator[Fact]:
    seen: set[str] = set()
    fileset = ctx.policy.fileset("configs")
    for ref in target.doc.config_refs:
        if not ref.exists or not ref.resolved or ref.resolved in seen:
            continue
        seen.add(ref.resolved)
        if not fileset.selects(ref.resolved):
            continue
        errors = _errors(str(ctx.root / ref.resolved), ctx.policy)
        if errors:
            first = errors[0]
            yield Fact(f"config {ref.resolved} fails check-config with {len(errors)} error(s); first:"
                       f" {first.line}:{first.column} {first.rule} {first.message}", ref.line, ref.column,
                       hint=f"run: policycheck check-config {ref.resolved}")


def _errors(path: str, policy: Any) -> list[Any]:
    import os

    stat = os.stat(path)
    key = (path, stat.st_mtime_ns, stat.st_size, id(policy))
    if key not in _CACHE:
        from policycheck.findings import ERROR as error
        from policycheck.pipeline import check_files

        report = check_files("config", [path], policy)
        _CACHE[key] = [f for f in report.active if f.severity == error]
    return _CACHE[key]
