"""yaml-duplicate-key: a mapping names each key once.

What: the second (and later) occurrence of a key in the same mapping, with the line of the
first. policycheck checks the first occurrence; other YAML readers may keep the last.

Why: which of two values a reader keeps differs between YAML libraries, so the config that
runs may not be the one that was reviewed.

Fix: delete or merge the duplicate key.

Waive: `rules: {yaml-duplicate-key: warning}` in the policy file, or a waiver for the path.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from policycheck.findings import ERROR, Fact

ID = "yaml-duplicate-key"
SUMMARY = "mapping keys must be unique"
TARGET = "config"
SEVERITY = ERROR


def check(target: Any, ctx: Any) -> Iterator[Fact]:
    for path, first, again in target.doc.duplicates:
        name = ".".join(str(p) for p in path)
        yield Fact(f"duplicate key {path[-1]!r} (first defined at line {first.line}); {name} is read from the first",
                   again.line, again.column, hint="remove one of the two keys")
