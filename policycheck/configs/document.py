"""A MassGen config as a checkable target: plain data plus positions."""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from policycheck.checking import CheckContext
from policycheck.findings import Fact
from policycheck.loaders import LoadFailure
from policycheck.loaders.files import TextFile
from policycheck.loaders.yaml import Pos, YamlDocument, YamlPath, parse_yaml

_NEWLINE = re.compile("\n")


@dataclass(eq=False, repr=False)
class ConfigDocument:
    path: str
    doc: YamlDocument
    cache: dict[str, Any] = field(default_factory=dict)  # results shared by several rules
    text: str = ""  # the source, for edits that must match it exactly (`policycheck fix`)

    @property
    def data(self) -> Any:
        return self.doc.data

    def key_pos(self, path: YamlPath) -> Pos:
        return self.doc.key_pos(path)

    def value_pos(self, path: YamlPath) -> Pos:
        return self.doc.value_pos(path)

    def offset(self, pos: Pos) -> int:
        """The index in `text` of a 1-based line and column (columns count characters).
        The line starts are found once: rules ask for thousands of offsets in a large file."""
        starts = self.cache.get("line starts")
        if starts is None:
            starts = self.cache["line starts"] = [0] + [m.end() for m in _NEWLINE.finditer(self.text)]
        return int(starts[min(pos.line, len(starts)) - 1]) + pos.column - 1

    def agents(self) -> Iterator[tuple[YamlPath, dict[str, Any]]]:
        """Each agent mapping with its path: `agents[i]`, or the single-agent form `agent`."""
        data = self.data if isinstance(self.data, dict) else {}
        agents = data.get("agents")
        if isinstance(agents, list):
            for index, agent in enumerate(agents):
                if isinstance(agent, dict):
                    yield ("agents", index), agent
        agent = data.get("agent")
        if isinstance(agent, dict):
            yield ("agent",), agent

    def backends(self) -> Iterator[tuple[YamlPath, dict[str, Any]]]:
        for path, agent in self.agents():
            backend = agent.get("backend")
            if isinstance(backend, dict):
                yield (*path, "backend"), backend

    def mcp_servers(self) -> Iterator[tuple[YamlPath, str | None, dict[str, Any], str]]:
        """Each MCP server as (path, name, server, backend type); both real shapes: a list
        of servers with `name`, or a mapping whose keys are the names."""
        for path, backend in self.backends():
            servers = backend.get("mcp_servers")
            kind = backend.get("type")
            kind = kind if isinstance(kind, str) else ""
            base = (*path, "mcp_servers")
            if isinstance(servers, list):
                for index, server in enumerate(servers):
                    if isinstance(server, dict):
                        name = server.get("name")
                        yield (*base, index), name if isinstance(name, str) else None, server, kind
            elif isinstance(servers, dict):
                for name, server in servers.items():
                    if isinstance(server, dict):
                        yield (*base, name), str(name), server, kind


def dotted(path: YamlPath) -> str:
    """`agents[1].backend.type`: a path as a config author reads it."""
    text = ""
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text


def load_config(text: TextFile, ctx: CheckContext) -> ConfigDocument:
    doc = parse_yaml(text.text, ctx.policy.settings.max_yaml_values)
    if doc.data is None:
        raise LoadFailure("yaml-syntax", Fact("empty config: the file holds no YAML document",
                                              hint="a config needs at least `agents:` or `agent:`"))
    return ConfigDocument(text.path, doc, text=text.text)
