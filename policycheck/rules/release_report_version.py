"""release-report-version: the release's case-study report is about this release.

What: the MassGen version in the title of a case-study report that a release adds, modifies
or links (`# MassGen v0.1.8: ...`; a range like `v0.0.12-0.0.14` covers both ends) is not
the release's version (from the branch `dev/vX.Y.Z` or the PR title `feat: vX.Y.Z`).

Why: each release ships the case study of the feature it releases; a report for another
version (an old report touched up) does not count for this one. When the release does add
a report titled with its version, only that report's own failures are reported: old
reports it merely touched are not asked to be retitled.

Fix: write the report for this version, or correct the title's version.

Waive: a waiver in the policy for the report's path, with a reason and an expiry date.
"""
from __future__ import annotations

from collections.abc import Iterator

from policycheck.branches.targets import RELEASE, ReleaseTarget
from policycheck.checking import CheckContext
from policycheck.findings import ERROR, Fact

ID = "release-report-version"
SUMMARY = "the release's case-study report must name the release version in its title"
TARGET = "release"
SEVERITY = ERROR


def check(target: ReleaseTarget, ctx: CheckContext) -> Iterator[Fact]:
    version = target.kind.version
    if target.kind.kind != RELEASE or target.satisfied or not version:
        return
    if any(c.exists and c.readable and c.names(version) for c in target.candidates):
        return  # the release has its own report: its failures are reported, not old titles
    for candidate in target.candidates:
        if candidate.exists and candidate.readable and not candidate.names(version):
            named = f"v{candidate.version}" if candidate.version else "no version"
            yield Fact(f"case-study report ({candidate.how} by release v{version}) names {named} in its title,"
                       f" not v{version}", candidate.title_line, 1, path=candidate.path,
                       hint=f"title the report '# MassGen v{version}: ...', or add this release's own report")
