"""config-agent-ids: agent ids are unique within a config.

What: a second agent whose `id` repeats an earlier one, at the repeated id's value. (A
missing or non-string `id` is reported by config-schema.)

Why: MassGen keys answers, votes and workspaces by agent id and rejects duplicates.

Fix: give every agent its own id.

Waive: a waiver for the path in the policy file.
"""
from __future__ import annotations

from collections.abc import Iterator

from policycheck.checking import CheckContext
from policycheck.configs.document import ConfigDocument, dotted
from policycheck.findings import ERROR, Fact
from policycheck.loaders.yaml import YamlPath

ID = "config-agent-ids"
SUMMARY = "agent ids are unique"
TARGET = "config"
SEVERITY = ERROR


def check(target: ConfigDocument, ctx: CheckContext) -> Iterator[Fact]:
    first: dict[str, YamlPath] = {}
    for path, agent in target.agents():
        agent_id = agent.get("id")
        if not isinstance(agent_id, str):
            continue
        earlier = first.setdefault(agent_id, path)
        if earlier != path:
            pos = target.value_pos((*path, "id"))
            line = target.value_pos((*earlier, "id")).line
            yield Fact(f"{dotted((*path, 'id'))}: duplicate agent id {agent_id!r} (already used by"
                       f" {dotted(earlier)} at line {line})", pos.line, pos.column,
                       hint="give every agent its own id")
