"""issue-section-empty: each planning-phase section of a case-study issue is filled in.

What: a required section (see `issue-section-missing`) that holds nothing once HTML
comments, the policy's placeholders (`issues.placeholders`: the template's instructions and
`[Insert your evaluation prompt here]` and the like) and bare code fences are removed.

Why: the issue template's headings with its instructions left under them are not a plan.

Fix: replace the instructions with the real prompt, config, command and expectations.

Waive: `<!-- policycheck: disable=issue-section-empty reason="..." -->` before the heading.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from policycheck.casestudy.checks import empty_sections
from policycheck.checking import CheckContext
from policycheck.findings import ERROR, Fact

if TYPE_CHECKING:
    from policycheck.markdown.target import CaseStudyTarget

ID = "issue-section-empty"
SUMMARY = "planning-phase sections of a case-study issue are filled in"
TARGET = "issue"
SEVERITY = ERROR


def check(target: CaseStudyTarget, ctx: CheckContext) -> Iterator[Fact]:
    yield from empty_sections(target, "issue", ignore_placeholders=True)
