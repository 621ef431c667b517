"""Every rule of massgen-config-rules.md: a real corpus config, mutated to break that one rule,
must give that rule's finding at the line and column of the offending key or value (for a
missing key: the key of the mapping that lacks it), with the same error/no-error verdict as
MassGen's validator."""
# a table of corpus mutations reads best one case a line
from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import pytest
from configs.config_helpers import check, mutate, position

A = "basic/multi/two_agents_gemini.yaml"
S = "basic/single/single_flash2.5.yaml"
D = "tools/planning/five_agents_discord_mcp_planning_mode.yaml"
H = "tools/web-search/claude_streamable_http_test.yaml"
M = "memory/single_agent_compression_test.yaml"
SKIP = "debug/skip_coordination_test.yaml"
G = "ag2/ag2_coder.yaml"
CC = "tools/filesystem/claude_code_flash2.5.yaml"
CT = "tools/custom_tools/claude_custom_tool_with_mcp_example.yaml"
OS = "basic/multi/three_agents_opensource.yaml"
T = "basic/multi/fast_timeout_example.yaml"

SCHEMA, V1, IDS, CAP, MCP = "config-schema", "config-v1-keys", "config-agent-ids", "config-backend-capability", "config-mcp-server"
TOOLS, UNKNOWN, INEFFECTIVE = "config-tool-lists", "config-unknown-key", "config-ineffective-key"

CT_SERVER = '        - name: "weather"\n          type: "stdio"\n          command: "npx"\n          args: ["-y", "@fak111/weather-mcp"]\n'
D_ENV = '            DISCORD_TOKEN: "${DISCORD_TOKEN}"'
D_MAPPING_ENV = ('        discord:\n          type: "stdio"\n          command: "npx"\n'
                 '          args: ["-y", "mcp-discord", "--config", "${DISCORD_TOKEN}"]\n          env:\n')
O_END = '  skip_coordination_rounds: true\n'
H_SEC = '          security:\n            level: "permissive"  # Allow more flexibility for testing\n'


def ct_server(extra: str = "", command: str = '"npx"', args: str = '["-y", "@fak111/weather-mcp"]') -> str:
    return (f'        - name: "weather"\n          type: "stdio"\n          command: {command}\n'
            f'          args: {args}\n{extra}')


def o_add(lines: str) -> list[tuple[str, str]]:
    return [(O_END, O_END + lines)]


class Case(NamedTuple):
    id: str
    rel: str
    edits: list[tuple[str, str]]
    rule: str
    at: str
    occurrence: int = 1
    says: str = ""  # a phrase the message must contain
    severity: str = "error"


CASES = [
    # --- file and top level
    Case("v1-key", A, [("agents:\n", "num_agents: 2\nagents:\n")], V1, "num_agents", says="v1"),
    Case("v1-key-voting", A, [("agents:\n", "enable_voting: true\nagents:\n")], V1, "enable_voting"),
    Case("agents-and-agent", A, [("\n# UI Configuration", "\nagent:\n  id: solo\n  backend: {type: openai, model: gpt-4o}\n# UI")],
         SCHEMA, "agent:\n  id: solo", says="both 'agents' and 'agent'"),
    Case("no-agents", A, [("agents:", "agentz:")], SCHEMA, "agentz:", says="defines no agents"),
    Case("agents-not-list", A, [('agents:\n  - id: "gemini-2.5-pro1"', 'agents: "gemini-2.5-pro1"\nold:\n  - id: "gemini-2.5-pro1"')],
         SCHEMA, 'agents: ^"gemini-2.5-pro1"', says="must be a list"),
    Case("agent-not-mapping", S, [("agent:\n  id:", "agent: solo\nold_agent:\n  id:")], SCHEMA, "agent: ^solo",
         says="must be a mapping"),
    # --- each agent
    Case("agent-item-not-mapping", A, [('- id: "gemini-2.5-pro2"', '- "gemini-2.5-pro2"\n  - id: "gemini-2.5-pro3"')],
         SCHEMA, '- ^"gemini-2.5-pro2"', says="agents[1]: must be a mapping"),
    Case("id-missing", S, [('  id: "gemini_agent"\n', "")], SCHEMA, "agent:", says="missing required key 'id'"),
    Case("id-not-string", A, [('id: "gemini-2.5-pro2"', "id: 2")], SCHEMA, "id: ^2\n", says="agents[1].id: must be a string"),
    Case("id-duplicate", A, [('"gemini-2.5-pro2"', '"gemini-2.5-pro1"')], IDS, '"gemini-2.5-pro1"', 2,
         says="duplicate agent id 'gemini-2.5-pro1'"),
    Case("backend-missing", S, [('  backend:\n    type: "gemini"\n    model: "gemini-2.5-flash"\n    enable_web_search: true\n', "")],
         SCHEMA, "agent:", says="missing required key 'backend'"),
    Case("backend-not-mapping", S, [('  backend:\n    type: "gemini"', '  backend: gemini\n  old_backend:\n    type: "gemini"')],
         SCHEMA, "backend: ^gemini", says="agent.backend: must be a mapping"),
    Case("system-message-not-string", S, [("  # system_message:", "  system_message: [a, b]\n  #")], SCHEMA,
         "system_message: ^[a", says="must be a string"),
    # --- backend
    Case("type-missing", S, [('    type: "gemini"\n', "")], SCHEMA, "backend:", says="missing required key 'type'"),
    Case("type-not-string", S, [('type: "gemini"', "type: 7")], SCHEMA, "type: ^7", says="must be a string"),
    Case("type-unknown", T, [('type: "openai"', 'type: "opnai"')], SCHEMA, 'type: ^"opnai"',
         says="'opnai' is not a MassGen backend type; did you mean 'openai'?"),
    Case("type-case-sensitive", S, [('type: "gemini"', 'type: "Gemini"')], SCHEMA, 'type: ^"Gemini"',
         says="did you mean 'gemini'?"),
    Case("model-required", OS, [('      type: "chatcompletion"\n      model: "gpt-oss-120b"\n', '      type: "chatcompletion"\n')],
         SCHEMA, "backend:", says="agents[0].backend: missing required key 'model'"),
    Case("model-not-string", S, [('model: "gemini-2.5-flash"', "model: 2.5")], SCHEMA, "model: ^2.5", says="must be a string"),
    Case("web-search-unsupported", A, [('type: "gemini"', 'type: "groq"')], CAP, "enable_web_search",
         says="the 'groq' backend does not support web search"),
    Case("code-execution-unsupported", CC, [('type: "gemini"', 'type: "grok"')], CAP, "enable_code_execution",
         says="does not support code execution"),
    Case("code-interpreter-unsupported", S, [("enable_web_search: true", "enable_web_search: true\n    enable_code_interpreter: true"),
                                             ('type: "gemini"', 'type: "grok"')], CAP, "enable_code_interpreter"),
    Case("mcp-on-ag2", G, [("      type: ag2\n", "      type: ag2\n      mcp_servers:\n" + CT_SERVER)], CAP, "mcp_servers",
         says="cannot use MCP servers"),
    Case("backend-system-prompt", S, [("    enable_web_search: true\n", '    enable_web_search: true\n    system_prompt: "Be brief."\n')],
         SCHEMA, "system_prompt", says="not a backend setting"),
    Case("backend-append-system-prompt", S, [("    enable_web_search: true\n", '    enable_web_search: true\n    append_system_prompt: "x"\n')],
         SCHEMA, "append_system_prompt"),
    Case("permission-mode", D, [('permission_mode: "bypassPermissions"', 'permission_mode: "bypass"')], SCHEMA,
         'permission_mode: ^"bypass"', says="did you mean 'bypassPermissions'?"),
    Case("allowed-tools-not-list", CC, [('cwd: "claude_code_workspace"', 'cwd: "claude_code_workspace"\n      allowed_tools: "Read"')],
         SCHEMA, 'allowed_tools: ^"Read"', says="must be a list"),
    Case("allowed-tools-item", CC, [('cwd: "claude_code_workspace"', 'cwd: "claude_code_workspace"\n      allowed_tools: ["Read", 3]')],
         SCHEMA, '"Read", ^3]', says="allowed_tools[1]: must be a string"),
    Case("exclude-tools-not-list", D, [("      exclude_tools:\n        - mcp__discord__discord_send_webhook_message\n        - mcp__discord__discord_edit_webhook_message\n",
                                        "      exclude_tools: mcp__discord__discord_send_webhook_message\n")],
         SCHEMA, "exclude_tools: ^mcp", says="must be a list"),
    Case("disallowed-tools-item", CC, [('cwd: "claude_code_workspace"', 'cwd: "claude_code_workspace"\n      disallowed_tools: [{Bash: true}]')],
         SCHEMA, "disallowed_tools: [^{", says="must be a string"),
    Case("web-search-not-bool", S, [("enable_web_search: true", 'enable_web_search: "always"')], SCHEMA,
         'enable_web_search: ^"always"', says="must be true or false"),
    Case("code-execution-not-bool", CC, [("enable_code_execution: true", "enable_code_execution: 1")], SCHEMA,
         "enable_code_execution: ^1"),
    Case("code-interpreter-not-bool", S, [("enable_web_search: true", 'enable_web_search: true\n    enable_code_interpreter: "no"')],
         SCHEMA, 'enable_code_interpreter: ^"no"'),
    Case("allowed-and-exclude-tools", D, [('      model: "gemini-2.5-flash"\n', '      model: "gemini-2.5-flash"\n      allowed_tools: ["mcp__discord__read"]\n')],
         TOOLS, "exclude_tools", severity="warning"),
    # --- MCP servers
    Case("mcp-name-empty", CT, [('- name: "weather"', '- name: ""')], MCP, '- name: ^""'),
    Case("mcp-name-too-long", CT, [('- name: "weather"', f'- name: "{"w" * 101}"')], MCP, '- name: ^"www'),
    Case("mcp-name-chars", CT, [('- name: "weather"', '- name: "weather tool"')], MCP, '- name: ^"weather tool"',
         says="letters, digits"),
    Case("mcp-name-missing", D, [('- name: "discord"\n          type: "stdio"', '- type: "stdio"')], MCP, '- ^type: "stdio"',
         says="missing required key 'name'"),
    Case("mcp-name-duplicate", CT, [(CT_SERVER, CT_SERVER + CT_SERVER)], MCP, '- name: ^"weather"', 2,
         says="duplicate MCP server name 'weather'"),
    Case("mcp-mapping-name-chars", D, [('        discord:\n          type: "stdio"', '        discord bot:\n          type: "stdio"')],
         MCP, "discord bot:"),
    Case("mcp-type-sse", D, [('type: "stdio"', 'type: "sse"')], MCP, 'type: ^"sse"', says="not a supported MCP transport"),
    Case("mcp-stdio-no-command", CT, [('          command: "npx"\n          args: ["-y", "@fak111/weather-mcp"]\n', "")], MCP,
         '- ^name: "weather"', says="needs 'command'"),
    Case("mcp-command-metachar", CT, [(CT_SERVER, ct_server(command='"npx; rm -rf /tmp/x"'))], MCP, 'command: ^"npx;',
         says="metacharacters are not allowed: ;"),
    Case("mcp-command-variable", CT, [(CT_SERVER, ct_server(command='"${TOOLS}/npx"'))], MCP, 'command: ^"${', says="${...}"),
    Case("mcp-command-parent", CT, [(CT_SERVER, ct_server(command='"../bin/npx"'))], MCP, 'command: ^"../', says="'..'"),
    Case("mcp-command-too-many-parts", CT, [(CT_SERVER, ct_server(command='"npx' + " -y" * 50 + '"'))], MCP, 'command: ^"npx -y',
         says="51 parts"),
    Case("mcp-arg-too-long", CT, [(CT_SERVER, ct_server(args=f'["-y", "{"a" * 501}"]'))], MCP, '["-y", ^"aaa',
         says="at most 500 characters"),
    Case("mcp-args-not-list", CT, [(CT_SERVER, ct_server(args='"-y"'))], MCP, 'args: ^"-y"', says="must be a list"),
    Case("mcp-args-item", CT, [(CT_SERVER, ct_server(args='["-y", 5]'))], MCP, '["-y", ^5]', says="must be a string"),
    Case("mcp-cwd-parent", CT, [(CT_SERVER, ct_server('          cwd: "../elsewhere"\n'))], MCP, 'cwd: ^"../'),
    Case("mcp-cwd-not-string", CT, [(CT_SERVER, ct_server("          cwd: 5\n"))], MCP, "cwd: ^5"),
    Case("mcp-executable", CT, [(CT_SERVER, ct_server(command='"curl"'))], MCP, 'command: ^"curl"',
         says="'curl' is not on MassGen's allow-list at security level 'strict'"),
    Case("mcp-executable-moderate", CT, [(CT_SERVER, ct_server('          security: {level: moderate}\n', command='"wget"'))], MCP,
         'command: ^"wget"'),
    Case("mcp-executable-override", CT, [(CT_SERVER, ct_server('          security: {allowed_executables: [uvx]}\n'))], MCP,
         'command: ^"npx"'),
    Case("mcp-env-denied", D, [(D_ENV, '            PYTHONPATH: "/opt/lib"')], MCP, "^PYTHONPATH:", says="refuses to set PYTHONPATH"),
    Case("mcp-env-strict-path", D, [(D_MAPPING_ENV, D_MAPPING_ENV + "            PATH: /usr/bin\n")], MCP, "^PATH:",
         says="(security level 'strict')"),
    Case("mcp-env-command-substitution", D, [(D_ENV, '            DISCORD_TOKEN: "$(cat ~/.token)"')], MCP, 'DISCORD_TOKEN: ^"$(',
         says="$("),
    Case("mcp-env-semicolon", D, [(D_ENV, '            DISCORD_TOKEN: "a;b"')], MCP, 'DISCORD_TOKEN: ^"a;b"'),
    Case("mcp-env-backtick", D, [(D_ENV, '            DISCORD_TOKEN: "`cat t`"')], MCP, 'DISCORD_TOKEN: ^"`', says="`"),
    Case("mcp-env-ampersand", D, [(D_ENV, '            DISCORD_TOKEN: "a&b"')], MCP, 'DISCORD_TOKEN: ^"a&b"', says="&"),
    Case("mcp-env-pipe", D, [(D_ENV, '            DISCORD_TOKEN: "a|b"')], MCP, 'DISCORD_TOKEN: ^"a|b"', says="|"),
    Case("mcp-servers-not-list-or-mapping", CT, [(CT_SERVER, ""), ("      mcp_servers:\n", '      mcp_servers: "weather"\n')], MCP,
         'mcp_servers: ^"weather"', says="must be a list or a mapping"),
    Case("mcp-mapping-server-not-mapping", D, [(D_MAPPING_ENV + '            DISCORD_TOKEN: "${DISCORD_TOKEN}"\n',
                                                 "        discord: npx mcp-discord\n")], MCP, "discord: ^npx", says="must be a mapping"),
    Case("mcp-env-lowercase-placeholder", D, [(D_ENV, '            DISCORD_TOKEN: "${discord_token}"')], MCP,
         'DISCORD_TOKEN: ^"${discord', says="${UPPER_CASE_NAME}"),
    Case("mcp-env-two-placeholders", D, [(D_ENV, '            DISCORD_TOKEN: "${A}${B}"')], MCP, 'DISCORD_TOKEN: ^"${A}'),
    Case("mcp-env-not-string", D, [(D_ENV, "            DISCORD_TOKEN: 5")], MCP, "DISCORD_TOKEN: ^5", says="must be a string"),
    Case("mcp-http-url-missing", H, [('          url: "http://localhost:8000/mcp"\n', "")], MCP, '- ^name: "streamable_http_server"',
         says="missing required key 'url'"),
    Case("mcp-http-scheme", H, [('url: "http://', 'url: "ftp://')], MCP, 'url: ^"ftp', says="http or https"),
    Case("mcp-http-url-too-long", H, [('url: "http://localhost:8000/mcp"', 'url: "http://localhost:8000/' + "m" * 2040 + '"')], MCP, 'url: ^"http',
         says="at most 2048 characters"),
    Case("mcp-http-localhost", H, [("            allow_localhost: true  # Required for localhost:8000 connection\n", "")], MCP,
         'url: ^"http', says="allow_localhost"),
    Case("mcp-http-private-ip", H, [('url: "http://localhost', 'url: "http://10.0.0.5'), ("            allow_private_ips: true  # Allow private IP ranges for testing\n", "")],
         MCP, 'url: ^"http', says="allow_private_ips"),
    Case("mcp-http-dangerous-port", H, [('url: "http://localhost:8000', 'url: "http://localhost:5432')], MCP, 'url: ^"http',
         says="port 5432"),
    Case("mcp-http-headers", H, [(H_SEC, H_SEC.replace("          security:", "          headers: {Authorization: 5}\n          security:"))],
         MCP, "Authorization: ^5"),
    Case("mcp-http-timeout-zero", H, [(H_SEC, "          timeout: 0\n" + H_SEC)], MCP, "timeout: ^0", says="must be > 0"),
    Case("mcp-http-read-timeout-high", H, [(H_SEC, "          http_read_timeout: 301\n" + H_SEC)], MCP, "http_read_timeout: ^301",
         says="must be <= 300"),
    Case("mcp-security-level-high", CT, [(CT_SERVER, ct_server("          security: {level: high}\n"))], MCP, "level: ^high",
         says="silently treats it as 'strict'", severity="warning"),
    # --- orchestrator
    Case("orchestrator-not-mapping", SKIP, [('orchestrator:\n  snapshot_storage: "snapshots"', 'orchestrator: snapshots\nold:\n  snapshot_storage: "snapshots"')],
         SCHEMA, "orchestrator: ^snapshots"),
    Case("context-paths-not-list", SKIP, [('  context_paths:\n    - path: "massgen/configs/resources/v0.0.21-example"\n      permission: "write"',
                                        '  context_paths: "massgen/configs/resources/v0.0.21-example"')], SCHEMA, 'context_paths: ^"massgen'),
    Case("context-path-not-mapping", SKIP, [('    - path: "massgen/configs/resources/v0.0.21-example"\n      permission: "write"',
                                          '    - "massgen/configs/resources/v0.0.21-example"')], SCHEMA, '- ^"massgen'),
    Case("context-path-missing-path", SKIP, [('    - path: "massgen/configs/resources/v0.0.21-example"\n      permission', '    - permission')],
         SCHEMA, "- ^permission", says="missing required key 'path'"),
    Case("context-path-permission", SKIP, [('permission: "write"', 'permission: "readwrite"')], SCHEMA, 'permission: ^"readwrite"'),
    Case("coordination-not-mapping", SKIP, o_add("  coordination: true\n"), SCHEMA, "coordination: ^true"),
    Case("planning-mode-not-bool", SKIP, o_add('  coordination:\n    enable_planning_mode: "yes please"\n'), SCHEMA, 'enable_planning_mode: ^"yes'),
    Case("restarts-negative", SKIP, o_add("  coordination:\n    max_orchestration_restarts: -1\n"), SCHEMA,
         "max_orchestration_restarts: ^-1", says="must be >= 0"),
    Case("restarts-fraction", SKIP, o_add("  coordination:\n    max_orchestration_restarts: 1.5\n"), SCHEMA, "max_orchestration_restarts: ^1.5"),
    Case("voting-sensitivity", SKIP, o_add('  voting_sensitivity: "strictest"\n'), SCHEMA, 'voting_sensitivity: ^"strictest"',
         says="did you mean 'strict'?"),
    Case("answer-novelty", SKIP, o_add('  answer_novelty_requirement: "medium"\n'), SCHEMA, 'answer_novelty_requirement: ^"medium"'),
    Case("orchestrator-timeout-zero", SKIP, o_add("  timeout:\n    orchestrator_timeout_seconds: 0\n"), SCHEMA,
         "orchestrator_timeout_seconds: ^0"),
    Case("orchestrator-timeout-not-mapping", SKIP, o_add("  timeout: 30\n"), SCHEMA, "timeout: ^30"),
    Case("skip-coordination-not-bool", SKIP, [("skip_coordination_rounds: true", 'skip_coordination_rounds: "true"')], SCHEMA,
         'skip_coordination_rounds: ^"true"'),
    Case("debug-final-answer-number", SKIP, o_add("  debug_final_answer: 5\n"), SCHEMA, "debug_final_answer: ^5",
         says="true or false or a string"),
    # --- ui
    Case("ui-not-mapping", SKIP, [('ui:\n  display_type: "rich_terminal"\n  logging_enabled: true', "ui: rich_terminal")], SCHEMA, "ui: ^rich"),
    Case("display-type", SKIP, [('display_type: "rich_terminal"', 'display_type: "rich"')], SCHEMA, 'display_type: ^"rich"',
         says="did you mean 'rich_terminal'?"),
    Case("logging-enabled", SKIP, [("logging_enabled: true", 'logging_enabled: "yes please"')], SCHEMA, 'logging_enabled: ^"yes'),
    # --- memory
    Case("memory-enabled", M, [("  enabled: true\n", '  enabled: "on please"\n')], SCHEMA, 'enabled: ^"on please"'),
    Case("conversation-memory-enabled", M, [("    enabled: true\n", "    enabled: 1\n")], SCHEMA, "    enabled: ^1"),
    Case("persistent-memory-on-disk", M, [("  persistent_memory:\n", '  persistent_memory:\n    on_disk: "yes please"\n')], SCHEMA,
         'on_disk: ^"yes'),
    Case("persistent-memory-enabled", M, [("  persistent_memory:\n    enabled: true\n", '  persistent_memory:\n    enabled: "yes please"\n')],
         SCHEMA, 'enabled: ^"yes please"'),
    Case("memory-llm-model", M, [('model: "gpt-4.1-nano-2025-04-14"', "model: 4.1")], SCHEMA, "model: ^4.1"),
    Case("qdrant-port-zero", M, [("port: 6333", "port: 0")], SCHEMA, "port: ^0", says="must be >= 1"),
    Case("vector-store", M, [("  persistent_memory:\n", "  persistent_memory:\n    vector_store: 5\n")], SCHEMA, "vector_store: ^5"),
    Case("memory-llm-not-mapping", M, [('    llm:\n      provider: "openai"\n      model: "gpt-4.1-nano-2025-04-14"', '    llm: "gpt-4.1-nano"')],
         SCHEMA, 'llm: ^"gpt'),
    Case("memory-embedding-provider", M, [('      provider: "openai"\n      model: "text-embedding-3-small"', '      provider: 1\n      model: "text-embedding-3-small"')],
         SCHEMA, "provider: ^1"),
    Case("qdrant-mode", M, [('mode: "server"', 'mode: "cloud"')], SCHEMA, 'mode: ^"cloud"'),
    Case("qdrant-port", M, [("port: 6333", "port: 70000")], SCHEMA, "port: ^70000", says="must be <= 65535"),
    Case("compression-threshold", M, [("trigger_threshold: 0.02", "trigger_threshold: 1.5")], SCHEMA, "trigger_threshold: ^1.5"),
    Case("compression-ratio", M, [("target_ratio: 0.01", "target_ratio: -0.1")], SCHEMA, "target_ratio: ^-0.1"),
    Case("retrieval-limit", M, [("limit: 5", "limit: 0")], SCHEMA, "limit: ^0", says="must be > 0"),
    Case("retrieval-exclude-recent", M, [("exclude_recent: true", "exclude_recent: 2")], SCHEMA, "exclude_recent: ^2"),
    # --- beyond upstream (warnings)
    Case("unknown-key-modle", S, [("model:", "modle:")], UNKNOWN, "modle:", says="did you mean 'model'?", severity="warning"),
    Case("unknown-key-dispaly-type", SKIP, [("display_type:", "dispaly_type:")], UNKNOWN, "dispaly_type:",
         says="did you mean 'display_type'?", severity="warning"),
    Case("timeout-settings", T, [("orchestrator_timeout_seconds: 30", "orchestrator_timeout_seconds: -5")], SCHEMA,
         "orchestrator_timeout_seconds: ^-5", severity="warning"),
    Case("timeout-settings-not-number", T, [("orchestrator_timeout_seconds: 30", 'orchestrator_timeout_seconds: "30s"')], SCHEMA,
         'orchestrator_timeout_seconds: ^"30s"', severity="warning"),
    Case("ui-type", A, [("logging_enabled: true", "logging_enabled: true\n  display_type: simple")], INEFFECTIVE, '  ^type: "rich',
         says="ui.type is never read", severity="warning"),
    Case("display-top-level", S, [("logging_enabled: true", "logging_enabled: false")], INEFFECTIVE, "display:",
         says="top-level display", severity="warning"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_rule_at_line_and_column(case: Case, corpus: Path, tmp_path: Path) -> None:
    path = mutate(corpus, tmp_path, case.rel, case.edits)
    findings = check(tmp_path, path)
    expected = position(path.read_text(encoding="utf-8"), case.at, case.occurrence)
    hits = [f for f in findings if f.rule == case.rule and (f.line, f.column) == expected]
    assert hits, f"no {case.rule} at {expected}; got {[(f.rule, f.line, f.column, f.message) for f in findings]}"
    assert all(h.severity == case.severity for h in hits)
    assert any(case.says in h.message for h in hits), [h.message for h in hits]
    errors = {f.rule for f in findings if f.severity == "error"}
    # the verdict: an error exactly when MassGen's validator errs, and only from the broken rule
    assert errors == ({case.rule} if case.severity == "error" else set()), findings


# What MassGen accepts must pass: the mutations that stay valid.
ACCEPTED = [
    ("agent-level-append-system-prompt", S, [('  id: "gemini_agent"\n', '  id: "gemini_agent"\n  append_system_prompt: "Be brief."\n')]),
    ("claude-code-without-model", CC, []),
    ("ag2-without-model-empty-mcp", G, [("      type: ag2\n", "      type: ag2\n      mcp_servers: []\n")]),
    ("web-search-false-anywhere", OS, [('      model: "gpt-oss-120b"\n', '      model: "gpt-oss-120b"\n      enable_web_search: false\n')]),
    ("mcp-permissive-curl", CT, [(CT_SERVER, ct_server("          security: {level: permissive}\n", command='"curl"'))]),
    ("mcp-moderate-git-and-path", CT, [(CT_SERVER, ct_server("          env: {PATH: /usr/bin}\n          security: {level: moderate}\n", command='"git"'))]),
    ("mcp-versioned-python-windows", CT, [(CT_SERVER, ct_server(command='"python3.12.exe"'))]),
    ("mcp-private-ip-allowed", H, [('url: "http://localhost', 'url: "http://10.0.0.5')]),
    ("mcp-mapping-form", D, []),
    ("tool-name-and-function-lists", CT, [('- name: "two_num_tool"', '- name: ["two_num_tool"]'), ('function: "two_num_tool"', 'function: ["two_num_tool"]')]),
    ("debug-final-answer-bool", SKIP, o_add("  debug_final_answer: false\n")),
]


@pytest.mark.parametrize("rel,edits", [a[1:] for a in ACCEPTED], ids=[a[0] for a in ACCEPTED])
def test_accepted_variants_have_no_errors(rel: str, edits: list[tuple[str, str]], corpus: Path, tmp_path: Path) -> None:
    path = mutate(corpus, tmp_path, rel, edits)
    errors = [f for f in check(tmp_path, path) if f.severity == "error"]
    assert errors == []


def test_all_problems_of_a_file_are_reported(corpus: Path, tmp_path: Path) -> None:
    """MassGen stops at the first problem of a backend; policycheck reports every one."""
    path = mutate(corpus, tmp_path, D, [('command: "npx"', 'command: "curl; x"'), ('- name: "discord"', '- name: "dis cord"'),
                                        (D_ENV, '            PYTHONPATH: "$(x)"'), ('type: "gemini"', 'type: "geminy"')])
    text = path.read_text(encoding="utf-8")
    findings = [f for f in check(tmp_path, path) if f.severity == "error"]
    assert {(f.rule, f.line, f.column) for f in findings} == {
        (SCHEMA, *position(text, 'type: ^"geminy"')),
        (MCP, *position(text, '- name: ^"dis cord"')),
        (MCP, *position(text, 'command: ^"curl; x"')),
        (MCP, *position(text, "^PYTHONPATH")),
        (MCP, *position(text, 'PYTHONPATH: ^"$(x)"')),
    }
    at_command = [f.message for f in findings if (f.line, f.column) == position(text, 'command: ^"curl; x"')]
    assert len(at_command) == 2  # the metacharacter and the executable, both reported
