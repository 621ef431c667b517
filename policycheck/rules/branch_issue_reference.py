"""branch-issue-reference: a feature branch references its case-study issue.

What: a feature branch (neither a release nor an exempt branch, see `branches` in the
policy) whose name, pull request body and commit messages reference no issue. References
are, in the branch name, the forms `branches.references.branch` allows (default:
`feature/123-x`, `123-x`, `issue-123`, `issue_123`, `gh-123`; not a bare number followed by
`_`, such as the date in `0810_update_x_link`); `Closes #123`, `#123` or a full issue URL of
the same repository in the PR body; the same in a commit message, where git's and GitHub's
merge, revert and squash boilerplate (`Merge pull request #N from ...`, `Merge branch ...`,
`Revert "..."`, a trailing `(#N)`) names other work and is no reference.

Why: case studies drive features. Every feature starts from a case-study issue (the
planning phase), opened before development starts.

Fix: open a case-study issue (`policycheck new issue` prints a body), then name the branch
after it (`feature/123-short-name`) or write `Closes #123` in the pull request body.

Waive: label the pull request with a label in `branches.skip_labels` (default
`no-case-study`): the finding is then reported as waived. Exempt a family of branches with
`branches.exempt` in the policy; a branch that changes only paths matching
`branches.docs_only` (default: documentation, README, LICENSE and CHANGELOG files) is exempt
already. A pull request from a fork's `main` is a feature branch like any other.
"""
from __future__ import annotations

from collections.abc import Iterator

from policycheck.branches.targets import FEATURE, BranchTarget, branch_location
from policycheck.checking import CheckContext
from policycheck.findings import ERROR, Fact

ID = "branch-issue-reference"
SUMMARY = "a feature branch must reference a case-study issue"
TARGET = "branch"
SEVERITY = ERROR


def check(target: BranchTarget, ctx: CheckContext) -> Iterator[Fact]:
    if target.kind.kind != FEATURE or target.references:
        return
    context = target.context
    looked = ["the branch name"]
    if context.body is not None:
        looked.append("the pull request body")
    if context.root is not None and context.start is None:
        looked.append(f"no commit messages: the base branch {context.base!r} is not in this clone")
    else:
        looked.append(f"{len(context.commits)} commit message{'s' if len(context.commits) != 1 else ''}")
    yield Fact(f"feature branch {context.branch!r} references no case-study issue (looked in {', '.join(looked)})",
               path=branch_location(context),
               hint="name the branch feature/<issue>-<name> or write 'Closes #<issue>' in the PR body;"
                    " open the case-study issue first (`policycheck new issue`)")
