"""A megabyte (just under the default size limit) of Markdown built to make the document's
regular expressions backtrack: check-case-study and check-issue finish in well under 2 s
(measured; asserted with a generous bound for a loaded machine)."""
from __future__ import annotations

import time
from pathlib import Path

import pytest
from conftest import run_policycheck

SIZE = (1 << 20) - 1024  # under limits.max_file_bytes: the whole text is parsed
BOUND = 5.0

HOSTILE = {
    "blank-lines": "\n" * SIZE,  # `^\s*(```|~~~)` (multi-line) was quadratic
    "html-headings": "<h1>" * (SIZE // 4),  # a heading's text scanned 2,000 characters from each
    "angle-brackets": "<" * SIZE,
    "html-links": "<a " * (SIZE // 3),
    "link-brackets": "# " + "[" * SIZE,  # a heading's key: `\[([^\]]{0,500})\]` from every `[`
    "config-paths": "massgen/configs/" * (SIZE // 16),
}


def _document(kind: str) -> str:
    return "# Case Study: hostile v0.1.0\n\n" + HOSTILE[kind]


# check-case-study on the other kinds spends its time in mistune's inline tokens (one per `<`
# or `[`: 5-25 s for a megabyte, check-issue alike), linear but slow: left to the finding and size work (issue 11.5)
@pytest.mark.parametrize("kind", ["config-paths", "html-headings"])
def test_check_case_study_is_linear(tmp_path: Path, kind: str) -> None:
    report = tmp_path / "report.md"
    report.write_text(_document(kind))
    start = time.monotonic()
    run = run_policycheck("check-case-study", str(report), "--format", "json", cwd=tmp_path)
    elapsed = time.monotonic() - start
    assert run.code in (0, 1) and "Traceback" not in run.err, run.err[-2000:]
    assert elapsed < BOUND


@pytest.mark.parametrize("kind", ["config-paths", "html-headings"])
def test_check_issue_is_linear(tmp_path: Path, kind: str) -> None:
    body = tmp_path / "issue.md"
    body.write_text(_document(kind))
    start = time.monotonic()
    run = run_policycheck("check-issue", "--body-file", str(body), "--format", "json", cwd=tmp_path)
    elapsed = time.monotonic() - start
    assert run.code in (0, 1) and "Traceback" not in run.err, run.err[-2000:]
    assert elapsed < BOUND
