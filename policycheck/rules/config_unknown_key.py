"""config-unknown-key: every key is one MassGen reads.

What: a key the bundled schema does not list at its place (a warning), with a did-you-mean
for near misses (`modle` -> `model`, `dispaly_type` -> `display_type`). The known keys are
the schema's `properties`; pass-through mappings (`agent_config`, `extra_body`, tool
`preset_args`, ...) and name mappings (`env`, mapping-form `mcp_servers`) are not checked.

Why: MassGen ignores keys it does not know, silently: a misspelt `modle:` runs the default
model, and nobody notices.

Fix: correct the spelling, or remove the key. If MassGen gained a new setting, add it to
`schemas/massgen-config.schema.json`.

Waive: `rules: {config-unknown-key: off}`, or a waiver for the path in the policy file.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from policycheck.findings import WARNING, Fact

ID = "config-unknown-key"
SUMMARY = "no keys MassGen does not know (did-you-mean for typos)"
TARGET = "config"
SEVERITY = WARNING


def check(target: Any, ctx: Any) -> Iterator[Fact]:
    from policycheck.configs.document import dotted
    from policycheck.configs.known_keys import unknown_keys
    from policycheck.configs.schema_check import did_you_mean

    for path, known in unknown_keys(target.data):
        key = str(path[-1])
        pos = target.key_pos(path)
        where = dotted(path[:-1]) or "top level"
        message = f"{where}: unknown key {key!r}"
        close = did_you_mean(key, known)
        if close:
            message += f"; did you mean {close!r}?"
        yield Fact(message, pos.line, pos.column, hint=_hint(known))


def _hint(known: list[str]) -> str:
    hint = "MassGen ignores keys it does not know"
    if len(known) <= 12:  # a backend knows ~60 keys: too many to be a hint
        hint += "; known here: " + ", ".join(known)
    return hint
