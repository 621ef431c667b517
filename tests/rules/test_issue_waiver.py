"""issue-waiver: inline waiver comments in an issue body are well formed and give a reason."""
from __future__ import annotations

from pathlib import Path

from casestudy.support import GOOD_ISSUE
from rules.support import assert_rule, positions, repository

RULE = "issue-waiver"
ARGS = ["check-issue", "--body-file", "issue.md"]


def test_a_malformed_waiver_is_reported_and_waives_nothing(tmp_path: Path) -> None:
    body = "<!-- policycheck: please skip this -->\n" + GOOD_ISSUE.replace("## 🔧 Evaluation Analysis\n\n", "")
    document = assert_rule(RULE, ARGS, repository(tmp_path, {"issue.md": body}), [(1, 1)])
    assert document["findings"][0]["message"].startswith("malformed policycheck comment")


def test_a_waiver_with_a_reason_is_accepted_and_waives(tmp_path: Path) -> None:
    body = ('<!-- policycheck: disable-file=issue-section-missing reason="criteria agreed in the call" -->\n'
            + GOOD_ISSUE.replace("### Success Criteria\n", "### Notes\n"))
    document = assert_rule(RULE, ARGS, repository(tmp_path, {"issue.md": body}), [])
    assert positions("issue-section-missing", document, waived=True) == [(21, 1)]
