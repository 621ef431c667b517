"""yaml-duplicate-key: a mapping names each key once.

What: the second (and later) occurrence of a key in the same mapping, with the line of the
first. MassGen's reader (PyYAML) silently keeps the last value, and so do policycheck's
other checks; other YAML readers refuse the file or keep the first.

Why: the value a reviewer sees first is not the one that runs, and which one wins differs
between YAML libraries.

Fix: delete or merge the duplicate key.

Waive: `rules: {yaml-duplicate-key: warning}` in the policy file, or a waiver for the path.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from policycheck.configs.document import dotted
from policycheck.findings import ERROR, Fact

ID = "yaml-duplicate-key"
SUMMARY = "mapping keys must be unique"
TARGET = "config"
SEVERITY = ERROR


def check(target: Any, ctx: Any) -> Iterator[Fact]:
    for path, first, again in target.doc.duplicates:
        name = dotted(path)
        yield Fact(f"duplicate key {path[-1]!r} (first defined at line {first.line}); MassGen reads {name} from"
                   f" this last one",
                   again.line, again.column, hint="remove one of the two keys")
