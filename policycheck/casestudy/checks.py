"""What several case-study and issue rules share; each rule's own logic lives in its module.

Shared here: where a section ends and where a heading or the title starts (positions for
findings), the required sections of a target, missing and empty sections (a report rule and
an issue rule each), placeholders and waiver comments (likewise), and the references a
report means to be run with the message for one that finds no config (case-study-config-missing
and case-study-command-config). Everything takes a `CaseStudyTarget` (document model + policy
section) and yields Facts.
"""
from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from policycheck.casestudy import placeholders as placeholder_text
from policycheck.casestudy.profiles import RequiredSection
from policycheck.findings import Fact
from policycheck.markdown import refs
from policycheck.markdown.text import heading_key, strip_comments

if TYPE_CHECKING:
    # The target's module imports the rule registry, which imports this one; the model is
    # loaded only when a document is parsed, not by every command that loads the registry.
    from policycheck.markdown.model import CaseStudyDocument, ConfigRef, Heading
    from policycheck.markdown.target import CaseStudyTarget

# `[ \t]*`, not `\s*`: `\s` spans newlines, and a megabyte of blank lines made it quadratic
_FENCE_RE = re.compile(r"^[ \t]*(```|~~~).*$", re.M)


def section_end(doc: CaseStudyDocument, heading: Heading) -> int:
    """Last line of a section: before the next heading of the same or a higher level."""
    later = [h.line for h in doc.headings if h.line > heading.line and h.level <= heading.level]
    return (min(later) - 1) if later else len(doc.lines)


def required_sections(target: CaseStudyTarget) -> list[RequiredSection]:
    if target.is_issue:
        return list(target.settings.sections)
    return list(target.profile.sections)


def missing_sections(target: CaseStudyTarget, what: str) -> Iterator[Fact]:
    """Each required section no heading answers to, reported where it belongs: at the
    heading of the section the template nests it under (e.g. a missing Baseline Command at
    "Evaluation Design"), the nearest such ancestor the document has; else at the title.
    The templates are the target's (the policy's own report template first, if it names one)."""
    doc = target.doc
    templates = target.templates
    for required in required_sections(target):
        if required.find(doc) is None:
            names = ", ".join(required.aliases)
            parent = expected_parent(doc, required, templates)
            line, column = heading_position(doc, parent) if parent else title_position(doc)
            where = f" (expected under {parent.text!r})" if parent else ""
            yield Fact(f"{what} has no {required.name!r} section{where}", line, column,
                       hint=f"add a heading for it (any of these keys counts: {names}; profile: {target.profile.name})")


def heading_position(doc: CaseStudyDocument, heading: Heading) -> tuple[int, int]:
    """Line and column where a heading starts: its `#` (or text, for setext), or its `<hN`."""
    line = doc.lines[heading.line - 1] if 0 < heading.line <= len(doc.lines) else ""
    if heading.source == "html":
        at = line.lower().find(f"<h{heading.level}")
        if at >= 0:
            return heading.line, at + 1
    return heading.line, len(line) - len(line.lstrip()) + 1


def title_position(doc: CaseStudyDocument) -> tuple[int, int]:
    """Where the title heading starts; 1:1 for a document without one."""
    if doc.title is None:
        return 1, 1
    heading = next((h for h in doc.headings if h.line == doc.title.line), None)
    return heading_position(doc, heading) if heading else (doc.title.line, 1)


def expected_parent(doc: CaseStudyDocument, required: RequiredSection,
                    templates: list[CaseStudyDocument]) -> Heading | None:
    """The document's heading for the nearest template ancestor of a required section (the
    first template that has the section decides), or None."""
    for template in templates:
        found = required.find(template)
        if found is None:
            continue
        template_chains = _ancestor_keys(template)
        doc_chains = _ancestor_keys(doc)
        for ancestor in _ancestors(template, found):
            candidates = [h for h in doc.headings if h.key == ancestor.key]
            if candidates:
                # Two sections may share a key ("Evaluation Analysis" in the planning phase,
                # "EVALUATION & ANALYSIS" later): prefer the one nested as in the template.
                wanted = template_chains[id(ancestor)]
                return max(candidates, key=lambda h: (doc_chains[id(h)] == wanted,
                                                      len(set(doc_chains[id(h)]) & set(wanted)), -h.line))
        return None
    return None


def _ancestors(doc: CaseStudyDocument, heading: Heading) -> list[Heading]:
    """The headings `heading` is nested under, nearest first (the title is none of them)."""
    def path(nodes: list[Heading]) -> list[Heading] | None:
        for node in nodes:
            if node is heading:
                return []
            below = path(node.children)
            if below is not None:
                return [*below, node]
        return None

    title_line = doc.title.line if doc.title else None
    return [h for h in path(doc.sections) or [] if h.line != title_line]


def _ancestor_keys(doc: CaseStudyDocument) -> dict[int, tuple[str, ...]]:
    """id(heading) -> the keys of the headings it is nested under, nearest first, the title
    left out (older reports nest everything under their title, newer ones do not)."""
    title_line = doc.title.line if doc.title else None
    out: dict[int, tuple[str, ...]] = {}

    def walk(nodes: list[Heading], above: tuple[str, ...]) -> None:
        for node in nodes:
            out[id(node)] = above
            walk(node.children, above if node.line == title_line else (node.key, *above))

    walk(doc.sections, ())
    return out


def empty_sections(target: CaseStudyTarget, what: str, ignore_placeholders: bool) -> Iterator[Fact]:
    placeholders = target.settings.placeholders if ignore_placeholders else ()
    for required in required_sections(target):
        heading = required.find(target.doc)
        if heading is None:
            continue
        if not _has_content(heading, placeholders):
            why = "is empty" if not heading.has_content() else "holds only template text"
            # the heading as the document writes it; the policy's name only when it differs
            called = "" if heading_key(required.name) == heading.key else f" (the policy's {required.name!r})"
            yield Fact(f"{what} section {heading.text!r}{called} {why}", *heading_position(target.doc, heading),
                       hint=f"write the section's content under {heading.text!r}")


def _has_content(heading: Heading, placeholders: Collection[str]) -> bool:
    """Anything left once comments, bare fences and every line holding a placeholder (the
    templates' instructions are one line each) are gone."""
    text = _FENCE_RE.sub("", strip_comments(heading.all_text()))
    lines = [line for line in text.splitlines() if not any(p and p in line for p in placeholders)]
    return any(line.strip() for line in lines)


def placeholder_facts(target: CaseStudyTarget) -> Iterator[Fact]:
    for hit in placeholder_text.find(target.text, target.settings.placeholders):
        yield Fact(f"template placeholder {hit.text!r} is still here", hit.line, hit.column,
                   hint="replace it with the real content (placeholders are listed in the policy)")


def waiver_facts(target: CaseStudyTarget) -> Iterator[Fact]:
    """Waiver comments that waive nothing (malformed, no reason) or name a rule that does not exist."""
    for bad in target.bad_waivers:
        yield Fact(bad.message, bad.line, 1, hint='write it as <!-- policycheck: disable=RULE reason="why" -->')
    for waiver in target.waivers:
        unknown = [r for r in waiver.rules if r != "*" and r not in target.known_rules]
        if unknown:
            yield Fact(f"waiver names unknown rule(s): {', '.join(unknown)}", waiver.line, 1,
                       hint="`policycheck explain RULE` lists what each rule id means")


# --- config references in reports ---------------------------------------------------------

def runnable_refs(target: CaseStudyTarget) -> list[ConfigRef]:
    """The config references a report means to be run: a MassGen command's `--config`, a
    link's target, or anything written in one of the policy's config sections
    (`case_studies.config_sections`: Baseline Config, New Config). A path quoted in a prompt,
    a transcript or sample output names a file on someone's machine, not a config to run."""
    doc = target.doc
    keys = {heading_key(k) for k in target.settings.config_sections}
    ranges = [(h.line, section_end(doc, h)) for h in doc.headings if h.key in keys]
    return [ref for ref in doc.config_refs
            if ref.context in ("command", "link") or any(a <= ref.line <= b for a, b in ranges)]


def config_missing_message(what: str, text: str, resolved: str | None, root: Path) -> str:
    """Why a reference finds no config: outside the repository, ambiguous, or not there.
    (case-study-config-missing and case-study-command-config.)"""
    if resolved and not refs.inside_root(resolved, root):
        return (f"{what} {text!r} lies outside the repository root (resolves to {resolved});"
                " only configs in the repository count, and nothing outside it is read")
    if text.startswith("@examples/"):
        matches = refs.examples_matches(text[len("@examples/"):], root)
        if len(matches) > 1:
            return f"{what} {text!r} is ambiguous: it matches {len(matches)} configs ({', '.join(matches)})"
    return f"{what} {text!r} does not exist (looked for {resolved})"
