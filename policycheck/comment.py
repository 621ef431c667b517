"""The pull request comment (`policycheck ci --comment`): one comment per pull request, found
again by a hidden marker on its first line and edited, never posted twice.

- A pull request with findings gets the comment: the verdict and counts, the findings grouped
  by rule with links to the lines at the head commit and how to fix each rule (the job
  summary's pieces, `reporters.markdown`), under GitHub's 65,536-character limit for a
  comment body (what does not fit is counted in a line that says so; the job summary and the
  JSON report list every finding).
- A release that lacks its case-study report gets a link to GitHub's "new file" page on the
  pull request's head branch, with the skeleton `policycheck new case-study` writes filled in
  (`value` is dropped when the link would pass `MAX_URL` characters).
- A clean pull request (no active findings) with no earlier comment gets none; an earlier
  comment is edited to say the findings are resolved.

Which comment is policycheck's: a comment whose body starts with `MARKER`, one written by a bot
(`github-actions[bot]`, a GitHub App) first, since anyone can type the marker; a token of a
person posts as that person, so a person's marked comment is the fallback.
"""
from __future__ import annotations

import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from policycheck.findings import Report
from policycheck.reporters.markdown import escape, fitted, summary_items, verdict_head
from policycheck.reporters.text import summary_line
from policycheck.reporters.workspace import GitHubRun
from policycheck.rules.release_report_missing import ID as RELEASE_REPORT_MISSING

if TYPE_CHECKING:  # an annotation only: the client is built by the runner
    from policycheck.sources.github import GitHubClient, IssueComment

MARKER = "<!-- policycheck:comment -->"
MAX_CHARS = 65536  # GitHub refuses a longer comment body
_RESERVE = 1500  # characters kept for the footer and the line that says what was left out
MAX_URL = 8000  # browsers and GitHub's front end refuse much longer URLs (GitHub answers 414)


@dataclass(frozen=True)
class NewFile:
    """A file to propose on GitHub's "new file" page: its path from the root, and its text."""

    path: str
    text: str


@dataclass(frozen=True)
class PullTarget:
    """The pull request the comment goes on, and its head (for the "new file" link)."""

    repository: str
    number: int
    head_repository: str | None = None
    head_ref: str | None = None


def needs_report(report: Report) -> bool:
    """Whether a release lacks its case-study report (so the comment links a skeleton)."""
    return any(f.rule == RELEASE_REPORT_MISSING for f in report.active)


def new_file_url(server: str, repository: str, branch: str, new: NewFile) -> str:
    """`SERVER/REPO/new/BRANCH?filename=PATH&value=TEXT`, without `value` past `MAX_URL`."""
    base = (f"{server.rstrip('/')}/{repository}/new/{urllib.parse.quote(branch, safe='/')}"
            f"?filename={urllib.parse.quote(new.path, safe='/')}")
    full = f"{base}&value={urllib.parse.quote(new.text, safe='')}"
    return full if len(full) <= MAX_URL else base


def body(report: Report, run: GitHubRun, target: PullTarget, new: NewFile | None = None,
         strict: bool = False) -> str:
    """The comment for a pull request with findings, under MAX_CHARS characters."""
    parts = [f"{MARKER}\n", verdict_head(report, strict), _new_file_part(run, target, new)]
    items, left = fitted(summary_items(report, run), sum(map(len, parts)), MAX_CHARS - _RESERVE, len)
    parts += items
    if left:
        parts.append(f"\n**{len(left)} finding{'s' if len(left) != 1 else ''} left out** to keep this comment under"
                     f" {MAX_CHARS:,} characters; the job summary and the JSON report list every finding.\n")
    parts.append(_footer(run))
    return "".join(parts)


def resolved_body(report: Report, run: GitHubRun) -> str:
    """The earlier comment, edited once the pull request is clean."""
    return (f"{MARKER}\n## ✅ policycheck: resolved\n\nNo findings{_at(run)}: what this comment listed before is"
            f" fixed or waived. {escape(summary_line(report))}.\n")


def _new_file_part(run: GitHubRun, target: PullTarget, new: NewFile | None) -> str:
    if new is None or not target.head_ref:
        return ""
    url = new_file_url(run.server_url, target.head_repository or target.repository, target.head_ref, new)
    filled = "with the report skeleton filled in" if "&value=" in url else \
        "(the skeleton is too long for a link: `policycheck new case-study` writes it)"
    return (f"\n**The release's case-study report is missing:** [create {escape(new.path)} on"
            f" {escape(target.head_ref)}]({url}) {filled}, then fill it in and record the run.\n")


def _at(run: GitHubRun) -> str:
    if not (run.repository and run.sha):
        return ""
    return f" at [{run.sha[:12]}]({run.server_url}/{run.repository}/commit/{run.sha})"


def _footer(run: GitHubRun) -> str:
    return f"\n<sub>policycheck{_at(run)}; this comment is edited on every run.</sub>\n"


def own_comment(comments: Sequence[IssueComment]) -> IssueComment | None:
    """policycheck's earlier comment: marked, a bot's first (see the module docstring)."""
    marked = [c for c in comments if c.body.startswith(MARKER)]
    return next((c for c in marked if c.author_is_bot), marked[0] if marked else None)


def post(client: GitHubClient, target: PullTarget, report: Report, run: GitHubRun, new: NewFile | None = None,
         strict: bool = False) -> str:
    """Create, edit or leave the comment; what was done, in words (a note for stderr)."""
    earlier = own_comment(client.issue_comments(target.repository, target.number))
    where = f"#{target.number}"
    if not report.active:
        if earlier is None:
            return f"comment: no findings, so no comment on {where}"
        client.edit_comment(target.repository, earlier.id, resolved_body(report, run))
        return f"comment: edited comment {earlier.id} on {where} to say the findings are resolved"
    text = body(report, run, target, new, strict)
    if earlier is None:
        made = client.create_comment(target.repository, target.number, text)
        return f"comment: posted comment {made.id} on {where}"
    client.edit_comment(target.repository, earlier.id, text)
    return f"comment: edited comment {earlier.id} on {where}"
