"""case-study-config-missing: every config a report names exists.

What: config references in any of the three real forms: `massgen/configs/...yaml` (also
inside a relative link, an absolute path or a GitHub URL), configs-relative `tools/...yaml`
(first folder is a folder of massgen/configs), and `@examples/NAME` (with or without
`.yaml`, resolved as MassGen does by matching NAME against the config paths). Each one
that resolves to no file is reported where it is written.

Why: a reader who cannot find the config cannot reproduce the case study; a renamed or
deleted config silently breaks every report that names it.

Fix: correct the path, or restore the config.

Waive: `<!-- policycheck: disable=case-study-config-missing reason="..." -->` before the
block, or a policy waiver.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from policycheck.findings import ERROR, Fact

ID = "case-study-config-missing"
SUMMARY = "configs named by a report exist"
TARGET = "case-study"
SEVERITY = ERROR


def check(target: Any, ctx: Any) -> Iterator[Fact]:
    for ref in target.doc.config_refs:
        if not ref.exists:
            yield Fact(f"config {ref.text!r} does not exist (looked for {ref.resolved})", ref.line, ref.column,
                       hint="config paths are relative to the repository root; @examples/NAME matches massgen/configs/**/NAME.yaml")
