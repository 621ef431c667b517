"""config-mcp-server: every problem of every MCP server, each at the key or value it is about."""
from __future__ import annotations

from pathlib import Path

from rules.support import assert_rule, repository

RULE = "config-mcp-server"
CONFIG = "massgen/configs/a.yaml"
SERVER = ("agents:\n  - id: a\n    backend:\n      type: claude\n      model: m\n      mcp_servers:\n"
          "        - name: {name}\n          type: stdio\n          command: {command}\n")


def test_shell_syntax_and_the_allow_list_both_at_the_command(tmp_path: Path) -> None:
    root = repository(tmp_path, {CONFIG: SERVER.format(name="weather", command='"curl; x"')})
    document = assert_rule(RULE, ["check-config"], root, [(9, 20), (9, 20)])
    messages = sorted(f["message"] for f in document["findings"])
    assert "executable 'curl;' is not on MassGen's allow-list" in messages[0]
    assert "shell metacharacters are not allowed: ;" in messages[1]


def test_a_bad_name_from_the_schema_pass_and_an_unknown_level_as_a_warning(tmp_path: Path) -> None:
    text = SERVER.format(name='"dis cord"', command="npx") + "          security: {level: high}\n"
    document = assert_rule(RULE, ["check-config"], repository(tmp_path, {CONFIG: text}), [(7, 17), (10, 29)])
    assert sorted(f["severity"] for f in document["findings"]) == ["error", "warning"]


def test_a_repeated_name_at_the_second_name(tmp_path: Path) -> None:
    text = SERVER.format(name="weather", command="npx") + "        - {name: weather, command: npx}\n"
    document = assert_rule(RULE, ["check-config"], repository(tmp_path, {CONFIG: text}), [(10, 18)])
    assert "(first used at line 7)" in document["findings"][0]["message"]


def test_a_safe_server_passes(tmp_path: Path) -> None:
    root = repository(tmp_path, {CONFIG: SERVER.format(name="weather", command="npx")})
    assert_rule(RULE, ["check-config"], root, [])
