"""release-report-missing: a release with no case-study report, reported at the branch."""
from __future__ import annotations

from pathlib import Path

from branches.scenario import REPORTS_DIR, branch_off, isolated_git, release_target, repo, report_text, rule_positions  # noqa: F401 (fixtures)
from conftest import GitRepo
from rules.support import assert_rule

from policycheck.branches.targets import ReportCandidate
from policycheck.rules import release_report_missing as rule


def test_no_report_is_reported_at_the_branch() -> None:
    assert rule_positions(rule, release_target()) == [("branch:dev/v0.1.8", 1, 1)]


def test_a_report_passes() -> None:
    assert rule_positions(rule, release_target(ReportCandidate(f"{REPORTS_DIR}/r.md", "added", exists=True))) == []


def test_through_the_cli(repo: GitRepo, isolated_git: Path) -> None:
    branch_off(repo, "dev/v0.1.8", "Release work", files={"massgen/x.py": "X = 1\n"})
    assert_rule(rule.ID, ["check-release", "--offline"], repo.path, [(1, 1)])
    branch_off(repo, "dev/v0.1.9", "Report", files={f"{REPORTS_DIR}/v0.1.9.md": report_text("0.1.9")})
    assert_rule(rule.ID, ["check-release", "--offline"], repo.path, [])
