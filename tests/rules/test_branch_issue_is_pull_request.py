"""branch-issue-is-pull-request: a referenced number that is a pull request, at the reference."""
from __future__ import annotations

from branches.scenario import REPO, branch_reference, branch_target, gh_issue, rule_positions

from policycheck.branches.targets import IssueCheck
from policycheck.rules import branch_issue_is_pull_request as rule


def test_a_pull_request_is_reported_at_its_reference() -> None:
    ref = branch_reference(13, 9, "feature/13-x")
    target = branch_target("feature/13-x", (ref,), (IssueCheck(ref, REPO, gh_issue(13, pull_request=True)),))
    assert rule_positions(rule, target) == [("branch:feature/13-x", 1, 9)]


def test_an_issue_passes() -> None:
    ref = branch_reference(12, 9)
    target = branch_target(references=(ref,), checks=(IssueCheck(ref, REPO, gh_issue(12), labelled=True),))
    assert rule_positions(rule, target) == []
