"""GitHub Actions annotations: one `::error` or `::warning` workflow command per finding.

`::error file=a.yaml,line=3,col=7,title=yaml-syntax::YAML syntax error%0Ahint: fix it`

Escaped as the Actions toolkit (`@actions/core`) escapes them: the message `%` -> `%25`,
CR -> `%0D`, LF -> `%0A`; properties also `:` -> `%3A` and `,` -> `%2C`, so no text of a
finding (a file name, a PR body) can end the command or start another. `col` and `endColumn`
are given only when the finding starts and ends on one line (GitHub ignores them otherwise).
Paths are relative to the workspace; a finding about a branch, a commit, a PR body or an
issue is annotated at its anchor in the policy file, its subject named in the message.
Waived findings are not annotated.

GitHub shows at most 10 error, 10 warning and 10 notice annotations per step (50 per job)
and drops the rest without a word, so errors come first, then findings in the pull
request's changed files, and when some are left out, one notice says how many and that the
job summary lists them all.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TextIO

from policycheck.findings import ERROR, WARNING, Finding, Location, Report
from policycheck.reporters.text import summary_line
from policycheck.reporters.workspace import GitHubRun

# What GitHub shows of one step's annotations; the rest are dropped.
PER_LEVEL = 10
PER_JOB = 50
_LEVELS = {ERROR: "error", WARNING: "warning"}


@dataclass(frozen=True)
class AnnotationOptions:
    """`diff_files`: workspace-relative paths the pull request changes (annotated first);
    `per_level` and `total`: how many annotations GitHub will show (the notice included)."""

    diff_files: frozenset[str] = field(default_factory=frozenset)
    per_level: int = PER_LEVEL
    total: int = PER_JOB


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(level: str, message: str, **properties: str | int | None) -> str:
    """One workflow command line; properties that are None are left out."""
    props = ",".join(f"{name}={escape_property(str(value))}" for name, value in properties.items()
                     if value is not None)
    return f"::{level}{' ' + props if props else ''}::{escape_data(message)}"


def annotation(report: Report, finding: Finding, run: GitHubRun) -> str:
    place = run.place(report, finding)
    return command(_LEVELS.get(finding.severity, "warning"), _message(finding), **_position(place),
                   title=finding.rule)


def _position(place: Location) -> dict[str, str | int | None]:
    one_line = place.end_line is None or place.end_line == place.line
    return {"file": place.name, "line": place.line,
            "endLine": None if one_line else place.end_line,
            "col": place.column if one_line else None,
            "endColumn": place.end_column if one_line else None}


def _message(finding: Finding) -> str:
    text = finding.message
    if not finding.location.is_file:  # annotated at its anchor: say what it is about
        text = f"{finding.path}:{finding.line}:{finding.column}: {text}"
    return text + (f"\nhint: {finding.hint}" if finding.hint else "")


def ordered(report: Report, run: GitHubRun, diff_files: Iterable[str] = ()) -> list[Finding]:
    """The findings to annotate (not waived) in the order they are worth showing: errors
    first, then those in the changed files, then the report's order (path, line)."""
    changed = frozenset(diff_files)
    rank = {ERROR: 0, WARNING: 1}

    def key(item: tuple[int, Finding]) -> tuple[int, int, int]:
        index, finding = item
        return rank.get(finding.severity, 2), run.place(report, finding).name not in changed, index

    return [finding for _, finding in sorted(enumerate(report.active), key=key)]


def select(findings: list[Finding], options: AnnotationOptions) -> list[Finding]:
    """The findings GitHub will show: `per_level` of each severity, `total` in all with
    room for the notice."""
    shown: list[Finding] = []
    per_level: dict[str, int] = {}
    for finding in findings:
        if per_level.get(finding.severity, 0) < options.per_level and len(shown) < options.total - 1:
            per_level[finding.severity] = per_level.get(finding.severity, 0) + 1
            shown.append(finding)
    return shown


def annotation_lines(report: Report, run: GitHubRun, options: AnnotationOptions | None = None) -> list[str]:
    """The workflow command lines for `report`: the annotations GitHub will show, then one
    notice when some findings were left out."""
    options = options or AnnotationOptions()
    candidates = ordered(report, run, options.diff_files)
    shown = select(candidates, options)
    lines = [annotation(report, finding, run) for finding in shown]
    shown_ids = {id(f) for f in shown}
    left = [f for f in candidates if id(f) not in shown_ids]
    if left:
        lines.append(command("notice", _left_out(left, options), title="policycheck"))
    return lines


def _left_out(left: list[Finding], options: AnnotationOptions) -> str:
    errors = sum(1 for f in left if f.severity == ERROR)
    counts = f"{errors} error{'s' if errors != 1 else ''}, {len(left) - errors} warning" \
             f"{'s' if len(left) - errors != 1 else ''}"
    return (f"{len(left)} more finding{'s' if len(left) != 1 else ''} ({counts}) not annotated: GitHub shows"
            f" at most {options.per_level} annotations of each level per step. The job summary lists them all.")


def write(report: Report, stream: TextIO) -> None:
    for line in annotation_lines(report, GitHubRun.from_env()):
        stream.write(line + "\n")
    stream.write(summary_line(report) + "\n")
