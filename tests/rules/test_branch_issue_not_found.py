"""branch-issue-not-found: GitHub's 404 for a referenced issue, at the reference."""
from __future__ import annotations

from branches.scenario import REPO, branch_reference, branch_target, gh_issue, rule_positions

from policycheck.branches.targets import IssueCheck
from policycheck.rules import branch_issue_not_found as rule


def test_a_missing_issue_is_reported_at_its_reference() -> None:
    ref = branch_reference(99, 9, "feature/99-x")
    target = branch_target("feature/99-x", (ref,), (IssueCheck(ref, REPO, not_found="404 Not Found"),))
    assert rule_positions(rule, target) == [("branch:feature/99-x", 1, 9)]


def test_an_existing_issue_passes() -> None:
    ref = branch_reference(12, 9)
    target = branch_target(references=(ref,), checks=(IssueCheck(ref, REPO, gh_issue(12), labelled=True),))
    assert rule_positions(rule, target) == []
