"""case-study-config-missing: every config a report means to be run exists.

What: config references in any of the three real forms: `massgen/configs/...yaml` (also
inside a relative link, an absolute path or a GitHub URL), configs-relative `tools/...yaml`
(first folder is a folder of massgen/configs), and `@examples/NAME` (with or without
`.yaml`, resolved as MassGen does by matching NAME against the config paths). Only the
references meant to be run count: a MassGen command's `--config` value, a link's target,
and anything written in the policy's config sections (`case_studies.config_sections`,
default Baseline Config and New Config, subsections included). A path quoted in a prompt,
an agent transcript or sample output (`/Users/.../massgen/configs/x.yaml` from someone's
machine) is not checked. Each counted one that resolves to no file is reported where it is
written.

Why: a reader who cannot find the config cannot reproduce the case study; a renamed or
deleted config silently breaks every report that names it.

Fix: correct the path, or restore the config.

Waive: `<!-- policycheck: disable=case-study-config-missing reason="..." -->` before the
block, or a policy waiver.

A reference that resolves outside the repository root (`/etc/x.yaml`,
`massgen/configs/../../../x.yaml`, a symbolic link out) is reported and never read; an
`@examples/NAME` that matches several configs is reported as ambiguous, with the matches.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from policycheck.casestudy.checks import config_missing_message, runnable_refs
from policycheck.checking import CheckContext
from policycheck.findings import ERROR, Fact

if TYPE_CHECKING:
    from policycheck.markdown.target import CaseStudyTarget

ID = "case-study-config-missing"
SUMMARY = "configs named by a report exist"
TARGET = "case-study"
SEVERITY = ERROR
HINT = "config paths are relative to the repository root; @examples/NAME matches massgen/configs/**/NAME.yaml"


def check(target: CaseStudyTarget, ctx: CheckContext) -> Iterator[Fact]:
    for ref in runnable_refs(target):
        if not ref.exists:
            yield Fact(config_missing_message("config", ref.text, ref.resolved, ctx.root), ref.line, ref.column,
                       hint=HINT)
