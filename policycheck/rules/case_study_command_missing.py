"""case-study-command-missing: a report shows the MassGen command it ran.

What: for profiles with `require_command: true` (by default the legacy profile: reports
before v0.0.12, which have no template sections, and reports whose title names no
version), the report must contain at least one
MassGen invocation (`massgen ...`, `uv run massgen ...`, `python -m massgen.cli ...`) in a
code block or code span.

Why: a case study is reproducible only if the reader can run what the author ran.

Fix: add the exact command in a ```bash block.

Waive: `<!-- policycheck: disable-file=case-study-command-missing reason="..." -->` or a
policy waiver.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from policycheck.checking import CheckContext
from policycheck.findings import ERROR, Fact

if TYPE_CHECKING:
    from policycheck.markdown.target import CaseStudyTarget

ID = "case-study-command-missing"
SUMMARY = "a report shows the MassGen command it ran (profiles with require_command)"
TARGET = "case-study"
SEVERITY = ERROR


def check(target: CaseStudyTarget, ctx: CheckContext) -> Iterator[Fact]:
    if target.profile.require_command and not target.doc.commands:
        line = target.doc.title.line if target.doc.title else 1
        yield Fact(f"report has no MassGen command (profile {target.profile.name} requires one)", line, 1,
                   hint='add the command, e.g. massgen --config @examples/NAME "prompt", in a ```bash block')
