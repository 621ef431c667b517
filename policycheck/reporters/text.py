"""`path:line:col: severity RULE message`, one finding a line, then a one-line summary.

Colour only when the stream is a terminal and NO_COLOR is unset (https://no-color.org).
Every text that comes from outside (a file or branch name, a message quoting a file, a hint)
has its control characters escaped (`\x1b`, `\n`): a file name holding an ANSI escape must
not recolour, move or clear the reader's terminal, nor split a finding over two lines. Only
the reporter's own colour codes reach the terminal raw.
"""
from __future__ import annotations

import os
from typing import TextIO

from policycheck.findings import ERROR, SUBJECTS, Finding, Report

_COLOURS = {"error": "\033[31m", "warning": "\033[33m", "waived": "\033[2m", "hint": "\033[2m"}
_RESET = "\033[0m"
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# C0 controls, DEL and C1 controls (0x80-0x9f: some terminals read 0x9b as an escape sequence)
_CONTROLS = {code: _NAMED.get(chr(code), f"\\x{code:02x}") for code in (*range(0x20), *range(0x7f, 0xa0))}


def escape_controls(text: str) -> str:
    """`text` with every control character written as an escape: printable, one line."""
    return text.translate(_CONTROLS)


def _use_colour(stream: TextIO) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _paint(text: str, key: str, colour: bool) -> str:
    return f"{_COLOURS[key]}{text}{_RESET}" if colour else text


def format_finding(finding: Finding, colour: bool = False) -> str:
    severity = "waived" if finding.waived is not None else finding.severity
    # One finding, one line: a newline in a file name must not split it.
    path, message = escape_controls(finding.path), escape_controls(finding.message)
    label = _paint(severity, severity, colour)
    line = f"{path}:{finding.line}:{finding.column}: {label} {finding.rule} {message}"
    if finding.waived is not None:
        line += f" (waived: {escape_controls(finding.waived)})"
    elif finding.fix is not None:
        line += " [fixable]" if finding.fix.safe else " [fixable with --unsafe]"
    if finding.waived is None and finding.hint:
        line += "\n    " + _paint(f"hint: {escape_controls(finding.hint)}", "hint", colour)
    return line


_PLURALS = {"file": "files", "branch": "branches", "issue": "issues"}


def checked_phrase(report: Report) -> str:
    """What the run checked, by subject: "3 files", "1 file and 1 branch", "0 files"."""
    parts = [f"{n} {subject if n == 1 else _PLURALS[subject]}"
             for subject in SUBJECTS if (n := report.checked[subject])]
    if not parts:
        return "0 files"
    return ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1]


def summary_line(report: Report) -> str:
    errors, warnings = report.count(ERROR), report.count("warning")
    parts = [f"{errors} error{'s' if errors != 1 else ''}", f"{warnings} warning{'s' if warnings != 1 else ''}"]
    if report.waived:
        parts.append(f"{len(report.waived)} waived")
    fixes = [f.fix for f in report.active if f.fix is not None]
    if safe := sum(1 for fix in fixes if fix.safe):
        parts.append(f"{safe} fixable")
    if unsafe := len(fixes) - safe:
        parts.append(f"{unsafe} fixable with --unsafe")
    return f"{checked_phrase(report)} checked: {', '.join(parts)}"


def write(report: Report, stream: TextIO) -> None:
    colour = _use_colour(stream)
    for finding in report.findings:
        stream.write(format_finding(finding, colour) + "\n")
    stream.write(summary_line(report) + "\n")
