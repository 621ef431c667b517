"""release-report-missing: a release ships its case-study report.

What: a release (by default `dev/vX.Y.Z` into `main`, a PR titled `feat: vX.Y.Z`, a branch
into `main` that changes `__version__` in `massgen/__init__.py`, or a merged branch whose
merge carries a `vX.Y.Z` tag: policy `branches.release`) whose changes add or modify no
case-study report (the policy's `case_studies` globs), and whose
PR body links no report already on the base branch.

Why: the evaluation phase is due by release: the case study is written up, with a video,
when the feature ships. To see how a repository's past releases did, list its release
merges (`git log --first-parent --merges --format='%H %s' main`) and, for each merge M, the
reports it added or changed (`git diff --name-status M^1 M -- <case-study folder>`).

Fix: write the report (`policycheck new case-study --version X.Y.Z --title "..."` creates
it in the case-study folder), or link an existing report in the PR body.

Waive: a waiver in the policy for `branch:dev/v*` (findings about a branch are reported at
the path `branch:<name>`), with a reason and an expiry date.
"""
from __future__ import annotations

from collections.abc import Iterator

from policycheck.branches.targets import RELEASE, ReleaseTarget, branch_location
from policycheck.checking import CheckContext
from policycheck.findings import ERROR, Fact

ID = "release-report-missing"
SUMMARY = "a release must add or link its case-study report"
TARGET = "release"
SEVERITY = ERROR


def check(target: ReleaseTarget, ctx: CheckContext) -> Iterator[Fact]:
    if target.kind.kind != RELEASE or any(c.exists for c in target.candidates):
        return
    version = target.kind.version or "X.Y.Z"
    linked = [c.path for c in target.candidates if c.how == "linked"]
    body = f"its PR body links {', '.join(linked)}, which does not exist" if linked else "its PR body links none"
    yield Fact(f"release v{version} adds no case-study report ({target.changes_from} changes no file matching"
               f" the case_studies globs) and {body}",
               path=branch_location(target.context),
               hint=f"add the report under {target.directory}/: `policycheck new case-study --version {version}"
                    f' --title "..."`, then record the run and link its video')
