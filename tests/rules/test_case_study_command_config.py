"""case-study-command-config: every MassGen command's `--config` resolves."""
from __future__ import annotations

from pathlib import Path

from casestudy.support import GOOD_REPORT, REPORTS, report_repository
from rules.support import assert_rule

RULE = "case-study-command-config"
ARGS = ["check-case-study", f"{REPORTS}/r.md"]
COMMAND = 'massgen --config @examples/basic/two_agents "Plan one day in Lisbon"'


def test_a_config_value_that_is_no_config_reference_is_reported_at_the_value(tmp_path: Path) -> None:
    report = GOOD_REPORT.replace(COMMAND, 'massgen --config drafts/two_agents.yaml "Plan one day in Lisbon"')
    document = assert_rule(RULE, ARGS, report_repository(tmp_path, report), [(18, 18)])
    assert [f["message"] for f in document["findings"] if f["rule"] == RULE] == [
        "--config 'drafts/two_agents.yaml' does not resolve to a config"
        " (looked for massgen/configs/drafts/two_agents.yaml)"]


def test_a_config_outside_the_repository_is_reported_and_never_read(tmp_path: Path) -> None:
    report = GOOD_REPORT.replace(COMMAND, 'uv run massgen --config /etc/hostname "Plan one day in Lisbon"')
    document = assert_rule(RULE, ARGS, report_repository(tmp_path, report), [(18, 25)])
    assert "lies outside the repository root" in document["findings"][0]["message"]


def test_a_metavariable_and_a_resolving_config_pass(tmp_path: Path) -> None:
    report = GOOD_REPORT.replace(COMMAND, f'{COMMAND}\nmassgen --config <your-config> "Plan a day"')
    assert_rule(RULE, ARGS, report_repository(tmp_path, report), [])
