"""branch-issue-not-found: the referenced issue exists on GitHub.

What: GitHub answered 404 for the issue a feature branch references (online checks only).

Why: a reference to a missing issue (a typo, or an issue in another repository) is no case
study at all.

Fix: correct the number in the branch name or PR body, or open the case-study issue.

Waive: label the pull request with a `branches.skip_labels` label (default `no-case-study`).
"""
from __future__ import annotations

from collections.abc import Iterator

from policycheck.branches.targets import BranchTarget
from policycheck.checking import CheckContext
from policycheck.findings import ERROR, Fact

ID = "branch-issue-not-found"
SUMMARY = "the referenced case-study issue must exist"
TARGET = "branch"
SEVERITY = ERROR


def check(target: BranchTarget, ctx: CheckContext) -> Iterator[Fact]:
    for item in target.open_checks():
        if item.not_found:
            ref = item.reference
            yield Fact(f"issue #{ref.number} (referenced in the {ref.source}) was not found in {item.repository}",
                       ref.line, ref.column, path=ref.path,
                       hint="check the number; open the case-study issue first if it does not exist yet")
