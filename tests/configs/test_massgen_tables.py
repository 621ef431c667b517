"""The schema's backend lists and the Python tables say the same (both restate MassGen)."""
from __future__ import annotations

from typing import Any

from policycheck.configs import massgen as mg
from policycheck.rules.config_unknown_key import unknown_keys
from policycheck.schemas import load_schema


def _backend() -> dict[str, Any]:
    return load_schema("massgen-config")["$defs"]["backend"]


def _condition(prop: str) -> set[str]:
    """The backend types whose `if` leads to a `then` about `prop`."""
    for part in _backend()["allOf"]:
        if prop in part["then"].get("properties", {}) or prop in part["then"].get("required", []):
            return set(part["if"]["properties"]["type"]["enum"])
    raise AssertionError(prop)


def test_backend_types() -> None:
    assert tuple(_backend()["properties"]["type"]["enum"]) == mg.BACKEND_TYPES


def test_capabilities_match_the_tables() -> None:
    everything = set(mg.BACKEND_TYPES)
    assert _condition("model") == mg.MODEL_REQUIRED
    assert _condition("enable_web_search") == everything - mg.WEB_SEARCH
    assert _condition("enable_code_execution") == everything - mg.CODE_EXECUTION
    assert _condition("enable_code_interpreter") == everything - mg.CODE_EXECUTION
    assert _condition("mcp_servers") == mg.NO_MCP


def test_executable_allow_list() -> None:
    assert mg.executable_allowed("python3.12", "strict") and mg.executable_allowed("NPX.EXE", "strict")
    assert not mg.executable_allowed("git", "strict") and mg.executable_allowed("git", "moderate")
    assert not mg.executable_allowed("curl", "moderate") and mg.executable_allowed("curl", "permissive")
    assert not mg.executable_allowed("curl", "high")  # an unknown level is strict
    assert mg.executable_allowed("mytool", "strict", frozenset({"mytool"}))
    assert not mg.executable_allowed("npx", "strict", frozenset({"mytool"}))


def test_unknown_keys_come_from_the_schema_properties() -> None:
    data = {"agents": [{"id": "a", "backend": {"type": "openai", "modle": "x", "agent_config": {"anything": 1},
                                                "mcp_servers": {"srv": {"command": "npx", "cmd": "x"}}}}],
            "ui": {"dispaly_type": "simple"}, "extra": 1}
    unknown = list(unknown_keys(data))
    found = {u.path: u.known for u in unknown}
    assert set(found) == {("agents", 0, "backend", "modle"), ("agents", 0, "backend", "mcp_servers", "srv", "cmd"),
                          ("ui", "dispaly_type"), ("extra",)}
    assert "model" in found[("agents", 0, "backend", "modle")]
    assert found[("ui", "dispaly_type")] == ["display_type", "logging_enabled", "type"]
    # only the backend's own keys go to the provider's API; its MCP servers are MassGen's
    assert {u.path for u in unknown if u.to_provider} == {("agents", 0, "backend", "modle")}
