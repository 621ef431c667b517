"""file-unreadable: a checked path must be a readable file.

What: the path named on the command line (or by pre-commit) does not exist, is a directory
that selected no files, or cannot be read (permissions, I/O error, a path too long for the
system); a folder that cannot be listed; a pipe, socket or device, which is never opened; a
file inside the repository that resolves outside it (a symbolic link) or into /proc, /sys or
/dev, which is not read.

Why: a file that cannot be read cannot be checked, and silence would look like a pass. A
symbolic link a pull request adds could otherwise have a secret (`/proc/self/environ`, a
credentials file) quoted in findings, and so in a public CI log; a pipe would hang the check.

Fix: name an existing file, or fix its permissions; replace a symbolic link by the file, or
list the folder it points into in the policy's `limits.allowed_roots`.

Waive: not useful; remove the path from the command instead.
"""
from __future__ import annotations

from policycheck.findings import ERROR

ID = "file-unreadable"
SUMMARY = "the path must be a readable file"
TARGET = "file"
SEVERITY = ERROR
check = None  # enforced by the loader (policycheck.loaders.files)
