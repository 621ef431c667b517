"""markdown-waiver: inline waiver comments in a report are well formed and give a reason."""
from __future__ import annotations

from pathlib import Path

from casestudy.support import GOOD_REPORT, REPORTS, report_repository
from rules.support import assert_rule, positions

RULE = "markdown-waiver"
ARGS = ["check-case-study", f"{REPORTS}/r.md"]
RESULTS = "Both agents checked opening hours before voting."


def _waived_tbd(comment: str) -> str:
    return GOOD_REPORT.replace(RESULTS, f"{comment}\n\nResults: TBD")


def test_a_waiver_without_a_reason_or_naming_no_rule_is_reported(tmp_path: Path) -> None:
    report = _waived_tbd("<!-- policycheck: disable=case-study-placeholder -->").replace(
        "## Results\n", "<!-- policycheck: disable=case-study-placholder reason=\"typo\" -->\n## Results\n")
    document = assert_rule(RULE, ARGS, report_repository(tmp_path, report), [(47, 1), (50, 1)])
    assert [f["message"] for f in document["findings"] if f["rule"] == RULE] == [
        "waiver names unknown rule(s): case-study-placholder",
        "waiver for case-study-placeholder has no reason; it waives nothing"]
    assert positions("case-study-placeholder", document) == [(52, 10)]


def test_a_waiver_with_a_reason_waives_the_next_block(tmp_path: Path) -> None:
    report = _waived_tbd('<!-- policycheck: disable=case-study-placeholder reason="numbers come with the rerun" -->')
    document = assert_rule(RULE, ARGS, report_repository(tmp_path, report), [])
    assert positions("case-study-placeholder", document, waived=True) == [(51, 10)]
