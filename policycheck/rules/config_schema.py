"""config-schema: a MassGen config matches the bundled schema (`policycheck schema massgen-config`).

What: the structure MassGen's validator enforces: the root is a mapping with exactly one of
`agents` (a list) or `agent` (a mapping); each agent has a string `id` and a `backend`
mapping; `backend.type` is a MassGen backend type and `model` is present where the backend
has no default; value types and allowed values of the orchestrator, ui, memory and backend
settings (permission_mode, tool lists, booleans, ranges); `timeout_settings` (a warning:
MassGen reads it but never validates it). Each problem is one sentence naming the place
(`agents[1].backend.type`), what is wrong, a did-you-mean for near misses and the choices; it
points at the offending value, or for a missing key at the key of the mapping that lacks it
(one finding per missing key: an agent with neither `id` nor `backend` gets two, as in MassGen).

Why: MassGen rejects these configs at start-up, one problem at a time and without line
numbers; catching them at commit time saves a run.

Logic: the schema pass in policycheck/configs/schema_check.py (failures with no other `x-rule`).

Fix: as the message says; `policycheck schema massgen-config` prints what is accepted.

Waive: `rules: {config-schema: warning}` in the policy file, or a waiver for the path.
"""
from __future__ import annotations

from collections.abc import Iterator

from policycheck.checking import CheckContext
from policycheck.configs.document import ConfigDocument
from policycheck.configs.schema_check import facts_for
from policycheck.findings import ERROR, Fact

ID = "config-schema"
SUMMARY = "the config matches the bundled MassGen config schema"
TARGET = "config"
SEVERITY = ERROR


def check(target: ConfigDocument, ctx: CheckContext) -> Iterator[Fact]:
    yield from facts_for(target, ID)
