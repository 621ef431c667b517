"""markdown-waiver: inline waiver comments in a report are well formed and give a reason.

What: an HTML comment starting `policycheck:` must read
`<!-- policycheck: disable=RULE[,RULE...] reason="why" -->` (the next block) or
`<!-- policycheck: disable-file=RULE reason="why" -->` (the whole file). One without a
reason, or malformed, waives nothing and is reported; so is one naming an unknown rule.

Why: a waiver is a decision someone must be able to read later; waived findings are still
shown in the summary as waived, never dropped.

Fix: add `reason="..."`, or correct the rule id (`policycheck explain RULE`).

Waive: this rule cannot be waived inline; use `rules: {markdown-waiver: warning}`.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from policycheck.casestudy.checks import waiver_facts
from policycheck.checking import CheckContext
from policycheck.findings import ERROR, Fact

if TYPE_CHECKING:
    from policycheck.markdown.target import CaseStudyTarget

ID = "markdown-waiver"
SUMMARY = "inline waiver comments are well formed and give a reason"
TARGET = "case-study"
SEVERITY = ERROR


def check(target: CaseStudyTarget, ctx: CheckContext) -> Iterator[Fact]:
    yield from waiver_facts(target)
