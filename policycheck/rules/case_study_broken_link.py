"""case-study-broken-link: relative links and images in a report resolve.

What: every Markdown or HTML link and image whose target is a relative path (not a URL,
not `#anchor`, not site-absolute `/...`) must name an existing file or folder, resolved from
the report's own folder (as GitHub and Sphinx resolve it). Query and anchor are ignored.

Why: links written for another folder break when a report moves; the real reports link
configs as `../../massgen/configs/...`, which resolves to docs/source/massgen/... from
docs/source/examples/case_studies/.

Fix: correct the path (the hint gives the right one for configs), or link a URL.
`policycheck fix` writes the hinted path in place of the link's path (anchor and query kept)
when the hinted file exists: the link then opens the file it was written for.

Waive: `<!-- policycheck: disable=case-study-broken-link reason="..." -->` before the
block, or a policy waiver.
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote

from policycheck.checking import CheckContext
from policycheck.edits import Edit, Replacement
from policycheck.findings import ERROR, Fact
from policycheck.loaders.files import is_file

if TYPE_CHECKING:
    from policycheck.markdown.model import Link
    from policycheck.markdown.target import CaseStudyTarget

ID = "case-study-broken-link"
SUMMARY = "relative links and images in a report resolve"
TARGET = "case-study"
SEVERITY = ERROR
FIX = ("safe: a config linked as if from another folder is relinked to the hinted path, when that"
       " file exists; only the link's path changes")
_LINK_OPENERS = "(<\"'"  # what precedes a link's target in Markdown (`](`, `<`) and HTML (quotes)
_SCHEME_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def check(target: CaseStudyTarget, ctx: CheckContext) -> Iterator[Fact]:
    folder = Path(target.doc.path).parent
    for kind, items in (("link", target.doc.links), ("image", target.doc.images)):
        for item in items:
            rel = _relative_target(item)
            if rel is None:
                continue
            resolved = Path(os.path.normpath(folder / rel))
            if not os.path.exists(resolved):  # a stat (a too-long path is False, not an error)
                config = _hinted_config(rel, ctx.root)
                hint = "relative links resolve from the document's folder"
                if config is not None:
                    hint = f"link it as {os.path.relpath(config, folder)} ({hint})"
                yield Fact(f"{kind} target {item.url!r} does not exist (resolves to {ctx.policy.relpath(resolved)})",
                           item.line, item.column, hint=hint, fix=_fix(target, item, rel, config))


def is_relative_link(url: str) -> bool:
    url = url.strip()
    return bool(url) and not url.startswith(("#", "//", "/")) and not _SCHEME_RE.match(url)


def _relative_target(item: Link) -> str | None:
    """The file part of a relative link (query and anchor dropped, %-escapes decoded), or None."""
    if not is_relative_link(item.url):
        return None
    return unquote(item.url.strip().split("#", 1)[0].split("?", 1)[0]) or None


def _hinted_config(rel: str, root: Path) -> Path | None:
    """A config linked as if from another folder: the file it names, when it exists."""
    if "massgen/configs/" in rel:
        config = root / rel[rel.index("massgen/configs/"):]
        if is_file(config):
            return config
    return None


def _fix(target: CaseStudyTarget, item: Link, rel: str, config: Path | None) -> Edit | None:
    """The link's path, found as written after the link's start, replaced by the hinted one."""
    if config is None or target.is_issue:
        return None
    folder = Path(target.doc.path).parent
    new = Path(os.path.relpath(config, folder)).as_posix()
    found = _written_at(target.text, item, rel)
    if found is None:
        return None
    line, column = found
    return Edit(target.doc.path, (Replacement(line, column, rel, new),), f"link {rel} -> {new}")


def _written_at(text: str, item: Link, rel: str) -> tuple[int, int] | None:
    """Where the link's path is written (line, column): its first occurrence after the link's
    start that opens a target (a label may repeat the path). None when it is written otherwise
    (%-escapes, entities): the fix needs the exact text."""
    lines = text.split("\n")
    if not 0 < item.line <= len(lines):
        return None
    start = sum(len(line) + 1 for line in lines[:item.line - 1]) + item.column - 1
    index = text.find(rel, start)
    while index > 0 and text[index - 1] not in _LINK_OPENERS:
        index = text.find(rel, index + 1)
    if index <= 0 or text.count("\n", start, index) > 2:
        return None
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1
