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

Logic: schema facts from the pass in policycheck/configs/schema_check.py; the other checks here.

Fix: as the message says; split a shell command into `command` (the executable) and `args`.

Waive: a waiver for the path in the policy file.
"""
from __future__ import annotations

import ipaddress
import shlex
import urllib.parse
from collections.abc import Iterator
from pathlib import PurePath
from typing import Any

from policycheck.checking import CheckContext
from policycheck.configs import massgen as mg
from policycheck.configs.document import ConfigDocument, dotted
from policycheck.configs.schema_check import facts_for
from policycheck.findings import ERROR, WARNING, Fact
from policycheck.loaders.yaml import YamlPath

ID = "config-mcp-server"
SUMMARY = "MCP servers: valid names, transport, safe command, env and URL"
TARGET = "config"
SEVERITY = ERROR
SHELL_HINT = "put the executable in `command` and each argument in `args`; MassGen refuses shell syntax"
ALLOW_LIST_HINT = ("start the server with an allowed launcher (npx, uvx, python, ...), or set security.level"
                   " (moderate, permissive) or security.allowed_executables for this server")


def check(target: ConfigDocument, ctx: CheckContext) -> Iterator[Fact]:
    yield from facts_for(target, ID)
    yield from _server_facts(target)


def _server_facts(target: ConfigDocument) -> Iterator[Fact]:
    """Every server's problems; MassGen stops at the first of a backend, this collects all."""
    seen: dict[tuple[YamlPath, str], YamlPath] = {}
    for path, name, server, _backend in target.mcp_servers():
        backend_path = path[:-2]
        if name is not None:
            yield from _name(target, path, name, seen, backend_path)
        security = _mapping(server.get("security"))
        yield from _level(target, path, security)
        transport = server.get("type", "stdio")
        if transport == "stdio":
            yield from _stdio(target, path, server, security)
        elif transport == "streamable-http":
            yield from _http(target, path, server, security)


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _name(target: ConfigDocument, path: YamlPath, name: str, seen: dict[tuple[YamlPath, str], YamlPath],
          backend_path: YamlPath) -> Iterator[Fact]:
    in_list = isinstance(path[-1], int)
    where = (*path, "name") if in_list else path
    pos = target.value_pos(where) if in_list else target.key_pos(where)
    if not in_list and (not name.strip() or len(name) > mg.MAX_SERVER_NAME or not mg.SERVER_NAME.match(name)):
        # The list form's name is checked by the schema; a mapping's keys are names too.
        yield Fact(f"{dotted(path)}: MCP server name {name!r} may only use letters, digits, '_' and '-'"
                   f" (1 to {mg.MAX_SERVER_NAME} characters)", pos.line, pos.column)
    first = seen.setdefault((backend_path, name), path)
    if first != path:
        line = target.key_pos(first).line
        yield Fact(f"{dotted(path)}: duplicate MCP server name {name!r} (first used at line {line})",
                   pos.line, pos.column, hint="give each server of a backend its own name")


def _level(target: ConfigDocument, path: YamlPath, security: dict[str, Any]) -> Iterator[Fact]:
    level = security.get("level")
    if isinstance(level, str) and level not in mg.SECURITY_LEVELS:
        pos = target.value_pos((*path, "security", "level"))
        yield Fact(f"{dotted((*path, 'security', 'level'))}: {level!r} is not a MassGen security level;"
                   f" MassGen silently treats it as 'strict'", pos.line, pos.column,
                   hint=f"write one of: {', '.join(mg.SECURITY_LEVELS)}", severity=WARNING)


def _stdio(target: ConfigDocument, path: YamlPath, server: dict[str, Any], security: dict[str, Any]) -> Iterator[Fact]:
    if "command" not in server and "args" not in server:
        pos = target.key_pos(path)
        yield Fact(f"{dotted(path)}: a stdio MCP server needs 'command' (or 'args')", pos.line, pos.column,
                   hint="add e.g. `command: npx` and `args: [...]`")
    if "command" in server:
        yield from _command(target, (*path, "command"), server["command"], security)
    cwd = server.get("cwd")
    if isinstance(cwd, str) and ".." in PurePath(cwd).parts:
        pos = target.value_pos((*path, "cwd"))
        yield Fact(f"{dotted((*path, 'cwd'))}: the working directory may not contain '..'", pos.line, pos.column)
    env = server.get("env")
    if isinstance(env, dict):
        yield from _env(target, (*path, "env"), env, security)


def _command(target: ConfigDocument, path: YamlPath, command: Any, security: dict[str, Any]) -> Iterator[Fact]:
    pos = target.value_pos(path)
    where = dotted(path)
    if isinstance(command, list):
        if not command or not all(isinstance(c, str) for c in command):
            yield Fact(f"{where}: a command list must hold at least one string", pos.line, pos.column)
            return
        command = " ".join(shlex.quote(part) for part in command)
    if not isinstance(command, str):
        return  # the schema reports the type
    for problem in _command_problems(command, security):
        allow_list = "allow-list" in problem
        yield Fact(f"{where}: {problem}", pos.line, pos.column,
                   hint=ALLOW_LIST_HINT if allow_list else SHELL_HINT)


def _command_problems(command: str, security: dict[str, Any]) -> Iterator[str]:
    if not command.strip():
        yield "the MCP command is empty"
        return
    if len(command) > mg.MAX_COMMAND_CHARS:
        yield f"the command is {len(command)} characters long (at most {mg.MAX_COMMAND_CHARS})"
    found = [c for c in mg.SHELL_METACHARACTERS if c in command]
    if found:
        yield f"shell metacharacters are not allowed: {' '.join(found)}"
    if "${" in command:
        yield "variable expansion ${...} is not allowed in the command"
    if "../" in command or "..\\" in command:
        yield "'..' (parent folder) is not allowed in the command"
    try:
        parts = shlex.split(command)
    except ValueError as exc:
        yield f"the command cannot be parsed: {exc}"
        return
    if len(parts) > mg.MAX_COMMAND_PARTS:
        yield f"the command has {len(parts)} parts (at most {mg.MAX_COMMAND_PARTS})"
    for index, part in enumerate(parts):
        if len(part) > mg.MAX_ARG_CHARS:
            yield f"part {index} of the command is {len(part)} characters long (at most {mg.MAX_ARG_CHARS})"
    if parts:
        yield from _executable(parts[0], security)


def _executable(first: str, security: dict[str, Any]) -> Iterator[str]:
    executable = PurePath(first)
    if ".." in executable.parts and "../" not in first:
        yield "'..' (parent folder) is not allowed in the command"
    level = security.get("level", "strict") if isinstance(security.get("level"), str) else "strict"
    extra = security.get("allowed_executables")
    allowed = frozenset(str(e).lower() for e in extra) if isinstance(extra, list) and extra else frozenset()
    if not mg.executable_allowed(executable.name, level, allowed):
        choices = sorted(allowed or mg.EXECUTABLES.get(level, mg.EXECUTABLES["strict"]))
        yield (f"executable {executable.name!r} is not on MassGen's allow-list at security level {level!r}"
               f" (allowed: {', '.join(choices)})")


def _env(target: ConfigDocument, path: YamlPath, env: dict[str, Any], security: dict[str, Any]) -> Iterator[Fact]:
    policy = _mapping(security.get("env"))
    level = policy.get("level", security.get("level", "strict"))
    denied_vars = {str(v).upper() for v in policy.get("denied_vars") or []} or mg.env_denied(str(level))
    allowed_vars = {str(v).upper() for v in policy.get("allowed_vars") or []}
    allowlist = policy.get("mode") == "allowlist" and allowed_vars
    for name, value in env.items():
        key_pos = target.key_pos((*path, name))
        if allowlist and name.upper() not in allowed_vars:
            yield Fact(f"{dotted((*path, name))}: {name} is not in the server's env allow-list",
                       key_pos.line, key_pos.column)
        elif not allowlist and name.upper() in denied_vars:
            yield Fact(f"{dotted((*path, name))}: MassGen refuses to set {name} for an MCP server"
                       f" (security level {level!r})", key_pos.line, key_pos.column,
                       hint="remove it; MCP servers may not change how programs are found or loaded")
        if isinstance(value, str):
            yield from _env_value(target, (*path, name), value)


def _env_value(target: ConfigDocument, path: YamlPath, value: str) -> Iterator[Fact]:
    pos = target.value_pos(path)
    found = [p for p in mg.ENV_VALUE_PATTERNS if p in value]
    if found:
        yield Fact(f"{dotted(path)}: the value contains shell syntax MassGen refuses: {' '.join(found)}",
                   pos.line, pos.column)
    if "${" in value and not mg.ENV_PLACEHOLDER.match(value):
        yield Fact(f"{dotted(path)}: {value!r}: the only ${{...}} MassGen accepts is a whole value"
                   " `${UPPER_CASE_NAME}`", pos.line, pos.column,
                   hint="write the value as `${MY_TOKEN}` and set MY_TOKEN in the environment")


def _http(target: ConfigDocument, path: YamlPath, server: dict[str, Any], security: dict[str, Any]) -> Iterator[Fact]:
    url = server.get("url")
    if not isinstance(url, str):
        return  # missing or mistyped: the schema reports it
    problem = _url_problem(url, bool(security.get("allow_localhost")), bool(security.get("allow_private_ips")))
    if problem:
        pos = target.value_pos((*path, "url"))
        yield Fact(f"{dotted((*path, 'url'))}: {problem}", pos.line, pos.column,
                   hint="for a local server add `security: {allow_localhost: true}`"
                   if "localhost" in problem or "loopback" in problem else None)


def _url_problem(url: str, allow_localhost: bool, allow_private: bool) -> str | None:
    try:
        parsed = urllib.parse.urlparse(url)
        host = (parsed.hostname or "").lower()
    except ValueError as exc:
        return f"not a valid URL ({exc})"
    if parsed.scheme not in ("http", "https"):
        return f"the URL scheme must be http or https, not {parsed.scheme or 'missing'!r}"
    if not host:
        return "the URL has no host name"
    if host in ("localhost", "ip6-localhost") and not allow_localhost:
        return f"{host} is refused unless security.allow_localhost is true"
    port_problem = _port_problem(parsed)
    if port_problem:
        return port_problem
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return None
    forbidden = (address.is_private or address.is_loopback or address.is_link_local or address.is_reserved
                 or address.is_multicast or address.is_unspecified)
    if forbidden and not allow_private and not (allow_localhost and address.is_loopback):
        kind = "a loopback" if address.is_loopback else "a private or reserved"
        return f"{host} is {kind} address, refused unless security.allow_private_ips is true"
    return None


def _port_problem(parsed: urllib.parse.ParseResult) -> str | None:
    try:
        port = parsed.port
    except ValueError:
        return "the URL's port is not a number from 1 to 65535"
    if port in mg.DANGEROUS_PORTS:
        return f"port {port} is refused by MassGen (reserved for services such as ssh, mail or databases)"
    return None
