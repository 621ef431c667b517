"""branch-issue-label: the referenced issue is labelled as a case study.

What: the issue a feature branch references carries none of the policy's case-study labels
(`issues.labels`; default `case study` and `case-study`: the guide says the first, the
issue template applies the second).

Why: only a case-study issue is a planning phase; a bug report or feature request is not.

Fix: if the issue is a case study, add the label; otherwise open a case-study issue from the
template and reference that one.

Waive: label the pull request with a `branches.skip_labels` label (default `no-case-study`).
"""
from __future__ import annotations

from collections.abc import Iterator

from policycheck.branches.targets import BranchTarget
from policycheck.checking import CheckContext
from policycheck.findings import ERROR, Fact

ID = "branch-issue-label"
SUMMARY = "the referenced issue must carry a case-study label"
TARGET = "branch"
SEVERITY = ERROR


def check(target: BranchTarget, ctx: CheckContext) -> Iterator[Fact]:
    for item in target.open_checks():
        if item.issue is not None and not item.issue.is_pull_request and not item.labelled:
            ref = item.reference
            has = ", ".join(repr(label) for label in item.issue.labels) or "no labels"
            yield Fact(f"issue #{ref.number} is not labelled as a case study (it has {has};"
                       f" expected one of {', '.join(repr(label) for label in target.labels)})",
                       ref.line, ref.column, path=ref.path,
                       hint="label the issue as a case study, or reference the case-study issue instead")
