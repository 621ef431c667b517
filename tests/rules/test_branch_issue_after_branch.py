"""branch-issue-after-branch: a case-study issue opened after the branch's first commit."""
from __future__ import annotations

from branches.scenario import REPO, branch_reference, branch_target, gh_issue, rule_positions

from policycheck.branches.targets import BranchTarget, IssueCheck
from policycheck.rules import branch_issue_after_branch as rule
from policycheck.sources.git import Commit

FIRST_COMMIT = 1_740_000_000


def _target(created_at: int, severity: str = "warning") -> BranchTarget:
    ref = branch_reference(16, 9, "feature/16-x")
    check = IssueCheck(ref, REPO, gh_issue(16, created_at=created_at), labelled=True)
    return branch_target("feature/16-x", (ref,), (check,), commits=(Commit("a" * 40, "Work", FIRST_COMMIT),),
                         severity=severity)


def test_an_issue_opened_late_is_reported_at_its_reference() -> None:
    assert rule_positions(rule, _target(FIRST_COMMIT + 3600)) == [("branch:feature/16-x", 1, 9)]


def test_an_issue_opened_first_or_the_rule_off_passes() -> None:
    assert rule_positions(rule, _target(FIRST_COMMIT - 3600)) == []
    assert rule_positions(rule, _target(FIRST_COMMIT + 3600, severity="off")) == []
