"""case-study-config-invalid: the configs a report names pass check-config."""
from __future__ import annotations

from pathlib import Path

from casestudy.support import CONFIG, GOOD_REPORT, REPORTS
from rules.support import assert_rule, repository

RULE = "case-study-config-invalid"
ARGS = ["check-case-study", f"{REPORTS}/r.md"]
BROKEN = "agents:\n  - id: researcher\n"  # no backend


def _root(tmp_path: Path, config: str) -> Path:
    return repository(tmp_path, {"massgen/configs/basic/two_agents.yaml": config, f"{REPORTS}/r.md": GOOD_REPORT})


def test_a_broken_config_is_reported_once_where_the_report_first_names_it(tmp_path: Path) -> None:
    document = assert_rule(RULE, ARGS, _root(tmp_path, BROKEN), [(13, 19)])
    message = next(f["message"] for f in document["findings"] if f["rule"] == RULE)
    assert message.startswith(
        "config massgen/configs/basic/two_agents.yaml fails check-config with 1 error(s); first: 2:5")


def test_a_valid_config_passes(tmp_path: Path) -> None:
    assert_rule(RULE, ARGS, _root(tmp_path, CONFIG), [])
