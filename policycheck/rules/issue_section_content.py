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
from typing import TYPE_CHECKING

from policycheck.casestudy.checks import heading_position, required_sections, section_end
from policycheck.checking import CheckContext
from policycheck.findings import ERROR, Fact

if TYPE_CHECKING:
    from policycheck.markdown.model import CaseStudyDocument, Heading
    from policycheck.markdown.target import CaseStudyTarget

ID = "issue-section-content"
SUMMARY = "a case-study issue's config and command sections name a config and a command"
TARGET = "issue"
SEVERITY = ERROR


def check(target: CaseStudyTarget, ctx: CheckContext) -> Iterator[Fact]:
    doc = target.doc
    for required in required_sections(target):
        heading = required.find(doc) if required.expect != "text" else None
        if heading is None:
            continue
        if required.expect == "config" and not _names_config(doc, heading):
            yield Fact(f"issue section {heading.text!r} names no config: give a config path"
                       " (massgen/configs/...yaml or @examples/NAME) or paste the YAML in a ```yaml block",
                       *heading_position(doc, heading))
        elif required.expect == "command" and not _has_command(doc, heading):
            yield Fact(f"issue section {heading.text!r} has no MassGen command"
                       " (`massgen --config ...`, `uv run massgen ...` or `python -m massgen.cli ...`)",
                       *heading_position(doc, heading), hint="put the exact command in a ```bash block")


def _names_config(doc: CaseStudyDocument, heading: Heading) -> bool:
    """A config reference, or a ```yaml block with more than comments, in the section."""
    first, last = heading.line, section_end(doc, heading)
    if any(first <= r.line <= last for r in doc.config_refs):
        return True
    return any(first <= c.line <= last and c.language in ("yaml", "yml") and _yaml_content(c.text)
               for c in doc.code_blocks)


def _has_command(doc: CaseStudyDocument, heading: Heading) -> bool:
    first, last = heading.line, section_end(doc, heading)
    return any(first <= c.line <= last for c in doc.commands)


def _yaml_content(text: str) -> bool:
    return any(line.strip() and not line.lstrip().startswith("#") for line in text.splitlines())
