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

from collections.abc import Iterator
from typing import Any

from policycheck.findings import ERROR, Fact

ID = "case-study-broken-link"
SUMMARY = "relative links and images in a report resolve"
TARGET = "case-study"
SEVERITY = ERROR


def check(target: Any, ctx: Any) -> Iterator[Fact]:
    from policycheck.casestudy.checks import broken_links

    yield from broken_links(target, ctx.root)
