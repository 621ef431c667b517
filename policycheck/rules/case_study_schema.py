"""case-study-schema: the report's document model validates against the case-study schema.

What: the report is parsed into the document model (`policycheck inspect FILE` prints it;
`schemas/case-study-document.schema.json` describes it) and validated against
`schemas/case-study-report.schema.json`, or the team's own schema named by
`case_studies.schema` in the policy. The bundled schema requires a title that names the
MassGen version (`# MassGen v0.1.8: ...`; ranges like `v0.0.12-0.0.14` are fine; a title
without one is reported once, at the title, and the report is held to the policy's
`default_profile`, by default legacy, rather than to every template section) and at
least one video link (only the hosts in `case_studies.video_hosts` count), reported at the
Demo section's heading (at the title when there is none). A custom schema
must itself be a valid JSON Schema whose `$ref`s stay inside the file (nothing is fetched);
otherwise the policy is invalid (exit 2). A custom schema replaces the bundled one's rules
except the video: every report needs one, whatever schema the team writes.

Why: the version ties a report to its release; the video is what the process requires of
every case study.

Fix: as the message says; each schema failure carries its own sentence (`x-message`).

Waive: `<!-- policycheck: disable-file=case-study-schema reason="..." -->`, or a policy
waiver for the path.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from policycheck.casestudy.checks import heading_position, title_position
from policycheck.casestudy.schema_check import schema_facts, validator_for
from policycheck.checking import CheckContext
from policycheck.findings import ERROR, Fact

if TYPE_CHECKING:
    from policycheck.markdown.target import CaseStudyTarget

ID = "case-study-schema"
SUMMARY = "the report's document model validates against the case-study schema (title version, video)"
TARGET = "case-study"
SEVERITY = ERROR
NO_VIDEO = ("the report has no video: link the demo recording (YouTube, Vimeo, Loom, a GitHub attachment or a local"
            " .mp4/.webm/.mov), e.g. a thumbnail image inside a link")


def check(target: CaseStudyTarget, ctx: CheckContext) -> Iterator[Fact]:
    model = target.doc.to_json()
    hosts = set(target.settings.video_hosts)
    if hosts:
        model["videos"] = [v for v in model["videos"] if v["host"] in hosts]
    custom = target.settings.schema
    source = ctx.policy.source
    validator = validator_for("case-study-report", custom, ctx.root, source)
    yield from schema_facts(model, validator, source, str(custom) if custom else "the case-study schema",
                            anchors={"videos": _demo_position(target)})
    if custom and not model["videos"]:  # the process requires a video of every case study
        yield Fact(NO_VIDEO, *_demo_position(target))


def _demo_position(target: CaseStudyTarget) -> tuple[int, int]:
    """Where a missing video belongs: the Demo section's heading (any alias a profile gives
    it), else the title."""
    keys = {"demo", *(a for s in target.profile.sections if "demo" in s.aliases for a in s.aliases)}
    heading = target.doc.find_section(keys)
    return heading_position(target.doc, heading) if heading else title_position(target.doc)
