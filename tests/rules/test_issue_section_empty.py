"""issue-section-empty: each planning-phase section holds more than template text."""
from __future__ import annotations

from pathlib import Path

from casestudy.support import GOOD_ISSUE
from rules.support import assert_rule, repository

RULE = "issue-section-empty"
ARGS = ["check-issue", "--body-file", "issue.md"]
CRITERIA = "Searches are shared between rounds and the answer cites each framework's docs."


def test_a_section_holding_only_the_templates_instruction_is_empty(tmp_path: Path) -> None:
    body = GOOD_ISSUE.replace(CRITERIA, "Define success for this case study.")
    document = assert_rule(RULE, ARGS, repository(tmp_path, {"issue.md": body}), [(25, 1)])
    assert document["findings"][0]["message"] == ("issue section 'Success Criteria' (the policy's 'Expected behavior')"
                                                  " holds only template text")


def test_filled_sections_pass(tmp_path: Path) -> None:
    assert_rule(RULE, ARGS, repository(tmp_path, {"issue.md": GOOD_ISSUE}), [])
