"""branch-issue-reference: a feature branch that references no issue is reported at the branch."""
from __future__ import annotations

from pathlib import Path

from branches.scenario import branch_off, branch_reference, branch_target, isolated_git, repo, rule_positions  # noqa: F401 (fixtures)
from conftest import GitRepo
from rules.support import assert_rule

from policycheck.branches.targets import EXEMPT
from policycheck.rules import branch_issue_reference as rule


def test_no_reference_is_reported_at_the_branch() -> None:
    assert rule_positions(rule, branch_target("video-tool")) == [("branch:video-tool", 1, 1)]


def test_a_reference_or_an_exempt_branch_passes() -> None:
    assert rule_positions(rule, branch_target(references=(branch_reference(12, 9),))) == []
    assert rule_positions(rule, branch_target("docs-for-v0.1.8", kind=EXEMPT)) == []


def test_through_the_cli(repo: GitRepo, isolated_git: Path) -> None:
    branch_off(repo, "0810_update_x_link", "Update", files={"massgen/x.py": "X = 1\n"})
    document = assert_rule(rule.ID, ["check-branch", "--offline"], repo.path, [(1, 1)])
    assert document["exit"] == 1
    branch_off(repo, "feature/12-x", "More")
    assert_rule(rule.ID, ["check-branch", "--offline"], repo.path, [])
