"""case-study-section-missing: a report has every section its profile requires.

What: the policy's profile for the report's version (`case_studies.profiles`; the title's
version picks it; a title without a version gets `default_profile`, by default legacy,
which requires no section) lists required sections, each with aliases (heading keys: lower case,
emoji and punctuation removed, so `#### Results & Failure Modes` and
`<h3>Results &amp; Failure Modes</h3>` both give `results-failure-modes`). A section none
of whose aliases appears as a heading (Markdown or raw HTML) is reported where it belongs:
at the heading of the section the case-study template nests it under (a missing Baseline
Command at "Evaluation Design"; the policy's own `case_studies.template` is consulted first),
the nearest such section the report has, else at the title.

Why: the template's sections are how a reader finds the prompt, the baseline, the command,
the demo and the verdict; old reports (before v0.0.12) are held to the rules of their time.

Fix: add the heading and its content, or add your heading's key as an alias in the policy.

Waive: `<!-- policycheck: disable=case-study-section-missing reason="..." -->` before the
title (or `disable-file=`), or a policy waiver for the path.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from policycheck.casestudy.checks import missing_sections
from policycheck.checking import CheckContext
from policycheck.findings import ERROR, Fact

if TYPE_CHECKING:
    from policycheck.markdown.target import CaseStudyTarget

ID = "case-study-section-missing"
SUMMARY = "a report has every section its version's profile requires"
TARGET = "case-study"
SEVERITY = ERROR


def check(target: CaseStudyTarget, ctx: CheckContext) -> Iterator[Fact]:
    yield from missing_sections(target, "report")
