"""file-too-large: checked files stay under the policy's size limit.

What: a file larger than `limits.max_file_bytes` (default 1 MiB) is reported and not read.

Why: configs and case-study reports are small; a huge file is a mistake (a log or a data
dump under the wrong name) and reading it would stall a commit hook.

Fix: move the file out of the checked globs, or raise `limits.max_file_bytes`.

Waive: a waiver for the path (it will then not be checked at all).
"""
from __future__ import annotations

from policycheck.findings import ERROR

ID = "file-too-large"
SUMMARY = "files must not exceed limits.max_file_bytes"
TARGET = "file"
SEVERITY = ERROR
check = None  # enforced by the loader (policycheck.loaders.files)
