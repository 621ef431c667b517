"""case-study-schema: the title names a version and the report links a video."""
from __future__ import annotations

from pathlib import Path

from casestudy.support import GOOD_REPORT, REPORTS, report_repository
from rules.support import assert_rule

RULE = "case-study-schema"
ARGS = ["check-case-study", f"{REPORTS}/r.md"]
VIDEO = "[![Demo](https://img.youtube.com/vi/abcdefghijk/0.jpg)](https://www.youtube.com/watch?v=abcdefghijk)"


def test_a_title_without_a_version_is_reported_at_the_title(tmp_path: Path) -> None:
    report = GOOD_REPORT.replace("# MassGen v0.1.9: Two Agents", "# MassGen: Two Agents")
    document = assert_rule(RULE, ARGS, report_repository(tmp_path, report), [(1, 1)])
    assert [f["message"] for f in document["findings"] if f["rule"] == RULE] == [
        "the title names no MassGen version: write it as `# MassGen vX.Y.Z: ...`"]


def test_a_report_without_a_video_is_reported_at_its_demo_heading(tmp_path: Path) -> None:
    assert GOOD_REPORT.splitlines()[42] == '<h2 id="demo">🎥 Demo</h2>'
    assert_rule(RULE, ARGS, report_repository(tmp_path, GOOD_REPORT.replace(VIDEO, "Recorded, link to follow.")), [(43, 1)])


def test_a_versioned_report_with_a_video_passes(tmp_path: Path) -> None:
    assert_rule(RULE, ARGS, report_repository(tmp_path, GOOD_REPORT), [])
