"""case-study-section-empty: a required section of a report has content."""
from __future__ import annotations

from pathlib import Path

from casestudy.support import GOOD_REPORT, REPORTS, report_repository
from rules.support import assert_rule

RULE = "case-study-section-empty"
ARGS = ["check-case-study", f"{REPORTS}/r.md"]
CRITERIA = "Every stop in the plan is open at the planned time."


def test_a_section_with_only_a_comment_is_empty(tmp_path: Path) -> None:
    report = GOOD_REPORT.replace(CRITERIA, "<!-- to do -->")
    document = assert_rule(RULE, ARGS, report_repository(tmp_path, report), [(25, 1)])
    assert document["findings"][0]["message"] == "report section 'Success Criteria' is empty"


def test_an_html_heading_is_reported_at_its_tag(tmp_path: Path) -> None:
    report = GOOD_REPORT.replace('<h2 id="demo">🎥 Demo</h2>', '  <h2 id="demo">🎥 Demo</h2>').replace(
        "[![Demo](https://img.youtube.com/vi/abcdefghijk/0.jpg)](https://www.youtube.com/watch?v=abcdefghijk)", "")
    assert_rule(RULE, ARGS, report_repository(tmp_path, report), [(43, 3)])


def test_sections_with_content_pass(tmp_path: Path) -> None:
    assert_rule(RULE, ARGS, report_repository(tmp_path, GOOD_REPORT), [])
