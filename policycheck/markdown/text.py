"""Text helpers of the document model that need no parse: heading keys and HTML comments.

Kept apart from `model` so that the rules, which the registry imports for every command,
load only these (and `model`, with its dataclasses and parser, only when a document is parsed).
"""
from __future__ import annotations

import re

# A link's text and target do not run over another `[` or `(`: a megabyte of `[` stays linear
_MD_MARKUP_RE = re.compile(r"[*_`~]|!?\[([^\[\]]{0,500})\]\([^()]{0,2000}\)")
_KEY_STRIP_RE = re.compile(r"[\W_]+", re.U)


def heading_key(text: str) -> str:
    """`📋 PLANNING PHASE` -> `planning-phase`; `Results & Failure Modes` -> `results-failure-modes`."""
    text = _MD_MARKUP_RE.sub(lambda m: m.group(1) or "", text)
    return _KEY_STRIP_RE.sub("-", text.lower()).strip("-")


def comment_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each `<!-- ... -->`; an unterminated one runs to the end. A linear
    scan: a regex with a lazy `.*?` goes quadratic on many unterminated comments."""
    spans = []
    at = text.find("<!--")
    while at >= 0:
        end = text.find("-->", at + 4)
        stop = len(text) if end < 0 else end + 3
        spans.append((at, stop))
        if end < 0:
            break
        at = text.find("<!--", stop)
    return spans


def blank_comments(text: str) -> str:
    """The text with comments replaced by spaces (newlines kept: positions stay valid)."""
    if "<!--" not in text:
        return text
    parts, last = [], 0
    for start, stop in comment_spans(text):
        parts.append(text[last:start])
        parts.append("".join("\n" if c == "\n" else " " for c in text[start:stop]))
        last = stop
    parts.append(text[last:])
    return "".join(parts)


def strip_comments(text: str) -> str:
    if "<!--" not in text:
        return text
    parts, last = [], 0
    for start, stop in comment_spans(text):
        parts.append(text[last:start])
        last = stop
    parts.append(text[last:])
    return "".join(parts)
