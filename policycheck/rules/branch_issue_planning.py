"""branch-issue-planning: the referenced case-study issue has a complete planning phase.

What: the body of the case-study issue a feature branch references fails `policycheck
check-issue` (Prompt, Config file, Cmd, Current behavior, Expected behavior and How this
ties to end goals must be present, not empty and not template text).

Why: the planning phase must be complete before development starts; an issue opened from
the template and left unfilled is not a case study yet.

Fix: fill in the issue (`policycheck check-issue --number N` lists what is missing).

Waive: label the pull request with a `branches.skip_labels` label (default `no-case-study`).
"""
from __future__ import annotations

from collections.abc import Iterator

from policycheck.branches.targets import BranchTarget
from policycheck.checking import CheckContext
from policycheck.findings import ERROR, Fact

ID = "branch-issue-planning"
SUMMARY = "the referenced case-study issue's planning phase must be complete"
TARGET = "branch"
SEVERITY = ERROR
SHOWN = 3  # problems quoted in the message; check-issue --number N lists them all


def check(target: BranchTarget, ctx: CheckContext) -> Iterator[Fact]:
    for item in target.open_checks():
        if item.issue is None or item.issue.is_pull_request or not item.labelled or not item.planning_errors:
            continue
        ref, problems = item.reference, item.planning_errors
        more = f" (and {len(problems) - SHOWN} more)" if len(problems) > SHOWN else ""
        listed = "; ".join(problems[:SHOWN])
        yield Fact(f"case-study issue #{ref.number}'s planning phase is incomplete: {listed}{more}",
                   ref.line, ref.column, path=ref.path,
                   hint=f"fill in the issue; `policycheck check-issue --number {ref.number}` lists every problem")
