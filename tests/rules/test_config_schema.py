"""config-schema: structure, types and allowed values, each problem at its value (a missing key:
at the key of the mapping that lacks it, one finding per missing key, as MassGen reports them)."""
from __future__ import annotations

from pathlib import Path

from rules.support import assert_rule, repository

RULE = "config-schema"
CONFIG = "massgen/configs/a.yaml"
VALID = "agents:\n  - id: a\n    backend:\n      type: openai\n      model: gpt-4o\n"


def _messages(document: dict[str, object]) -> list[str]:
    findings = document["findings"]
    assert isinstance(findings, list)
    return sorted(f["message"] for f in findings if f["rule"] == RULE)


def test_every_missing_key_of_an_agent_is_reported(tmp_path: Path) -> None:
    root = repository(tmp_path, {CONFIG: "agents:\n  - system_message: hi\n"})
    document = assert_rule(RULE, ["check-config"], root, [(2, 5), (2, 5)])
    assert _messages(document) == ["agents[0]: missing required key 'backend'", "agents[0]: missing required key 'id'"]
    assert document["exit"] == 1


def test_every_missing_key_of_the_single_agent_form(tmp_path: Path) -> None:
    root = repository(tmp_path, {CONFIG: "ui:\n  display_type: simple\nagent:\n  system_message: hi\n"})
    document = assert_rule(RULE, ["check-config"], root, [(3, 1), (3, 1)])
    assert _messages(document) == ["agent: missing required key 'backend'", "agent: missing required key 'id'"]


def test_missing_keys_of_different_mappings_each_at_their_own_mapping(tmp_path: Path) -> None:
    root = repository(tmp_path, {CONFIG: "agents:\n  - system_message: hi\n  - id: b\n    backend:\n      model: x\n"})
    document = assert_rule(RULE, ["check-config"], root, [(2, 5), (2, 5), (4, 5)])
    assert "agents[1].backend: missing required key 'type'" in _messages(document)


def test_a_wrong_value_is_reported_at_the_value(tmp_path: Path) -> None:
    root = repository(tmp_path, {CONFIG: VALID.replace("type: openai", "type: opnai")})
    document = assert_rule(RULE, ["check-config"], root, [(4, 13)])
    assert "did you mean 'openai'?" in _messages(document)[0]


def test_a_valid_config_passes(tmp_path: Path) -> None:
    root = repository(tmp_path, {CONFIG: VALID})
    assert assert_rule(RULE, ["check-config"], root, [])["exit"] == 0
