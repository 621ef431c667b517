"""release-report-video: a release's report without a video, at its title line."""
from __future__ import annotations

from branches.scenario import REPORTS_DIR, release_target, rule_positions

from policycheck.branches.targets import ReportCandidate
from policycheck.rules import release_report_video as rule


def _report(videos: int) -> ReportCandidate:
    return ReportCandidate(f"{REPORTS_DIR}/own.md", "added", exists=True, title_line=2, version="0.1.8",
                           version_start="0.1.8", version_end="0.1.8", videos=videos)


def test_a_report_without_video_is_reported_at_its_title() -> None:
    assert rule_positions(rule, release_target(_report(0))) == [(f"{REPORTS_DIR}/own.md", 2, 1)]


def test_a_report_with_a_video_passes() -> None:
    assert rule_positions(rule, release_target(_report(1))) == []
