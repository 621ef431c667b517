"""issue-placeholder: no template placeholder remains in a case-study issue.

What: any text from the policy's `issues.placeholders` (defaults from the issue template:
`[Insert your evaluation prompt here]`, `massgen/configs/xxx.yaml`, `"<prompt>"`, and its
instruction sentences) found outside HTML comments, code blocks included.

Why: template text left in place reads as a plan that was never made.

Fix: replace it with the real content.

Waive: `<!-- policycheck: disable=issue-placeholder reason="..." -->` before the block.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from policycheck.casestudy.checks import placeholder_facts
from policycheck.checking import CheckContext
from policycheck.findings import ERROR, Fact

if TYPE_CHECKING:
    from policycheck.markdown.target import CaseStudyTarget

ID = "issue-placeholder"
SUMMARY = "no template placeholder text remains in a case-study issue"
TARGET = "issue"
SEVERITY = ERROR


def check(target: CaseStudyTarget, ctx: CheckContext) -> Iterator[Fact]:
    yield from placeholder_facts(target)
