"""issue-section-content: the config and command sections name a config and a MassGen command."""
from __future__ import annotations

from pathlib import Path

from casestudy.support import GOOD_ISSUE
from rules.support import assert_rule, repository

RULE = "issue-section-content"
ARGS = ["check-issue", "--body-file", "issue.md"]
CONFIG = "`massgen/configs/basic/two_agents.yaml`"
COMMAND = 'uv run massgen --config massgen/configs/basic/two_agents.yaml "Compare three Python web frameworks"'


def test_sections_without_a_config_or_a_command_are_reported_at_their_headings(tmp_path: Path) -> None:
    body = GOOD_ISSUE.replace(CONFIG, "```yaml\n# to be written\n```").replace(COMMAND, "pip install massgen")
    document = assert_rule(RULE, ARGS, repository(tmp_path, {"issue.md": body}), [(12, 1), (17, 1)])
    assert [f["message"].split(" (")[0].split(":")[0] for f in document["findings"]] == [
        "issue section 'Baseline Config' names no config", "issue section 'Baseline Command' has no MassGen command"]


def test_a_pasted_yaml_config_and_a_command_pass(tmp_path: Path) -> None:
    body = GOOD_ISSUE.replace(CONFIG, "```yaml\nagents:\n  - id: a\n```")
    assert_rule(RULE, ARGS, repository(tmp_path, {"issue.md": body}), [])
