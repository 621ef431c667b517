"""issue-section-missing: a case-study issue has the planning phase's required information.

What: each section of the policy's `issues.sections` (defaults from the process guide:
Prompt, Config file, Cmd, Current behavior, Expected behavior, How this ties to end goals;
the issue template's headings are aliases: Baseline Config, Baseline Command, Results &
Failure Modes, Success Criteria, Context and Motivation) must appear as a heading. A missing
one is reported at the heading the issue template nests it under (a missing Baseline
Command at "Evaluation Design") when the body has it, else at the first line.

Why: the planning phase is complete only when all of it is written down, before
development starts.

Fix: add the section (use the issue template, `policycheck new issue`).

Waive: `<!-- policycheck: disable-file=issue-section-missing reason="..." -->` in the body,
or a policy waiver.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from policycheck.casestudy.checks import missing_sections
from policycheck.checking import CheckContext
from policycheck.findings import ERROR, Fact

if TYPE_CHECKING:
    from policycheck.markdown.target import CaseStudyTarget

ID = "issue-section-missing"
SUMMARY = "a case-study issue has every planning-phase section"
TARGET = "issue"
SEVERITY = ERROR


def check(target: CaseStudyTarget, ctx: CheckContext) -> Iterator[Fact]:
    yield from missing_sections(target, "issue")
