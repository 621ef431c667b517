"""issue-waiver: inline waiver comments in a case-study issue are well formed with a reason.

What: as `markdown-waiver`, for issue bodies: `<!-- policycheck: disable=RULE reason="why" -->`
or `disable-file=`; one without a reason, malformed, or naming an unknown rule is reported
and waives nothing.

Why: waivers must say why; waived findings are reported as waived.

Fix: add `reason="..."` or correct the rule id.

Waive: `rules: {issue-waiver: warning}` in the policy.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from policycheck.casestudy.checks import waiver_facts
from policycheck.checking import CheckContext
from policycheck.findings import ERROR, Fact

if TYPE_CHECKING:
    from policycheck.markdown.target import CaseStudyTarget

ID = "issue-waiver"
SUMMARY = "inline waiver comments in an issue are well formed and give a reason"
TARGET = "issue"
SEVERITY = ERROR


def check(target: CaseStudyTarget, ctx: CheckContext) -> Iterator[Fact]:
    yield from waiver_facts(target)
