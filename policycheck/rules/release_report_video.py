"""release-report-video: the release's case-study report links its video.

What: a case-study report that a release adds, modifies or links has no video link
(YouTube, Vimeo, Loom, a GitHub attachment, or a local video file that exists). The
release's check also reports check-case-study's findings on the report, which include a
missing video; this rule holds the release to the video even where the policy turned that
case-study rule off.

Why: the process requires a video recording of the case-study run with every release.

Fix: record the run and link it, for example as a thumbnail image inside a link to the
video (`[![demo](https://img.youtube.com/vi/ID/0.jpg)](https://www.youtube.com/watch?v=ID)`).

Waive: a waiver in the policy for the report's path, with a reason and an expiry date.
"""
from __future__ import annotations

from collections.abc import Iterator

from policycheck.branches.targets import RELEASE, ReleaseTarget
from policycheck.checking import CheckContext
from policycheck.findings import ERROR, Fact

ID = "release-report-video"
SUMMARY = "the release's case-study report must link a video"
TARGET = "release"
SEVERITY = ERROR


def check(target: ReleaseTarget, ctx: CheckContext) -> Iterator[Fact]:
    if target.kind.kind != RELEASE or target.satisfied:
        return
    for candidate in target.candidates:
        # check-case-study requires a video of every report; its findings are reported with
        # the release's, so this rule speaks only where they are silent (rule off or waived).
        if candidate.exists and candidate.videos == 0 and not candidate.errors:
            yield Fact(f"case-study report ({candidate.how} by this release) links no video of the case-study run",
                       candidate.title_line, 1, path=candidate.path,
                       hint="record the run and link the video (e.g. a YouTube thumbnail inside a link to it)")
