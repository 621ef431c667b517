"""config-ineffective-key: ui.type and a top-level display, at their keys."""
from __future__ import annotations

from pathlib import Path

from rules.support import assert_rule, repository

RULE = "config-ineffective-key"
CONFIG = "massgen/configs/a.yaml"
VALID = "agents:\n  - id: a\n    backend:\n      type: openai\n      model: gpt-4o\n"


def test_ui_type_and_display_at_their_keys(tmp_path: Path) -> None:
    text = VALID + "ui:\n  type: rich_terminal\ndisplay:\n  type: rich_terminal\n"
    document = assert_rule(RULE, ["check-config"], repository(tmp_path, {CONFIG: text}), [(7, 3), (8, 1)])
    hints = sorted(f["hint"] for f in document["findings"] if f["rule"] == RULE)
    assert hints[1] == "rename it: `display_type: rich_terminal`"


def test_display_type_passes(tmp_path: Path) -> None:
    text = VALID + "ui:\n  display_type: rich_terminal\n"
    assert_rule(RULE, ["check-config"], repository(tmp_path, {CONFIG: text}), [])
