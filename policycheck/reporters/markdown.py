"""The job summary (GitHub Markdown, for `GITHUB_STEP_SUMMARY`): a verdict line, the counts,
the findings grouped by rule with how to fix each rule (the Fix paragraph of its docs) and
links to the lines at the head commit, then the waived findings with reason and expiry.

Links read `SERVER/OWNER/REPO/blob/SHA/PATH#L10-L12` when the repository and the commit are
known (GITHUB_REPOSITORY and GITHUB_SHA, or `GitHubRun`); otherwise a location is plain
`path:line`. GitHub drops a step's whole summary above 1 MiB, so the summary stays under a
byte budget (`summary(..., budget=)`) and says what it left out. Text that comes from the
checked files (messages, paths, reasons) is escaped, so it cannot add Markdown or HTML.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TextIO

from policycheck.findings import BY_CHECK, BY_POLICY, ERROR, INLINE, WARNING, Finding, Report
from policycheck.reporters.ruledocs import rule_doc
from policycheck.reporters.text import summary_line
from policycheck.reporters.workspace import GitHubRun

DEFAULT_BUDGET = 1024 * 1024 - 1024  # just under GitHub's 1 MiB per step
_RESERVE = 400  # bytes kept for the line that says what was left out
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")
_WAIVED_BY = {BY_POLICY: "policy file", INLINE: "comment in the file", BY_CHECK: "the check (a label or the issue)"}


@dataclass(frozen=True)
class SummaryItem:
    """One piece of the summary, and the findings it shows (for what was left out)."""

    text: str
    shows: tuple[Finding, ...] = ()


def escape(text: str) -> str:
    """Text from a checked file as literal Markdown: one line, every markup character escaped."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.splitlines()))


def summary(report: Report, run: GitHubRun, budget: int = DEFAULT_BUDGET, strict: bool = False) -> str:
    """The job summary of `report`, at most `budget` bytes (UTF-8) when the budget holds at
    least the verdict and counts."""
    head = verdict_head(report, strict)
    parts, left = fitted(summary_items(report, run), _size(head), budget - _RESERVE, _size)
    return "".join([head, *parts, _left_out(left, budget) if left else ""])


def fitted(items: Iterable[SummaryItem], used: int, budget: int,
           size: Callable[[str], int]) -> tuple[list[str], list[Finding]]:
    """The items' texts that fit in `budget` (measured by `size`, `used` already spent), and
    the findings of those left out: once one is left out, every later one is too."""
    parts: list[str] = []
    left: list[Finding] = []
    for item in items:
        if left or used + size(item.text) > budget:
            left.extend(item.shows)
            continue
        parts.append(item.text)
        used += size(item.text)
    return parts, left


def _size(text: str) -> int:
    return len(text.encode("utf-8"))


def verdict_head(report: Report, strict: bool) -> str:
    """The verdict line and the counts table (the summary's and the PR comment's top)."""
    failed = report.exit_code(strict) != 0
    verdict = "❌ policycheck failed" if failed else "✅ policycheck passed"
    counts = summary_line(report).split(": ", 1)
    return (f"## {verdict}: {counts[1]}\n\n"
            f"| checked | errors | warnings | waived |\n| --- | --- | --- | --- |\n"
            f"| {counts[0].removesuffix(' checked')} | {report.count(ERROR)} | {report.count(WARNING)}"
            f" | {len(report.waived)} |\n")


def summary_items(report: Report, run: GitHubRun) -> Iterator[SummaryItem]:
    """The findings grouped by rule, in pieces a byte or character budget can stop between."""
    for rule, findings in _by_rule(report.active):
        doc = rule_doc(rule)
        yield SummaryItem(f"\n### `{rule}` ({len(findings)}): {doc.summary}\n\n")
        fix = doc.section("Fix")
        if fix:
            yield SummaryItem(f"**Fix:** {fix} (`policycheck explain {rule}`)\n\n")
        for finding in findings:
            yield SummaryItem(_finding_line(report, finding, run), (finding,))
    waived = report.waived
    if waived:
        yield SummaryItem(f"\n### Waived ({len(waived)})\n\n| where | rule | reason | waived by | expires |\n"
                    "| --- | --- | --- | --- | --- |\n")
        for finding in waived:
            yield SummaryItem(_waived_row(report, finding, run), (finding,))


def _by_rule(findings: list[Finding]) -> list[tuple[str, list[Finding]]]:
    """Findings grouped by rule: the rules with errors first, then in order of appearance."""
    groups: dict[str, list[Finding]] = {}
    for finding in findings:
        groups.setdefault(finding.rule, []).append(finding)
    return sorted(groups.items(), key=lambda group: all(f.severity != ERROR for f in group[1]))


def where(report: Report, finding: Finding, run: GitHubRun) -> str:
    """A finding's location as Markdown: a link to its lines when there is one."""
    if not finding.location.is_file:
        return escape(f"{finding.path}:{finding.line}")
    location = run.place(report, finding)
    label = escape(f"{location.name}:{location.line}")
    url = run.blob_url(location)
    return f"[{label}]({url})" if url else label


def _finding_line(report: Report, finding: Finding, run: GitHubRun) -> str:
    line = f"- **{finding.severity}** {where(report, finding, run)}: {escape(finding.message)}"
    if finding.hint:
        line += f" (hint: {escape(finding.hint)})"
    return line + "\n"


def _waived_row(report: Report, finding: Finding, run: GitHubRun) -> str:
    source = report.waivers.get(finding)
    by = _WAIVED_BY.get(source.kind, "") if source else ""
    expires = source.expires.isoformat() if source and source.expires else "never"
    reason = escape(finding.waived or "")
    return f"| {where(report, finding, run)} | `{finding.rule}` | {reason} | {by} | {expires} |\n"


def _left_out(left: list[Finding], budget: int) -> str:
    waived = sum(1 for f in left if f.waived is not None)
    errors = sum(1 for f in left if f.waived is None and f.severity == ERROR)
    warnings = len(left) - waived - errors
    return (f"\n**Left out** to keep this summary under {budget} bytes: {errors} error{'s' if errors != 1 else ''},"
            f" {warnings} warning{'s' if warnings != 1 else ''} and {waived} waived"
            f" finding{'s' if waived != 1 else ''}. The `json` or `sarif` output lists every finding.\n")


def write(report: Report, stream: TextIO) -> None:
    stream.write(summary(report, GitHubRun.from_env()))
