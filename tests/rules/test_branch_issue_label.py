"""branch-issue-label: a referenced issue without a case-study label, at the reference."""
from __future__ import annotations

from branches.scenario import REPO, branch_reference, branch_target, gh_issue, rule_positions

from policycheck.branches.targets import IssueCheck
from policycheck.rules import branch_issue_label as rule


def test_an_unlabelled_issue_is_reported_at_its_reference() -> None:
    ref = branch_reference(14, 7, "issue_14")
    check = IssueCheck(ref, REPO, gh_issue(14, labels=("enhancement",)), labelled=False)
    assert rule_positions(rule, branch_target("issue_14", (ref,), (check,))) == [("branch:issue_14", 1, 7)]


def test_a_labelled_issue_passes() -> None:
    ref = branch_reference(14, 7, "issue_14")
    check = IssueCheck(ref, REPO, gh_issue(14), labelled=True)
    assert rule_positions(rule, branch_target("issue_14", (ref,), (check,))) == []
