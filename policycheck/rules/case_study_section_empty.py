"""case-study-section-empty: a required section of a report is not empty.

What: a required section (see `case-study-section-missing`) whose heading is followed by
nothing but whitespace and HTML comments, subsections included, up to the next heading.

Why: an empty section is a section missing in all but name.

Fix: write the section's content, or delete the heading if the profile does not need it.

Waive: `<!-- policycheck: disable=case-study-section-empty reason="..." -->` before the
heading, or a policy waiver.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from policycheck.casestudy.checks import empty_sections
from policycheck.checking import CheckContext
from policycheck.findings import ERROR, Fact

if TYPE_CHECKING:
    from policycheck.markdown.target import CaseStudyTarget

ID = "case-study-section-empty"
SUMMARY = "required report sections have content"
TARGET = "case-study"
SEVERITY = ERROR


def check(target: CaseStudyTarget, ctx: CheckContext) -> Iterator[Fact]:
    yield from empty_sections(target, "report", ignore_placeholders=False)
