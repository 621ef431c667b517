"""config-unknown-key: keys MassGen does not know, at the key; keys MassGen knows and ignores
are accepted; in a backend (whose unknown keys MassGen passes to the provider's API) only a
likely misspelling of MassGen's own option is reported, never a real API parameter."""
from __future__ import annotations

from pathlib import Path

import pytest
from rules.support import assert_rule, repository, run_json

from policycheck.rules.config_unknown_key import likely_typo
from policycheck.schemas import load_schema

RULE = "config-unknown-key"
CONFIG = "massgen/configs/a.yaml"
AGENT = "agents:\n  - id: a\n    backend:\n      type: {type}\n      model: gpt-4o\n"


def _only(document: dict[str, object]) -> dict[str, str]:
    findings = document["findings"]
    assert isinstance(findings, list) and len(findings) == 1, findings
    return findings[0]


def test_a_typo_outside_backends_with_did_you_mean(tmp_path: Path) -> None:
    text = AGENT.format(type="openai") + "ui:\n  dispaly_type: simple\n"
    finding = _only(assert_rule(RULE, ["check-config"], repository(tmp_path, {CONFIG: text}), [(7, 3)]))
    assert finding["message"] == "ui: unknown key 'dispaly_type'; did you mean 'display_type'?"
    assert finding["hint"].startswith("MassGen ignores keys it does not know; known here: display_type")


def test_session_storage_is_known_and_never_corrected(tmp_path: Path) -> None:
    """MassGen v0.1.12 accepts and ignores it (its config wizard writes `session_storage: sessions`)."""
    text = AGENT.format(type="openai") + "orchestrator:\n  snapshot_storage: snapshots\n  session_storage: sessions\n"
    document = assert_rule(RULE, ["check-config"], repository(tmp_path, {CONFIG: text}), [])
    assert document["findings"] == [] and document["exit"] == 0


@pytest.mark.parametrize("key", ["logprobs: true", "service_tier: flex", "response_format: {type: json_object}",
                                 "parallel_tool_calls: false", "top_logprobs: 3", "store: false", "top_a: 0.5"])
def test_provider_api_parameters_in_a_backend_pass(key: str, tmp_path: Path) -> None:
    text = AGENT.format(type="openai") + f"      {key}\n"
    document = assert_rule(RULE, ["check-config"], repository(tmp_path, {CONFIG: text}), [])
    assert document["findings"] == []


def test_a_misspelt_backend_option_says_it_goes_to_the_api(tmp_path: Path) -> None:
    text = AGENT.format(type="openai") + "      temprature: 0.2\n"
    finding = _only(assert_rule(RULE, ["check-config"], repository(tmp_path, {CONFIG: text}), [(6, 7)]))
    assert finding["message"] == ("agents[0].backend: unknown key 'temprature'; did you mean 'temperature'?"
                                  " MassGen does not read 'temprature' and passes it to the provider's API as it is")
    assert finding["severity"] == "warning"


def test_claude_code_keys_go_to_the_agent_sdk(tmp_path: Path) -> None:
    text = "agent:\n  id: a\n  backend:\n    type: claude_code\n    permision_mode: plan\n"
    finding = _only(assert_rule(RULE, ["check-config"], repository(tmp_path, {CONFIG: text}), [(5, 5)]))
    assert "did you mean 'permission_mode'?" in finding["message"]
    assert "passes it to the Claude Agent SDK's options" in finding["message"]


def test_inside_a_backend_api_object_only_typos(tmp_path: Path) -> None:
    text = AGENT.format(type="openai") + "      reasoning:\n        effrot: high\n        generate_summary: auto\n"
    finding = _only(assert_rule(RULE, ["check-config"], repository(tmp_path, {CONFIG: text}), [(7, 9)]))
    assert "did you mean 'effort'?" in finding["message"]


def test_mcp_server_keys_are_massgen_s_own(tmp_path: Path) -> None:
    """An MCP server is read by MassGen, not sent to an API: any unknown key there is reported."""
    text = AGENT.format(type="openai") + "      mcp_servers:\n        - {name: w, command: npx, cmd: x}\n"
    assert_rule(RULE, ["check-config"], repository(tmp_path, {CONFIG: text}), [(7, 35)])


BACKEND_KEYS = sorted(load_schema("massgen-config")["$defs"]["backend"]["properties"])


@pytest.mark.parametrize("key,option", [
    ("modle", "model"), ("Model", "model"), ("enable_websearch", "enable_web_search"),
    ("enable_web_serach", "enable_web_search"), ("max_token", "max_tokens"), ("api_kye", "api_key"),
    ("base_uri", "base_url"), ("exclude_tool", "exclude_tools"),
    # real parameters of provider APIs, or other names: never turned into an option
    ("parallel_tool_calls", None), ("logprobs", None), ("service_tier", None), ("response_format", None),
    ("top_a", None), ("top_n", None), ("min_p", None), ("store", None), ("reasoning_effort", None),
    ("max_completion_tokens", None), ("stop_sequences", None), ("web_search_options", None),
    ("enable_thinking", None), ("repetition_penalty", None), ("extra_headers", None), ("min_tokens", None),
])
def test_likely_typo(key: str, option: str | None) -> None:
    assert likely_typo(key, BACKEND_KEYS) == option


def test_no_other_rule_fires_on_a_pass_through_key(tmp_path: Path) -> None:
    text = AGENT.format(type="openai") + "      logprobs: true\n"
    assert run_json(["check-config"], repository(tmp_path, {CONFIG: text}))["exit"] == 0
