"""config-ineffective-key: keys that look like settings but that MassGen never reads.

What (warnings): `ui.type` and a top-level `display` mapping. Both appear in real configs
(`ui.type: rich_terminal`, `display: {type: rich_terminal}`), but MassGen chooses the display
from `ui.display_type` alone, so these keys change nothing.

Why: a reader believes the config sets the display; it does not.

Fix: use `ui.display_type` (rich_terminal or simple) and `ui.logging_enabled`; delete the
ineffective key. `policycheck fix` renames them (the automatic fix below says when):
MassGen's CLI reads `ui.display_type` with the default `rich_terminal` and
`ui.logging_enabled` with the default true, so a move that writes those values changes
nothing MassGen does and is safe; a move that writes another value changes the display and is
made only with `--unsafe`. A rename onto a key that already exists is never made.

Waive: `rules: {config-ineffective-key: off}`, or a waiver for the path in the policy file.
"""
from __future__ import annotations

from collections.abc import Iterator

from policycheck.checking import CheckContext
from policycheck.configs.document import ConfigDocument
from policycheck.configs.edits import rename_key
from policycheck.edits import Edit
from policycheck.findings import WARNING, Fact

ID = "config-ineffective-key"
SUMMARY = "no keys MassGen never reads (ui.type, top-level display)"
TARGET = "config"
SEVERITY = WARNING
FIX = ("renames `ui.type` to `ui.display_type` when `ui` has no display_type, and a top-level"
       " `display:` mapping to `ui:` (its `type` to `display_type`) when there is no `ui`; safe when"
       " the values are MassGen's defaults (display_type rich_terminal, logging_enabled true),"
       " otherwise only with --unsafe")
DISPLAY_TYPES = ("rich_terminal", "simple")
# What MassGen's CLI reads from `ui` when a key is absent: a move that writes these is a no-op.
UI_DEFAULTS = {"display_type": "rich_terminal", "logging_enabled": True}


def check(target: ConfigDocument, ctx: CheckContext) -> Iterator[Fact]:
    data = target.data if isinstance(target.data, dict) else {}
    ui = data.get("ui")
    if isinstance(ui, dict) and "type" in ui:
        pos = target.key_pos(("ui", "type"))
        fix = ("delete ui.type: ui.display_type already sets the display" if "display_type" in ui
               else f"rename it: `display_type: {ui['type']}`")
        yield Fact("ui.type is never read by MassGen; the display is chosen by ui.display_type",
                   pos.line, pos.column, hint=fix, fix=_ui_type_fix(target, ui))
    if "display" in data:
        pos = target.key_pos(("display",))
        yield Fact("top-level display is never read by MassGen; the display is set under ui"
                   " (ui.display_type, ui.logging_enabled)", pos.line, pos.column,
                   hint="move its settings to `ui:` as display_type and logging_enabled, then delete it",
                   fix=_display_fix(target, data))


def _ui_type_fix(target: ConfigDocument, ui: dict[str, object]) -> Edit | None:
    if ui["type"] not in DISPLAY_TYPES:
        return None  # not a display MassGen knows: a person decides what was meant
    rename = rename_key(target, ("ui", "type"), "display_type")
    if rename is None:
        return None
    return Edit(target.path, (rename,), "renamed ui.type to ui.display_type",
                safe=ui["type"] == UI_DEFAULTS["display_type"])


def _display_fix(target: ConfigDocument, data: dict[str, object]) -> Edit | None:
    display = data["display"]
    if not isinstance(display, dict) or "ui" in data:
        return None
    settings = dict(display)
    renames = [rename_key(target, ("display",), "ui")]
    if "type" in settings:
        if settings["type"] not in DISPLAY_TYPES:
            return None
        settings["display_type"] = settings.pop("type")
        renames.append(rename_key(target, ("display", "type"), "display_type"))
    if any(r is None for r in renames) or not set(settings) <= set(UI_DEFAULTS):
        return None  # a collision, a shared mapping, or settings `ui` does not have
    safe = all(UI_DEFAULTS[key] == value for key, value in settings.items())
    return Edit(target.path, tuple(r for r in renames if r is not None),
                "moved top-level display to ui" + (" (type as display_type)" if len(renames) > 1 else ""), safe=safe)
