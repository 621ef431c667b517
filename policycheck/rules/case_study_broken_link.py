"""case-study-broken-link: relative links and images in a report resolve.

What: every Markdown or HTML link and image whose target is a relative path (not a URL,
not `#anchor`, not site-absolute `/...`) must name an existing file or folder, resolved from
the report's own folder (as GitHub and Sphinx resolve it). Query and anchor are ignored.

Why: links written for another folder break when a report moves; the real reports link
configs as `../../massgen/configs/...`, which resolves to docs/source/massgen/... from
docs/source/examples/case_studies/.

Fix: correct the path (the hint gives the right one for configs), or link a URL.

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
from policycheck.findings import ERROR, Fact
from policycheck.loaders.files import is_file

if TYPE_CHECKING:
    from policycheck.markdown.model import Link
    from policycheck.markdown.target import CaseStudyTarget

ID = "case-study-broken-link"
SUMMARY = "relative links and images in a report resolve"
TARGET = "case-study"
SEVERITY = ERROR
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
                yield Fact(f"{kind} target {item.url!r} does not exist (resolves to {ctx.policy.relpath(resolved)})",
                           item.line, item.column, hint=_hint(rel, folder, ctx.root))


def is_relative_link(url: str) -> bool:
    url = url.strip()
    return bool(url) and not url.startswith(("#", "//", "/")) and not _SCHEME_RE.match(url)


def _relative_target(item: Link) -> str | None:
    """The file part of a relative link (query and anchor dropped, %-escapes decoded), or None."""
    if not is_relative_link(item.url):
        return None
    return unquote(item.url.strip().split("#", 1)[0].split("?", 1)[0]) or None


def _hint(rel: str, folder: Path, root: Path) -> str:
    """A config linked as if from another folder: the link that reaches it from this one."""
    if "massgen/configs/" in rel:
        config = root / rel[rel.index("massgen/configs/"):]
        if is_file(config):
            return f"link it as {os.path.relpath(config, folder)} (relative links resolve from the document's folder)"
    return "relative links resolve from the document's folder"
