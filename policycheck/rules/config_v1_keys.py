"""config-v1-keys: no MassGen v1 keys at the top level.

What: `models`, `model_configs`, `num_agents`, `max_rounds`, `consensus_threshold`,
`voting_enabled` or `enable_voting` at the top of a config, each reported at its key.

Why: these belong to MassGen's v1 config format, which MassGen no longer loads at all.

Logic: the schema pass in policycheck/configs/schema_check.py (`x-rule: config-v1-keys` entries).

Fix: rewrite the config in the v2 layout (`agents:` with an `id` and a `backend` per agent,
`orchestrator:` and `ui:` for the rest); see any config under `massgen/configs/basic/`.

Waive: a waiver for the path in the policy file (e.g. for archived v1 examples).
"""
from __future__ import annotations

from collections.abc import Iterator

from policycheck.checking import CheckContext
from policycheck.configs.document import ConfigDocument
from policycheck.configs.schema_check import facts_for
from policycheck.findings import ERROR, Fact

ID = "config-v1-keys"
SUMMARY = "no MassGen v1 keys (models, num_agents, max_rounds, ...)"
TARGET = "config"
SEVERITY = ERROR


def check(target: ConfigDocument, ctx: CheckContext) -> Iterator[Fact]:
    yield from facts_for(target, ID)
