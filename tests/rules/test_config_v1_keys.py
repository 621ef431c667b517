"""config-v1-keys: MassGen v1 keys at the top level, each at its key."""
from __future__ import annotations

from pathlib import Path

from rules.support import assert_rule, repository

RULE = "config-v1-keys"
CONFIG = "massgen/configs/a.yaml"
VALID = "agents:\n  - id: a\n    backend:\n      type: openai\n      model: gpt-4o\n"


def test_each_v1_key_at_its_key(tmp_path: Path) -> None:
    root = repository(tmp_path, {CONFIG: "num_agents: 2\n" + VALID + "max_rounds: 3\n"})
    document = assert_rule(RULE, ["check-config"], root, [(1, 1), (7, 1)])
    assert all("v1" in f["message"] for f in document["findings"] if f["rule"] == RULE)


def test_a_v2_config_passes(tmp_path: Path) -> None:
    assert_rule(RULE, ["check-config"], repository(tmp_path, {CONFIG: VALID}), [])
