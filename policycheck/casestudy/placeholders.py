"""Template placeholders left in a document: literal text from the policy's list.

Searched in the whole source, code blocks included (the templates put `xxx.yaml` and
`[Insert your evaluation prompt here]` inside code blocks), but not inside HTML comments,
which readers never see (the templates' instructions live there).
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from policycheck.markdown.text import blank_comments


@dataclass(frozen=True)
class Hit:
    text: str
    line: int
    column: int


def visible_text(text: str) -> str:
    """The source with HTML comments blanked (newlines kept, so positions stay)."""
    return blank_comments(text)


def find(text: str, placeholders: Iterable[str]) -> Iterator[Hit]:
    visible = visible_text(text)
    starts = [0] + [m.end() for m in re.finditer("\n", visible)]
    for placeholder in placeholders:
        if not placeholder:
            continue
        at = visible.find(placeholder)
        while at >= 0:
            index = bisect.bisect_right(starts, at) - 1
            yield Hit(placeholder, index + 1, at - starts[index] + 1)
            at = visible.find(placeholder, at + len(placeholder))
