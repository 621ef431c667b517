"""config-tool-lists: allowed_tools and exclude_tools on one backend, at exclude_tools."""
from __future__ import annotations

from pathlib import Path

from rules.support import assert_rule, repository

RULE = "config-tool-lists"
CONFIG = "massgen/configs/a.yaml"
BACKEND = "agents:\n  - id: a\n    backend:\n      type: claude_code\n      allowed_tools: [Read]\n"


def test_both_lists_at_exclude_tools(tmp_path: Path) -> None:
    root = repository(tmp_path, {CONFIG: BACKEND + "      exclude_tools: [Bash]\n"})
    document = assert_rule(RULE, ["check-config"], root, [(6, 7)])
    assert [f["severity"] for f in document["findings"]] == ["warning"]


def test_one_list_passes(tmp_path: Path) -> None:
    assert_rule(RULE, ["check-config"], repository(tmp_path, {CONFIG: BACKEND}), [])
