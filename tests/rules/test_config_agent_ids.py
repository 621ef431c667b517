"""config-agent-ids: a repeated agent id, at the repeated value."""
from __future__ import annotations

from pathlib import Path

from rules.support import assert_rule, repository

RULE = "config-agent-ids"
CONFIG = "massgen/configs/a.yaml"
AGENT = "  - id: {id}\n    backend:\n      type: openai\n      model: gpt-4o\n"


def test_a_repeated_id_at_its_value(tmp_path: Path) -> None:
    root = repository(tmp_path, {CONFIG: "agents:\n" + AGENT.format(id="a") + AGENT.format(id="a")})
    document = assert_rule(RULE, ["check-config"], root, [(6, 9)])
    assert "already used by agents[0] at line 2" in document["findings"][0]["message"]


def test_distinct_ids_pass(tmp_path: Path) -> None:
    root = repository(tmp_path, {CONFIG: "agents:\n" + AGENT.format(id="a") + AGENT.format(id="b")})
    assert_rule(RULE, ["check-config"], root, [])
