"""config-tool-lists: a backend uses `allowed_tools` or `exclude_tools`, not both.

What: a backend with both lists, reported (as a warning) at `exclude_tools`.

Why: with both, which tools an agent gets depends on the order MassGen applies them; MassGen
itself warns that this is confusing.

Fix: keep one list: an explicit allow-list (`allowed_tools`) or a deny-list (`exclude_tools`).

Waive: `rules: {config-tool-lists: off}` in the policy file, or a waiver for the path.
"""
from __future__ import annotations

from collections.abc import Iterator

from policycheck.checking import CheckContext
from policycheck.configs.document import ConfigDocument, dotted
from policycheck.findings import WARNING, Fact

ID = "config-tool-lists"
SUMMARY = "not both allowed_tools and exclude_tools on one backend"
TARGET = "config"
SEVERITY = WARNING


def check(target: ConfigDocument, ctx: CheckContext) -> Iterator[Fact]:
    for path, backend in target.backends():
        if "allowed_tools" in backend and "exclude_tools" in backend:
            pos = target.key_pos((*path, "exclude_tools"))
            yield Fact(f"{dotted(path)}: both allowed_tools and exclude_tools are set; keep one of them",
                       pos.line, pos.column,
                       hint="use only allowed_tools (an allow-list) or only exclude_tools (a deny-list)")
