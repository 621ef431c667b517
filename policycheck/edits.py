"""Edits a rule attaches to a fact: what `policycheck fix` may change, and nothing else.

An edit is a set of replacements in one file, each of an exact text `old` at a 1-based line
and column (the positions the document models give) by `new`. The fixer applies an edit only
where every `old` is still found at its position, so an edit made for another version of the
file is never applied. Every character outside the replacements stays as it was.
"""
from __future__ import annotations

from typing import NamedTuple


class Replacement(NamedTuple):
    line: int
    column: int
    old: str
    new: str

    @property
    def end(self) -> tuple[int, int]:
        """The (line, column) just after `old`."""
        lines = self.old.split("\n")
        if len(lines) == 1:
            return self.line, self.column + len(self.old)
        return self.line + len(lines) - 1, len(lines[-1]) + 1

    def as_dict(self) -> dict[str, object]:
        end_line, end_column = self.end
        return {"line": self.line, "column": self.column, "end_line": end_line, "end_column": end_column,
                "old": self.old, "new": self.new}


class Edit(NamedTuple):
    """A rule's repair of one finding. `safe` when what MassGen does is unchanged (the fixer
    applies unsafe edits only with --unsafe); `description` says what it does, for people."""

    path: str
    replacements: tuple[Replacement, ...]
    description: str
    safe: bool = True

    def as_dict(self) -> dict[str, object]:
        return {"path": self.path, "description": self.description, "safe": self.safe,
                "replacements": [r.as_dict() for r in self.replacements]}
