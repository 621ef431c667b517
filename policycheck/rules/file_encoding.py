"""file-encoding: checked files are UTF-8 text, without a byte order mark.

What: an error when a file is binary (NUL bytes) or is not valid UTF-8, at the line and
column of the first byte that cannot be decoded; a warning when a file starts with a UTF-8
byte order mark (the file is still checked, as if the mark were absent).

Why: MassGen reads configs and Markdown as UTF-8; a BOM confuses diffs and some YAML readers.

Fix: re-save the file as UTF-8 (without BOM).

Waive: `rules: {file-encoding: off}` in the policy file, or a waiver for the path.
"""
from __future__ import annotations

from policycheck.findings import ERROR

ID = "file-encoding"
SUMMARY = "files must be UTF-8 text without a byte order mark"
TARGET = "file"
SEVERITY = ERROR
check = None  # enforced by the loader (policycheck.loaders.files)
