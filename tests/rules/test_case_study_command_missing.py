"""case-study-command-missing: a legacy report (before v0.0.12) shows the command it ran."""
from __future__ import annotations

from pathlib import Path

from casestudy.support import REPORTS
from rules.support import assert_rule, repository

RULE = "case-study-command-missing"
ARGS = ["check-case-study", f"{REPORTS}/r.md"]
LEGACY = """\
# MassGen v0.0.5: Three Agents Write a Story

## Agents

Three agents drafted, criticised and voted.
"""


def _root(tmp_path: Path, report: str) -> Path:
    return repository(tmp_path, {f"{REPORTS}/r.md": report})


def test_a_legacy_report_without_a_command_is_reported_at_its_title(tmp_path: Path) -> None:
    document = assert_rule(RULE, ARGS, _root(tmp_path, LEGACY), [(1, 1)])
    assert document["findings"][0]["message"] == "report has no MassGen command (profile legacy requires one)"


def test_a_command_in_a_code_span_counts(tmp_path: Path) -> None:
    report = LEGACY + '\nRun `massgen --config @examples/three_agents "Write a story"` to see it.\n'
    assert_rule(RULE, ARGS, _root(tmp_path, report), [])
