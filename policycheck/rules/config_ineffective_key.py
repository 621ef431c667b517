"""config-ineffective-key: keys that look like settings but that MassGen never reads.

What (warnings): `ui.type` and a top-level `display` mapping. Both appear in real configs
(`ui.type: rich_terminal`, `display: {type: rich_terminal}`), but MassGen chooses the display
from `ui.display_type` alone, so these keys change nothing.

Why: a reader believes the config sets the display; it does not.

Fix: use `ui.display_type` (rich_terminal or simple) and `ui.logging_enabled`; delete the
ineffective key.

Waive: `rules: {config-ineffective-key: off}`, or a waiver for the path in the policy file.
"""
from __future__ import annotations

from collections.abc import Iterator

from policycheck.checking import CheckContext
from policycheck.configs.document import ConfigDocument
from policycheck.findings import WARNING, Fact

ID = "config-ineffective-key"
SUMMARY = "no keys MassGen never reads (ui.type, top-level display)"
TARGET = "config"
SEVERITY = WARNING


def check(target: ConfigDocument, ctx: CheckContext) -> Iterator[Fact]:
    data = target.data if isinstance(target.data, dict) else {}
    ui = data.get("ui")
    if isinstance(ui, dict) and "type" in ui:
        pos = target.key_pos(("ui", "type"))
        fix = ("delete ui.type: ui.display_type already sets the display" if "display_type" in ui
               else f"rename it: `display_type: {ui['type']}`")
        yield Fact("ui.type is never read by MassGen; the display is chosen by ui.display_type",
                   pos.line, pos.column, hint=fix)
    if "display" in data:
        pos = target.key_pos(("display",))
        yield Fact("top-level display is never read by MassGen; the display is set under ui"
                   " (ui.display_type, ui.logging_enabled)", pos.line, pos.column,
                   hint="move its settings to `ui:` as display_type and logging_enabled, then delete it")
