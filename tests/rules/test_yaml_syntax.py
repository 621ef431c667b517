"""yaml-syntax: a config that is not YAML is one finding where the parser stopped."""
from __future__ import annotations

from pathlib import Path

from rules.support import assert_rule, repository

RULE = "yaml-syntax"
CONFIG = "massgen/configs/a.yaml"
VALID = "agent:\n  id: a\n  backend: {type: openai, model: gpt-4o}\n"


def test_an_unclosed_flow_mapping_is_reported_where_the_parser_stopped(tmp_path: Path) -> None:
    root = repository(tmp_path, {CONFIG: "agent:\n  id: a\n  backend: {type: openai\n"})
    document = assert_rule(RULE, ["check-config"], root, [(4, 1)])
    assert "started at line 3" in document["findings"][0]["message"]


def test_valid_yaml_passes(tmp_path: Path) -> None:
    assert_rule(RULE, ["check-config"], repository(tmp_path, {CONFIG: VALID}), [])
