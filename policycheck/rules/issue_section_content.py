"""issue-section-content: the config and command sections of a case-study issue say what to run.

What: sections with `expect: config` (default: Config file / Baseline Config) need a config
reference (`massgen/configs/...yaml`, configs-relative, `@examples/NAME`) or a non-empty
```yaml block; sections with `expect: command` (Cmd / Baseline Command) need a MassGen
command (`massgen ...`, `uv run massgen ...`, `python -m massgen.cli ...`).

Why: the baseline must be reproducible before development starts.

Fix: name the config and paste the exact command.

Waive: `<!-- policycheck: disable=issue-section-content reason="..." -->` before the heading.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from policycheck.findings import ERROR, Fact

ID = "issue-section-content"
SUMMARY = "a case-study issue's config and command sections name a config and a command"
TARGET = "issue"
SEVERITY = ERROR


def check(target: Any, ctx: Any) -> Iterator[Fact]:
    from policycheck.casestudy.checks import section_expectations

    yield from section_expectations(target, "issue")
