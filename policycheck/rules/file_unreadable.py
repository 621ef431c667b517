"""file-unreadable: a checked path must be a readable file.

What: the path named on the command line (or by pre-commit) does not exist, is a directory
that selected no files, or cannot be read (permissions, I/O error).

Why: a file that cannot be read cannot be checked, and silence would look like a pass.

Fix: name an existing file, or fix its permissions.

Waive: not useful; remove the path from the command instead.
"""
from __future__ import annotations

from policycheck.findings import ERROR

ID = "file-unreadable"
SUMMARY = "the path must be a readable file"
TARGET = "file"
SEVERITY = ERROR
check = None  # enforced by the loader (policycheck.loaders.files)
