"""Inline waivers in Markdown: HTML comments that waive named rules, with a reason.

    <!-- policycheck: disable=case-study-placeholder reason="quoting the template on purpose" -->
    <!-- policycheck: disable-file=case-study-broken-link,case-study-placeholder reason="..." -->

`disable=` covers the next block (a paragraph, list, code block, table, heading...): from the
line after the comment to the line before the block after that. `disable-file=` covers the
whole file. `*` names every rule. Waived findings are reported as waived, never dropped; a
waiver comment with no reason (or a malformed one) waives nothing and is itself a finding
(`markdown-waiver`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from policycheck.markdown.model import Block, CaseStudyDocument, Comment

_PREFIX_RE = re.compile(r"^\s*policycheck\s*:", re.I)
_DIRECTIVE_RE = re.compile(
    r"""^\s*policycheck\s*:\s*(?P<scope>disable|disable-file)\s*=\s*(?P<rules>[\w*,\s-]+?)"""
    r"""(?:\s+reason\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'))?\s*$""", re.I | re.S)


@dataclass(frozen=True)
class InlineWaiver:
    rules: tuple[str, ...]
    reason: str
    line: int  # of the comment
    first: int  # first covered line
    last: int  # last covered line

    def covers(self, rule: str, line: int) -> bool:
        return (rule in self.rules or "*" in self.rules) and self.first <= line <= self.last


@dataclass(frozen=True)
class BadWaiver:
    line: int
    message: str


def collect(doc: CaseStudyDocument) -> tuple[list[InlineWaiver], list[BadWaiver]]:
    """The document's waivers, and the waiver comments that are not valid."""
    good: list[InlineWaiver] = []
    bad: list[BadWaiver] = []
    for comment in doc.comments:
        if not _PREFIX_RE.match(comment.text):
            continue
        m = _DIRECTIVE_RE.match(comment.text)
        if not m:
            bad.append(BadWaiver(comment.line, "malformed policycheck comment: expected"
                                 ' `policycheck: disable=RULE reason="why"` or `disable-file=RULE reason="why"`'))
            continue
        rules = tuple(r.strip() for r in m.group("rules").split(",") if r.strip())
        reason = (m.group("dq") if m.group("dq") is not None else m.group("sq") or "").strip()
        if not reason:
            bad.append(BadWaiver(comment.line, f"waiver for {', '.join(rules)} has no reason; it waives nothing"))
            continue
        if m.group("scope").lower() == "disable-file":
            good.append(InlineWaiver(rules, reason, comment.line, 1, max(1, len(doc.lines))))
        else:
            first, last = _next_block(doc.blocks, comment)
            good.append(InlineWaiver(rules, reason, comment.line, first, last))
    return good, bad


def _next_block(blocks: list[Block], comment: Comment) -> tuple[int, int]:
    for block in blocks:
        if block.line > comment.end_line:
            return block.line, block.end_line
    return comment.end_line + 1, comment.end_line  # nothing follows: covers nothing
