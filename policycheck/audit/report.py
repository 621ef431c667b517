"""The audit's result and its three formats: a terminal scorecard, JSON, and Markdown.

Text: the scorecard (check, status, reason, how to fix; blocking items first), the deadline
block in the policy's time zone with the time left, the history table, then one verdict
line; colour only when the stream is a terminal. JSON: `schemas/audit.schema.json`.
Markdown: what one pastes into a release issue or a job summary, with the history as a
Mermaid pie chart (GitHub renders it) beside its table.
"""
from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field
from typing import Any, TextIO

import click

from policycheck.audit.health import WaiverRow
from policycheck.audit.history import HistoryEntry
from policycheck.audit.items import FAIL, PASS, SKIP, WARN, Item, ordered
from policycheck.audit.schedule import Deadlines, describe_left

READY, NOT_READY = "READY", "NOT READY"
_COLOURS = {PASS: "green", FAIL: "red", WARN: "yellow", SKIP: "bright_black"}
_TIME = "%a %Y-%m-%d %H:%M %Z"


@dataclass
class Audit:
    now: datetime.datetime
    timezone: str
    release: str | None = None
    items: list[Item] = field(default_factory=list)
    deadlines: Deadlines | None = None
    history: list[HistoryEntry] | None = None
    waivers: list[WaiverRow] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        return not any(item.status == FAIL for item in self.items)

    @property
    def verdict(self) -> str:
        return READY if self.ready else NOT_READY

    def verdict_line(self) -> str:
        blocking = [item.check for item in ordered(self.items) if item.status == FAIL]
        what = f"release v{self.release}" if self.release else "the next release"
        if blocking:
            return f"{NOT_READY}: {what}: blocked by {', '.join(blocking)}"
        return f"{READY}: {what}"

    def to_json(self) -> dict[str, Any]:
        return {"verdict": self.verdict, "release": self.release, "now": self.now.isoformat(),
                "timezone": self.timezone, "checks": [item.to_json() for item in ordered(self.items)],
                "schedule": _deadlines_json(self.deadlines), "waivers": [w.to_json() for w in self.waivers],
                "history": [entry.to_json() for entry in self.history] if self.history is not None else None,
                "skipped": list(self.skipped)}


def _deadlines_json(deadlines: Deadlines | None) -> dict[str, Any] | None:
    if deadlines is None:
        return None

    def moment(when: datetime.datetime | None) -> dict[str, Any] | None:
        left = deadlines.left(when)
        return None if when is None or left is None else {"at": when.isoformat(),
                                                          "seconds_left": int(left.total_seconds())}
    return {"next_release": moment(deadlines.next_release), "case_study_due": moment(deadlines.case_study_due),
            "last_release": deadlines.last_release.isoformat() if deadlines.last_release else None}


# --- formats -------------------------------------------------------------------------------

def write(audit: Audit, fmt: str, stream: TextIO, colour: bool = False) -> None:
    if fmt == "json":
        json.dump(audit.to_json(), stream, indent=2)
        stream.write("\n")
    elif fmt == "markdown":
        stream.write(markdown(audit))
    else:
        stream.write(text(audit, colour))


def _table(rows: list[list[str]], paint: list[str] | None = None, colour: bool = False) -> list[str]:
    """Aligned columns; the second cell of row N painted in the colour of `paint[N]`."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for index, row in enumerate(rows):
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=True)]
        if paint and paint[index]:
            cells[1] = _paint(cells[1], paint[index], colour)
        lines.append("  ".join(cells).rstrip())
    return lines


def _paint(word: str, status: str, colour: bool) -> str:
    return click.style(word, fg=_COLOURS.get(status)) if colour else word


def text(audit: Audit, colour: bool = False) -> str:
    lines: list[str] = []
    if audit.items:
        rows = [["CHECK", "STATUS", "REASON", "HOW TO FIX"]]
        rows += [[i.check, i.status.upper(), i.reason, i.fix] for i in ordered(audit.items)]
        lines += _table(rows, [""] + [i.status for i in ordered(audit.items)], colour)
        lines.append("")
    lines += _deadline_lines(audit.deadlines)
    lines += _waiver_lines(audit.waivers)
    if audit.history is not None:
        lines += ["History (did each release ship a report for its version, with a video):"]
        lines += ["  " + line for line in _table(_history_rows(audit.history))] + [f"  {summary(audit.history)}", ""]
    lines += [f"skipped: {reason}" for reason in audit.skipped]
    if audit.items:
        status = PASS if audit.ready else FAIL
        lines.append(_paint(audit.verdict_line(), status, colour))
    return "\n".join(lines).rstrip("\n") + "\n"


def _deadline_lines(deadlines: Deadlines | None) -> list[str]:
    if deadlines is None:
        return []
    lines = [f"Schedule ({deadlines.timezone}), now {deadlines.now.strftime(_TIME)}:"]
    for label, when in (("next release", deadlines.next_release),
                        ("case study due", deadlines.case_study_due)):
        if when is not None:
            lines.append(f"  {label:<15} {when.strftime(_TIME)}  ({describe_left(deadlines.left(when))} left)")
    return [*lines, ""]


def _waiver_lines(waivers: list[WaiverRow]) -> list[str]:
    if not waivers:
        return []
    lines = ["Waivers:"]
    for w in waivers:
        flag = "EXPIRED " if w.expired else ""
        lines.append(f"  {flag}{w.rule} on {w.path!r} until {w.expires.isoformat()}: {w.reason}")
    return [*lines, ""]


def _history_rows(history: list[HistoryEntry]) -> list[list[str]]:
    rows = [["RELEASE", "OK", "LATE", "REPORT"]]
    for e in history:
        late = "never" if e.late_releases is None else str(e.late_releases)
        rows.append([e.release.name, "yes" if e.ok else "no", late, e.report or "-"])
    return rows


def counts(history: list[HistoryEntry]) -> tuple[int, int, int]:
    """(on time, late, never) releases."""
    on_time = sum(1 for e in history if e.ok)
    never = sum(1 for e in history if e.late_releases is None)
    return on_time, len(history) - on_time - never, never


def summary(history: list[HistoryEntry]) -> str:
    on_time, late, never = counts(history)
    return f"{len(history)} releases: {on_time} on time, {late} covered later, {never} never"


def markdown(audit: Audit) -> str:
    out = [f"## policycheck audit: {audit.verdict}", ""]
    if audit.items:
        out += [f"**{audit.verdict_line()}**", "", "| Check | Status | Reason | How to fix |", "|---|---|---|---|"]
        out += [f"| {i.check} | {i.status} | {_cell(i.reason)} | {_cell(i.fix)} |" for i in ordered(audit.items)]
        out.append("")
    out += [f"    {line}" if line else "" for line in _deadline_lines(audit.deadlines)]
    if audit.history is not None:
        on_time, late, never = counts(audit.history)
        out += ["### History", "", "```mermaid", "pie title Releases and their case-study reports",
                f'    "on time" : {on_time}', f'    "covered later" : {late}', f'    "never" : {never}', "```", ""]
        out += ["| Release | OK | Late (releases) | Report |", "|---|---|---|---|"]
        out += [f"| {r[0]} | {r[1]} | {r[2]} | {_cell(r[3])} |" for r in _history_rows(audit.history)[1:]]
        out.append("")
    out += [f"- skipped: {_cell(reason)}" for reason in audit.skipped]
    return "\n".join(out).rstrip("\n") + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
