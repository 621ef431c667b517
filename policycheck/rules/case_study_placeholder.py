"""case-study-placeholder: no template placeholder remains in a report.

What: any text from the policy's `case_studies.placeholders` list (defaults from the real
template: `[Insert your evaluation prompt here]`, `xxx.yaml`, `@examples/xxx`, `(link)`,
`[issue-number]`, `BRANCH-NAME`, `{FEATURE_NAME}`, `TBD`, and the template's instruction
sentences), found literally anywhere outside HTML comments (code blocks included: the
template's placeholders live in them). A fresh `policycheck new case-study` skeleton fails
this rule until it is filled in.

Why: a half-filled template reads as finished while its key facts are missing.

Fix: replace the placeholder with the real content.

Waive: `<!-- policycheck: disable=case-study-placeholder reason="..." -->` before the block
(e.g. a report that quotes the template on purpose), or a policy waiver.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from policycheck.casestudy.checks import placeholder_facts
from policycheck.checking import CheckContext
from policycheck.findings import ERROR, Fact

if TYPE_CHECKING:
    from policycheck.markdown.target import CaseStudyTarget

ID = "case-study-placeholder"
SUMMARY = "no template placeholder text remains in a report"
TARGET = "case-study"
SEVERITY = ERROR


def check(target: CaseStudyTarget, ctx: CheckContext) -> Iterator[Fact]:
    yield from placeholder_facts(target)
