"""branch-issue-is-pull-request: the reference names an issue, not a pull request.

What: the number a feature branch references is a pull request (GitHub's issues endpoint
returns pull requests too, marked with a `pull_request` key).

Why: a pull request is development, not the case study that must come before it.

Fix: reference the case-study issue the pull request implements (`Closes #N`).

Waive: label the pull request with a `branches.skip_labels` label (default `no-case-study`).
"""
from __future__ import annotations

from collections.abc import Iterator

from policycheck.branches.targets import BranchTarget
from policycheck.checking import CheckContext
from policycheck.findings import ERROR, Fact

ID = "branch-issue-is-pull-request"
SUMMARY = "the referenced number must be an issue, not a pull request"
TARGET = "branch"
SEVERITY = ERROR


def check(target: BranchTarget, ctx: CheckContext) -> Iterator[Fact]:
    for item in target.open_checks():
        if item.issue is not None and item.issue.is_pull_request:
            ref = item.reference
            yield Fact(f"#{ref.number} (referenced in the {ref.source}) is a pull request, not a case-study issue",
                       ref.line, ref.column, path=ref.path,
                       hint="reference the case-study issue itself, e.g. 'Closes #<issue>'")
