"""file-too-large: checked files stay under the policy's size limit.

What: a file larger than `limits.max_file_bytes` (default 1 MiB) is reported and not read;
a config with more YAML values than `limits.max_yaml_values` (default 50,000) or a Markdown
report or issue body with more line ends, Markdown punctuation and list items than
`limits.max_markdown_marks` (default 20,000) is reported and not parsed.

Why: configs and case-study reports are small; a huge file is a mistake (a log or a data
dump under the wrong name) and reading it would stall a commit hook. Parsing time grows with
the constructs in a file more than with its bytes (`bench/adversarial.py` measures both).

Fix: move the file out of the checked globs, split it, or raise the limit it names.

Waive: a waiver for the path (it will then not be checked at all).
"""
from __future__ import annotations

from policycheck.findings import ERROR

ID = "file-too-large"
SUMMARY = "files must not exceed limits.max_file_bytes"
TARGET = "file"
SEVERITY = ERROR
check = None  # enforced by the loader (policycheck.loaders.files)
