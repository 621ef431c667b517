"""release-report-version: a release's report titled for another version, at its title line."""
from __future__ import annotations

from branches.scenario import REPORTS_DIR, release_target, rule_positions

from policycheck.branches.targets import ReportCandidate
from policycheck.rules import release_report_version as rule

OLD = ReportCandidate(f"{REPORTS_DIR}/old.md", "modified", exists=True, title_line=3, version="0.1.7",
                      version_start="0.1.7", version_end="0.1.7", videos=1)
OWN = ReportCandidate(f"{REPORTS_DIR}/own.md", "added", exists=True, version="0.1.8", version_start="0.1.8",
                      version_end="0.1.8", videos=1)


def test_a_report_for_another_version_is_reported_at_its_title() -> None:
    assert rule_positions(rule, release_target(OLD)) == [(f"{REPORTS_DIR}/old.md", 3, 1)]


def test_the_release_own_report_silences_old_titles() -> None:
    assert rule_positions(rule, release_target(OLD, OWN)) == []
