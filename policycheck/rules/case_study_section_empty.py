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
from typing import Any

from policycheck.findings import ERROR, Fact

ID = "case-study-section-empty"
SUMMARY = "required report sections have content"
TARGET = "case-study"
SEVERITY = ERROR


def check(target: Any, ctx: Any) -> Iterator[Fact]:
    from policycheck.casestudy.checks import empty_sections

    yield from empty_sections(target, "report", ignore_placeholders=False)
