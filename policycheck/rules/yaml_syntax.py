"""yaml-syntax: a YAML file is exactly one well-formed document.

What: syntax errors (at the line and column where the parser stopped), more than one
document (`---` separating several), undefined or recursive aliases, and aliases used to
multiply content past 100,000 values (a "billion laughs" document).

Why: MassGen loads a config with a YAML parser that stops at the first such problem; the
file then cannot run at all.

Fix: correct the YAML at the reported position; keep one document per file.

Waive: not possible; a file that does not parse cannot be checked further.
"""
from __future__ import annotations

from policycheck.findings import ERROR

ID = "yaml-syntax"
SUMMARY = "YAML files must be one well-formed document"
TARGET = "file"
SEVERITY = ERROR
check = None  # enforced by the loader (policycheck.loaders.yaml)
