"""MassGen version numbers (`0.1.8`) as comparable tuples, for profiles and release checks."""
from __future__ import annotations


def version_tuple(text: str | None) -> tuple[int, ...] | None:
    """`"0.1.8"` -> `(0, 1, 8)`; None for anything that is not dotted numbers."""
    if not text:
        return None
    try:
        return tuple(int(part) for part in text.split("."))
    except ValueError:
        return None
