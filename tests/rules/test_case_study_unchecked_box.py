"""case-study-unchecked-box: no open box in the report's status tracker (a warning)."""
from __future__ import annotations

from pathlib import Path

from casestudy.support import GOOD_REPORT, REPORTS, report_repository
from rules.support import assert_rule

RULE = "case-study-unchecked-box"
ARGS = ["check-case-study", f"{REPORTS}/r.md"]


def test_an_open_box_in_the_status_tracker_is_a_warning(tmp_path: Path) -> None:
    report = GOOD_REPORT.replace("- [✓] Demo recorded", "- [ ] Demo recorded")
    document = assert_rule(RULE, ARGS, report_repository(tmp_path, report), [(58, 1)])
    assert (document["exit"], document["findings"][0]["severity"]) == (0, "warning")


def test_open_boxes_outside_the_status_tracker_pass(tmp_path: Path) -> None:
    report = GOOD_REPORT.replace("- Opening-hours lookups during coordination.", "- [ ] Opening-hours lookups")
    assert_rule(RULE, ARGS, report_repository(tmp_path, report), [])
