"""The audit's formats, in-process on a hand-made result: colour only when asked (a TTY), the
history table, and Markdown cells that cannot break the table."""
from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from policycheck.audit.history import HistoryEntry, Release
from policycheck.audit.items import FAIL, PASS, Item
from policycheck.audit.report import Audit, markdown, text

NOW = datetime.datetime(2026, 12, 4, 8, 0, tzinfo=ZoneInfo("America/Los_Angeles"))


def _audit() -> Audit:
    audit = Audit(NOW, "America/Los_Angeles", release="0.1.13")
    audit.items = [Item("configs", PASS, "2 files checked, no errors"),
                   Item("release report", FAIL, "no report | yet", "policycheck new case-study --version 0.1.13")]
    audit.history = [HistoryEntry(Release("0.1.12", "c" * 40, "tag v0.1.12"), False, None, None)]
    return audit


def test_colour_paints_the_status_and_the_verdict_only_when_asked() -> None:
    plain, painted = text(_audit()), text(_audit(), colour=True)
    assert "\x1b[" not in plain
    assert "\x1b[31mFAIL  \x1b[0m" in painted and "\x1b[32mPASS  \x1b[0m" in painted
    assert painted.splitlines()[-1] == "\x1b[31mNOT READY: release v0.1.13: blocked by release report\x1b[0m"


def test_text_puts_blocking_items_first_and_shows_the_history() -> None:
    lines = text(_audit()).splitlines()
    assert lines[1].startswith("release report  FAIL    no report | yet")
    assert lines[2].startswith("configs         PASS")
    assert "  v0.1.12  no  never  -" in lines
    assert "  1 releases: 0 on time, 0 covered later, 1 never" in lines


def test_markdown_escapes_pipes_in_cells() -> None:
    assert "| release report | fail | no report \\| yet | policycheck new case-study --version 0.1.13 |" in (
        markdown(_audit()))
