"""issue-schema: a case-study issue body validates against the case-study issue schema.

What: the body is parsed into the case-study document model and validated against
`schemas/case-study-issue.schema.json`: it must be structured by headings (the issue
template's).

Why: every other issue check finds the planning phase's information by its headings.

Fix: write the body from the template (`policycheck new issue` prints one).

Waive: `<!-- policycheck: disable-file=issue-schema reason="..." -->` in the body, or a
policy waiver.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from policycheck.casestudy.schema_check import schema_facts, validator_for
from policycheck.checking import CheckContext
from policycheck.findings import ERROR, Fact

if TYPE_CHECKING:
    from policycheck.markdown.target import CaseStudyTarget

ID = "issue-schema"
SUMMARY = "a case-study issue body is structured by the template's headings"
TARGET = "issue"
SEVERITY = ERROR


def check(target: CaseStudyTarget, ctx: CheckContext) -> Iterator[Fact]:
    yield from schema_facts(target.doc.to_json(), validator_for("case-study-issue", None, ctx.root))
