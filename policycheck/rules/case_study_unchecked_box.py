"""case-study-unchecked-box: the report's status tracker is complete (a warning).

What: an unchecked box (`- [ ]`) inside a status section (`case_studies.status_sections`,
default the `Status Tracker` heading) of a report. Checked forms are `[x]`, `[X]`, `[✓]`
and `✅` lines.

Why: a report merged with open steps (demo not recorded, results not analysed) is not done.

Fix: finish the step and tick the box, or remove the line if it does not apply.

Waive: `<!-- policycheck: disable=case-study-unchecked-box reason="..." -->` before the
list, or `rules: {case-study-unchecked-box: off}` in the policy.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from policycheck.casestudy.checks import section_end
from policycheck.checking import CheckContext
from policycheck.findings import WARNING, Fact
from policycheck.markdown.text import heading_key

if TYPE_CHECKING:
    from policycheck.markdown.target import CaseStudyTarget

ID = "case-study-unchecked-box"
SUMMARY = "no unchecked box in a report's status tracker"
TARGET = "case-study"
SEVERITY = WARNING


def check(target: CaseStudyTarget, ctx: CheckContext) -> Iterator[Fact]:
    doc = target.doc
    keys = {heading_key(str(k)) for k in target.settings.status_sections}
    ranges = [(h.line, section_end(doc, h)) for h in doc.headings if h.key in keys]
    for box in doc.checkboxes:
        if not box.checked and any(a <= box.line <= b for a, b in ranges):
            yield Fact(f"status tracker item not done: {box.text!r}", box.line, 1,
                       hint="tick it ([x]) when done, or remove it if it does not apply")
