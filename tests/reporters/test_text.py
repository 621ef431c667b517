from __future__ import annotations

import io

import pytest
from helpers import finding, report

from policycheck.reporters import text

REPORT = report(file=2, findings=[
    finding("yaml-syntax", "error", "a.yaml", 3, 7, "YAML syntax error: bad", "fix it"),
    finding("file-encoding", "warning", "b.yaml", 1, 1, "BOM"),
    finding("yaml-duplicate-key", "error", "b.yaml", 4, 1, "dup", waived="legacy file"),
])


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_plain_text_lines_and_summary(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    stream = io.StringIO()
    text.write(REPORT, stream)
    assert stream.getvalue() == (
        "a.yaml:3:7: error yaml-syntax YAML syntax error: bad\n"
        "    hint: fix it\n"
        "b.yaml:1:1: warning file-encoding BOM\n"
        "b.yaml:4:1: waived yaml-duplicate-key dup (waived: legacy file)\n"
        "2 files checked: 1 error, 1 warning, 1 waived\n"
    )


def test_colour_only_on_a_tty_and_never_with_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    tty = _Tty()
    text.write(REPORT, tty)
    assert "\033[31merror\033[0m" in tty.getvalue()
    monkeypatch.setenv("NO_COLOR", "1")
    tty = _Tty()
    text.write(REPORT, tty)
    assert "\033[" not in tty.getvalue()


def test_a_newline_in_a_path_keeps_one_finding_on_one_line() -> None:
    odd = finding("yaml-syntax", "error", "odd\nname.yaml", 1, 2, "bad")
    assert text.format_finding(odd) == "odd\\nname.yaml:1:2: error yaml-syntax bad"


def test_summary_counts_what_was_checked() -> None:
    assert text.summary_line(report(branch=1)) == "1 branch checked: 0 errors, 0 warnings"
    assert text.summary_line(report(file=0)) == "0 files checked: 0 errors, 0 warnings"
