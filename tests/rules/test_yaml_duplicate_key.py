"""yaml-duplicate-key: a key given twice in one mapping, at its second occurrence."""
from __future__ import annotations

from pathlib import Path

from rules.support import assert_rule, repository

RULE = "yaml-duplicate-key"
CONFIG = "massgen/configs/a.yaml"


def test_the_second_key_is_reported(tmp_path: Path) -> None:
    text = "agent:\n  id: a\n  backend: {type: openai, model: gpt-4o}\n  id: b\n"
    assert_rule(RULE, ["check-config"], repository(tmp_path, {CONFIG: text}), [(4, 3)])


def test_the_same_key_in_two_mappings_is_no_duplicate(tmp_path: Path) -> None:
    text = "agents:\n  - id: a\n    backend: {type: openai, model: gpt-4o}\n  - id: b\n    backend: {type: openai, model: gpt-4o}\n"
    assert_rule(RULE, ["check-config"], repository(tmp_path, {CONFIG: text}), [])
