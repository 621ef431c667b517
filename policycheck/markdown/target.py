"""The case-study target handed to `case-study` rules, and its loader for the pipeline.

`load_case_study(text_file, ctx)` parses the report into the document model
(`policycheck.markdown.model`), picks the policy profile for its version and collects its
inline waivers. `CaseStudyTarget.waiver_for(finding)` is what the pipeline asks to mark
findings covered by an inline waiver as waived.

The rule modules import this module only for type checking: it imports the rule registry
(the ids a waiver may name), and the registry imports them.
"""
from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from policycheck.casestudy.profiles import Profile, case_study_settings, select_profile
from policycheck.casestudy.scaffold import builtin
from policycheck.findings import Fact, Finding
from policycheck.loaders import LoadFailure
from policycheck.loaders.files import SUPPORT_MAX_BYTES, read_text
from policycheck.markdown import waivers as waiver_comments
from policycheck.markdown.model import CaseStudyDocument, parse_document
from policycheck.rules import RULES

if TYPE_CHECKING:
    from policycheck.checking import CheckContext
    from policycheck.loaders.files import TextFile
    from policycheck.settings import DocumentSettings

_UNWAIVABLE = ("markdown-waiver", "issue-waiver")  # a waiver cannot excuse itself
# Characters that start or end a Markdown construct (a line, a link, emphasis, code, HTML,
# a table cell...). mistune spends 10-40 us on each in pure Python, so a megabyte of `[`,
# `[x][r]` or table cells took 5-25 s; the largest MassGen report of the corpus has 2,022.
MARKS = "[]*_`<>|!#~&\\\n"  # the policy's limits.max_markdown_marks bounds how many a document holds
# A list item costs mistune about 100 us (a nested one more): 19,000 lines of nested numbered
# items took 2.5 s to parse, against 0.09 s for as many lines of prose (bench/adversarial.py).
_LIST_ITEM = re.compile(r"^[ \t]*(?:[-*+]|[0-9]{1,9}[.)])(?:[ \t]|$)", re.MULTILINE)
LIST_ITEM_WEIGHT = 3  # marks a list item counts for (its line end included)


@dataclass
class CaseStudyTarget:
    doc: CaseStudyDocument
    text: str
    settings: DocumentSettings  # the policy's case_studies or issues settings
    profile: Profile
    # What the document is: "report" (a case study, held to its profile's sections) or
    # "issue" (a planning-phase issue body, held to the policy's `issues.sections`). Never
    # inferred from the profile's name: a team may call one of its profiles "issue".
    kind: str = "report"
    waivers: list[waiver_comments.InlineWaiver] = field(default_factory=list)
    bad_waivers: list[waiver_comments.BadWaiver] = field(default_factory=list)
    known_rules: frozenset[str] = frozenset()  # the rule ids a waiver comment may name
    # The skeletons whose nesting says where a missing section belongs (the policy's own
    # report template before the built-in one).
    templates: list[CaseStudyDocument] = field(default_factory=list)

    @property
    def is_issue(self) -> bool:
        return self.kind == "issue"

    def waiver_for(self, finding: Finding) -> str | None:
        if finding.path != self.doc.path or finding.rule in _UNWAIVABLE:
            return None
        for waiver in self.waivers:
            if waiver.covers(finding.rule, finding.line):
                return f"{waiver.reason} (inline waiver at line {waiver.line})"
        return None


def make_target(text: str, path: str, ctx: CheckContext, section: str) -> CaseStudyTarget:
    """`section` is the policy section the document answers to: "case_studies" (a report)
    or "issues" (an issue body). A text of more than `limits.max_markdown_marks` marks is a
    LoadFailure."""
    _bound_marks(text, ctx.policy.settings.max_markdown_marks)
    doc = parse_document(text, path, ctx.root)
    report = section == "case_studies"
    settings = case_study_settings(ctx.policy) if report else ctx.policy.settings.issues
    good, bad = waiver_comments.collect(doc)
    profile = select_profile(doc, settings) if report else Profile("issue")
    return CaseStudyTarget(doc, text, settings, profile, kind="report" if report else "issue",
                           waivers=good, bad_waivers=bad, known_rules=frozenset(RULES),
                           templates=_templates(report, settings, ctx.root))


def markdown_marks(text: str) -> int:
    """What a text costs to parse, in marks: each of MARKS, and each list item counted
    LIST_ITEM_WEIGHT times (a few milliseconds for a megabyte: one `str.count` per mark)."""
    return sum(text.count(mark) for mark in MARKS) + (LIST_ITEM_WEIGHT - 1) * len(_LIST_ITEM.findall(text))


def _bound_marks(text: str, limit: int) -> None:
    """Refuse, before parsing, a text that holds more Markdown constructs than a report could."""
    marks = markdown_marks(text)
    if marks > limit:
        raise LoadFailure("file-too-large", Fact(
            f"too large to check: {marks} Markdown marks (line ends and {MARKS[:-1]}; a list item counts"
            f" {LIST_ITEM_WEIGHT}), more than the"
            f" {limit} policycheck parses in one document (limits.max_markdown_marks)",
            hint="split the document, or move data (logs, tables, transcripts) to a linked file"))


def load_case_study(text_file: TextFile, ctx: CheckContext) -> CaseStudyTarget:
    """Pipeline loader for kind "case-study"."""
    try:
        return make_target(text_file.text, ctx.path, ctx, "case_studies")
    except RecursionError:  # a safety net: mistune bounds nesting, but never let it crash a hook
        fact = Fact("Markdown nested too deeply to parse", hint="flatten the nesting")
        raise LoadFailure("file-unreadable", fact) from None


def _templates(report: bool, settings: DocumentSettings, root: Path) -> list[CaseStudyDocument]:
    """For a report, the policy's own template (when it names a readable one) before the
    built-in one; for an issue, the built-in issue template."""
    if not report:
        return [_builtin_template("issue.md")]
    out = []
    custom = settings.template or ""
    if custom:
        try:
            out.append(_parsed_template(read_text(str(root / custom), SUPPORT_MAX_BYTES, (root,)).text))
        except LoadFailure:
            pass  # `policycheck new case-study` reports an unreadable template; here it only guides
    out.append(_builtin_template("report.md"))
    return out


@functools.lru_cache(maxsize=4)
def _builtin_template(name: str) -> CaseStudyDocument:
    return _parsed_template(builtin(name))


@functools.lru_cache(maxsize=4)
def _parsed_template(text: str) -> CaseStudyDocument:
    # Only the headings are used: the root given resolves no config anyone relies on.
    return parse_document(text, "template.md", Path(os.devnull))
