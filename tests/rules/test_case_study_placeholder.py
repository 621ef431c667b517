"""case-study-placeholder: no template placeholder is left in a report."""
from __future__ import annotations

from pathlib import Path

from casestudy.support import GOOD_REPORT, REPORTS, report_repository
from rules.support import assert_rule

RULE = "case-study-placeholder"
PROMPT = "[Insert your evaluation prompt here]"
ARGS = ["check-case-study", f"{REPORTS}/r.md"]


def test_placeholders_are_reported_in_text_and_code(tmp_path: Path) -> None:
    report = (GOOD_REPORT.replace("Plan one day in Lisbon for a first-time visitor.", PROMPT)
              .replace("Both agents checked opening hours before voting.", "Results: TBD"))
    assert_rule(RULE, ARGS, report_repository(tmp_path, report), [(8, 1), (49, 10)])


def test_placeholders_inside_html_comments_are_instructions_not_content(tmp_path: Path) -> None:
    report = GOOD_REPORT.replace("## Results\n", "## Results\n\n<!-- TBD: the numbers -->\n")
    assert_rule(RULE, ARGS, report_repository(tmp_path, report), [])
