"""Skeletons for `policycheck new case-study` and `policycheck new issue`.

The report skeleton is the policy's `case_studies.template` (a path from the repository
root) or the built-in one (`templates/report.md`, the case-study template's sections in
policycheck's own words). `{{version}}`, `{{title}}`, `{{config}}` and `{{config_ref}}` are
filled in; everything else a person must write is left as placeholders from the policy's
list, so a fresh skeleton fails `case-study-placeholder` until it is filled in.
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from policycheck.casestudy.profiles import case_study_settings
from policycheck.errors import UsageError
from policycheck.loaders import LoadFailure
from policycheck.loaders.files import SUPPORT_MAX_BYTES, read_text
from policycheck.newfile import write_new
from policycheck.policy import Policy

_VERSION_RE = re.compile(r"^v?(\d+\.\d+\.\d+)$")
PLACEHOLDER_CONFIG = "massgen/configs/xxx.yaml"


def builtin(name: str) -> str:
    return (Path(__file__).resolve().parent / "templates" / name).read_text(encoding="utf-8")


def normalise_version(version: str) -> str:
    m = _VERSION_RE.match(version.strip())
    if not m:
        raise UsageError(f"--version {version!r} is not a version like 0.1.8")
    return m.group(1)


def normalise_title(title: str) -> str:
    """The title as it goes into the heading: one line of visible text."""
    value = " ".join(title.split())
    if not value:
        raise UsageError("--title must not be empty: say what the case study shows")
    return value


def slug(title: str) -> str:
    """ASCII file-name slug; accents are dropped (`Café` -> `cafe`), other scripts vanish."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    value = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    return value[:60].strip("-")


def file_stem(title: str, version: str) -> str:
    """The report's file name without `.md`; a title with no ASCII letters or digits (say,
    Japanese) falls back to `case-study-v0-2-5`, so that it is not one shared name."""
    return slug(title) or "case-study-v" + version.replace(".", "-")


def fill(template: str, version: str, title: str, config: str | None) -> str:
    config_value = config or PLACEHOLDER_CONFIG
    config_ref = f"`{config}`" if config else f"`{PLACEHOLDER_CONFIG}`"
    return (template.replace("{{version}}", version).replace("{{title}}", title)
            .replace("{{config_ref}}", config_ref).replace("{{config}}", config_value))


def report_text(template_path: str | None, root: Path, version: str, title: str, config: str | None) -> str:
    if template_path:
        path = root / template_path
        try:
            template = read_text(str(path), SUPPORT_MAX_BYTES, (root,)).text
        except LoadFailure as failure:
            raise UsageError(f"case_studies.template {path}: cannot read: {failure.fact.message}") from None
    else:
        template = builtin("report.md")
    return fill(template, version, title, config)


def issue_text(config: str | None) -> str:
    return fill(builtin("issue.md"), "", "", config)


def write_report(policy: Policy, version: str, title: str, config: str | None, output: str | None) -> str:
    """Write a report skeleton (never over an existing file) and return where it went:
    `output`, else the policy's `case_studies.directory` / a name from the title."""
    output, text = skeleton(policy, version, title, config, output)
    write_new(output, text, policy.root, again="choose another --title or --output")
    return output


def skeleton(policy: Policy, version: str, title: str, config: str | None,
             output: str | None = None) -> tuple[str, str]:
    """Where `new case-study` writes a report and what: `output`, else the policy's
    `case_studies.directory` / a name from the title; the filled-in template."""
    settings = case_study_settings(policy)
    if output is None:
        output = str(policy.root / settings.directory / f"{file_stem(title, version)}.md")
    return output, report_text(settings.template, policy.root, version, title, config)
