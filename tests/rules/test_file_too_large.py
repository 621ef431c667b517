"""file-too-large: a checked file over the policy's limits.max_file_bytes is not read."""
from __future__ import annotations

from pathlib import Path

from rules.support import assert_rule, repository

RULE = "file-too-large"
CONFIG = "massgen/configs/a.yaml"
VALID = "agent:\n  id: a\n  backend: {type: openai, model: gpt-4o}\n"


def test_a_file_over_the_limit_is_one_finding_with_its_size(tmp_path: Path) -> None:
    root = repository(tmp_path, {CONFIG: VALID}, policy="version: 1\nlimits:\n  max_file_bytes: 20\n")
    document = assert_rule(RULE, ["check-config"], root, [(1, 1)])
    assert f"file is {len(VALID)} bytes, over the policy's limit of 20 bytes" in document["findings"][0]["message"]


def test_a_file_within_the_limit_passes(tmp_path: Path) -> None:
    assert_rule(RULE, ["check-config"], repository(tmp_path, {CONFIG: VALID}), [])
