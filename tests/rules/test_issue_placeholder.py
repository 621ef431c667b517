"""issue-placeholder: no template placeholder is left in a case-study issue."""
from __future__ import annotations

from pathlib import Path

from casestudy.support import GOOD_ISSUE
from rules.support import assert_rule, repository

RULE = "issue-placeholder"
ARGS = ["check-issue", "--body-file", "issue.md"]


def test_a_placeholder_config_in_the_command_is_reported_where_it_stands(tmp_path: Path) -> None:
    body = GOOD_ISSUE.replace("--config massgen/configs/basic/two_agents.yaml", "--config massgen/configs/xxx.yaml")
    assert body.splitlines()[16].find("xxx.yaml") == 40
    assert_rule(RULE, ARGS, repository(tmp_path, {"issue.md": body}), [(17, 41)])


def test_a_placeholder_inside_a_comment_is_an_instruction(tmp_path: Path) -> None:
    body = GOOD_ISSUE + "\n<!-- replace xxx.yaml with your config -->\n"
    assert_rule(RULE, ARGS, repository(tmp_path, {"issue.md": body}), [])
