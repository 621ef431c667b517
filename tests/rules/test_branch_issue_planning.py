"""branch-issue-planning: a case-study issue whose planning phase fails check-issue."""
from __future__ import annotations

from branches.scenario import REPO, branch_reference, branch_target, gh_issue, rule_positions

from policycheck.branches.targets import IssueCheck
from policycheck.rules import branch_issue_planning as rule


def test_an_incomplete_issue_is_reported_at_its_reference() -> None:
    ref = branch_reference(15, 1, "15-x")
    check = IssueCheck(ref, REPO, gh_issue(15), labelled=True, planning_errors=("section 'Prompt' is missing",))
    assert rule_positions(rule, branch_target("15-x", (ref,), (check,))) == [("branch:15-x", 1, 1)]


def test_a_complete_issue_passes() -> None:
    ref = branch_reference(15, 1, "15-x")
    check = IssueCheck(ref, REPO, gh_issue(15), labelled=True)
    assert rule_positions(rule, branch_target("15-x", (ref,), (check,))) == []
