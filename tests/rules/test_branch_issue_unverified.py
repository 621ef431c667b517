"""branch-issue-unverified: an offline check reports each reference at its position."""
from __future__ import annotations

from pathlib import Path

from branches.scenario import branch_off, branch_reference, branch_target, isolated_git, repo, rule_positions  # noqa: F401 (fixtures)
from conftest import GitRepo
from rules.support import assert_rule

from policycheck.rules import branch_issue_unverified as rule


def test_each_reference_is_reported_offline() -> None:
    target = branch_target(references=(branch_reference(12, 9),), offline_reason="offline (--offline)")
    assert rule_positions(rule, target) == [("branch:feature/12-x", 1, 9)]


def test_online_nothing_is_reported() -> None:
    assert rule_positions(rule, branch_target(references=(branch_reference(12, 9),))) == []


def test_through_the_cli(repo: GitRepo, isolated_git: Path) -> None:
    branch_off(repo, "someone/issue_12-x", "Work")
    assert_rule(rule.ID, ["check-branch", "--offline"], repo.path, [(1, 15)])
