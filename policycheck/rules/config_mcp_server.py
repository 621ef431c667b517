"""config-mcp-server: MCP servers are well formed and safe to start.

What, per server of `backend.mcp_servers` (a list of servers with `name`, or a mapping from
name to server), every problem rather than the first:
- `name`: non-empty, at most 100 characters, letters, digits, `_` and `-`; unique per backend.
- `type`: `stdio` (the default) or `streamable-http` (`sse` is deprecated and refused).
- stdio: `command` or `args` present; the command has no shell metacharacters
  (`& | ; \\` $ ( ) < >`), no `${...}`, no `..`, at most 50 parts of at most 500 characters,
  and its executable is on MassGen's allow-list for the server's `security.level` (strict by
  default; moderate adds git and nodejs, permissive also curl and wget;
  `security.allowed_executables` replaces the list); `args` a list of strings; `cwd` without
  `..`; `env` names other than LD_LIBRARY_PATH, DYLD_LIBRARY_PATH, PYTHONPATH, PWD, OLDPWD (and
  PATH, HOME, USER, USERNAME, SHELL at the strict level), values without `$(`, backticks, `&`,
  `;`, `|`, and no `${...}` but a whole-value `${UPPER_CASE}` placeholder.
- streamable-http: `url` present, http(s), at most 2048 characters, not localhost or a
  private address unless `security.allow_localhost` / `allow_private_ips`; `headers` strings;
  `timeout` and `http_read_timeout` in (0, 300].
- A warning for a `security.level` that MassGen does not know (such as `high`): MassGen
  silently applies `strict`, which is probably not what the author meant.

Why: MassGen validates MCP servers before starting them and refuses the whole backend on the
first problem; the allow-list and env rules keep a config from running arbitrary programs.

Fix: as the message says; split a shell command into `command` (the executable) and `args`.

Waive: a waiver for the path in the policy file.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from policycheck.findings import ERROR, Fact

ID = "config-mcp-server"
SUMMARY = "MCP servers: valid names, transport, safe command, env and URL"
TARGET = "config"
SEVERITY = ERROR


def check(target: Any, ctx: Any) -> Iterator[Fact]:
    from policycheck.configs.mcp import mcp_facts
    from policycheck.configs.schema_check import facts_for

    yield from facts_for(target, ID)
    yield from mcp_facts(target)
