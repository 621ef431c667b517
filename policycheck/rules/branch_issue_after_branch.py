"""branch-issue-after-branch: the case-study issue was opened before development started.

What: the referenced case-study issue was created after the branch's first commit (the
oldest commit between the base branch and the head).

Why: "case studies drive features, not the other way around": the case study is defined
before development starts. A warning by default, because an issue filed late still
documents the case study; `branches.issue_before_branch` in the policy sets the severity
(error, warning or off).

Fix: nothing for this branch; open the issue first next time.

Waive: `branches.issue_before_branch: off`, or a `branches.skip_labels` label on the PR.
"""
from __future__ import annotations

import datetime
from collections.abc import Iterator

from policycheck.branches.targets import BranchTarget
from policycheck.checking import CheckContext
from policycheck.findings import WARNING, Fact

ID = "branch-issue-after-branch"
SUMMARY = "the case-study issue must be opened before the branch's first commit"
TARGET = "branch"
SEVERITY = WARNING


def _utc(stamp: int) -> str:
    return datetime.datetime.fromtimestamp(stamp, datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def check(target: BranchTarget, ctx: CheckContext) -> Iterator[Fact]:
    first = target.first_commit_time
    if first is None or target.before_branch_severity == "off":
        return
    for item in target.checks:
        if item.ok and item.issue is not None and item.issue.created_at > first:
            ref = item.reference
            yield Fact(f"case-study issue #{ref.number} was opened {_utc(item.issue.created_at)}, after the branch's"
                       f" first commit ({_utc(first)})", ref.line, ref.column, path=ref.path,
                       severity=target.before_branch_severity,
                       hint="open the case-study issue before starting development")
