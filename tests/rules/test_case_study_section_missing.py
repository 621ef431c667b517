"""case-study-section-missing: a report has the sections of its version's profile; a report
whose title names no version is held to the legacy profile (issue 8, item 16)."""
from __future__ import annotations

from pathlib import Path

from casestudy.support import GOOD_REPORT, REPORTS, report_repository
from rules.support import assert_rule, positions

RULE = "case-study-section-missing"
ARGS = ["check-case-study", f"{REPORTS}/r.md"]
BASELINE_COMMAND = ("### Baseline Command\n\n```bash\n"
                    'massgen --config @examples/basic/two_agents "Plan one day in Lisbon"\n```\n\n')
VERSIONLESS = """\
# MassGen: Two Agents Plan a City Day

Two agents planned a day in Lisbon and checked opening hours before voting.

[![Demo](https://img.youtube.com/vi/abcdefghijk/0.jpg)](https://www.youtube.com/watch?v=abcdefghijk)
"""


def test_a_missing_section_is_reported_under_the_heading_the_template_nests_it_in(tmp_path: Path) -> None:
    report = GOOD_REPORT.replace(BASELINE_COMMAND, "")
    assert report.splitlines()[2] == '<h1 id="planning-phase">📋 PLANNING PHASE</h1>'
    document = assert_rule(RULE, ARGS, report_repository(tmp_path, report), [(3, 1)])
    assert [f["message"] for f in document["findings"]] == [
        "report has no 'Baseline Command' section (expected under '📋 PLANNING PHASE')"]


def test_a_title_without_a_version_is_said_once_then_held_to_the_legacy_profile(tmp_path: Path) -> None:
    """Not the template's eleven sections: one finding at the title, and legacy's command."""
    document = assert_rule(RULE, ARGS, report_repository(tmp_path, VERSIONLESS), [])
    assert document["exit"] == 1
    assert positions("case-study-schema", document) == [(1, 1)]
    assert positions("case-study-command-missing", document) == [(1, 1)]
    assert [f["rule"] for f in document["findings"]] == ["case-study-command-missing", "case-study-schema"]


def test_a_versionless_report_with_its_command_has_only_the_version_finding(tmp_path: Path) -> None:
    report = VERSIONLESS + '\n```bash\nmassgen --config @examples/basic/two_agents "Plan a day"\n```\n'
    document = assert_rule(RULE, ARGS, report_repository(tmp_path, report), [])
    assert [(f["rule"], f["line"], f["column"]) for f in document["findings"]] == [("case-study-schema", 1, 1)]


def test_a_complete_report_passes(tmp_path: Path) -> None:
    assert_rule(RULE, ARGS, report_repository(tmp_path, GOOD_REPORT), [])
