"""issue-section-missing: a case-study issue has every planning-phase section."""
from __future__ import annotations

from pathlib import Path

from casestudy.support import GOOD_ISSUE
from rules.support import assert_rule, repository

RULE = "issue-section-missing"
ARGS = ["check-issue", "--body-file", "issue.md"]
COMMAND = ('### Baseline Command\n```bash\nuv run massgen --config massgen/configs/basic/two_agents.yaml'
           ' "Compare three Python web frameworks"\n```\n\n')


def test_a_missing_section_is_reported_at_the_heading_the_template_nests_it_under(tmp_path: Path) -> None:
    body = GOOD_ISSUE.replace(COMMAND, "")
    assert body.splitlines()[4] == "## 📝 Evaluation Design"
    document = assert_rule(RULE, ARGS, repository(tmp_path, {"issue.md": body}), [(5, 1)])
    assert document["findings"][0]["message"] == "issue has no 'Cmd' section (expected under '📝 Evaluation Design')"


def test_a_body_with_every_section_passes(tmp_path: Path) -> None:
    assert_rule(RULE, ARGS, repository(tmp_path, {"issue.md": GOOD_ISSUE}), [])
