"""A megabyte (just under the default size limit) of Markdown built to make the document's
regular expressions backtrack: check-case-study and check-issue parse it and finish (under a
60 s hang guard, not a timing: `bench/adversarial.py` measures them; before the fixes they
were quadratic). The policy raises `limits.max_markdown_marks` so that every text is parsed."""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_policycheck

SIZE = (1 << 20) - 1024  # under limits.max_file_bytes: the whole text is parsed
HANG_GUARD = 60.0  # seconds: a run past this fails the test
POLICY = "version: 1\nlimits: {max_markdown_marks: 10000000}\n"

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
    (tmp_path / ".policycheck.yaml").write_text(POLICY)
    run = run_policycheck("check-case-study", str(report), "--format", "json", cwd=tmp_path, timeout=HANG_GUARD)
    assert "file-too-large" not in run.out
    assert run.code in (0, 1) and "Traceback" not in run.err, run.err[-2000:]


@pytest.mark.parametrize("kind", ["config-paths", "html-headings"])
def test_check_issue_is_linear(tmp_path: Path, kind: str) -> None:
    body = tmp_path / "issue.md"
    body.write_text(_document(kind))
    (tmp_path / ".policycheck.yaml").write_text(POLICY)
    run = run_policycheck("check-issue", "--body-file", str(body), "--format", "json", cwd=tmp_path,
                          timeout=HANG_GUARD)
    assert "file-too-large" not in run.out
    assert run.code in (0, 1) and "Traceback" not in run.err, run.err[-2000:]
