"""The readiness dashboard: one issue kept up to date with the audit's Markdown report.

The issue is found again by a hidden marker (an HTML comment GitHub does not render) at the
start of its body, among all issues, open or closed, so a second dashboard is never opened;
when several carry the marker, the oldest is the dashboard. An unchanged body is not edited.
"""
from __future__ import annotations

from policycheck.runner import Runner

MARKER = "<!-- policycheck:audit-dashboard -->"
TITLE = "Release readiness (policycheck audit)"


def update_dashboard(runner: Runner, repository: str, report: str) -> str:
    """Create or edit the dashboard issue; what was done, for stderr."""
    client = runner.github()
    body = f"{MARKER}\n{report}"
    found = sorted((i for i in client.list_issues(repository, state="all")
                    if not i.is_pull_request and i.body.startswith(MARKER)), key=lambda i: i.number)
    if not found:
        number = client.create_issue(repository, TITLE, body)
        return f"dashboard: opened issue #{number} in {repository}"
    dashboard = found[0]
    if dashboard.body == body:
        return f"dashboard: issue #{dashboard.number} in {repository} is up to date"
    client.edit_issue(repository, dashboard.number, body)
    return f"dashboard: updated issue #{dashboard.number} in {repository}"
