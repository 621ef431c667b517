"""SARIF 2.1.0, as GitHub code scanning accepts it (`github/codeql-action/upload-sarif`).

One run. `tool.driver.rules` holds every rule of the registry, whatever was found, so code
scanning can tell a rule that found nothing from a rule that did not run (and close its
alerts); each has `shortDescription` (its summary), `fullDescription` (its What paragraph)
and `help` (its whole documentation, as text and Markdown). Every result has a physical
location (GitHub rejects the whole upload when one has none): a finding about a branch, a
commit, a PR body or an issue is placed at its anchor in the policy file, its subject named
in the message. `partialFingerprints["policycheck/v1"]` is the SHA-256 of the finding's
line-independent identity, so an alert survives lines moving above it. Waived findings are
results with a suppression carrying the reason: `inSource` for a comment in the file itself,
`external` for the policy's waivers and labels. `automationDetails.id` is
`policycheck/<command>/`: the trailing slash makes it a category, the same on every run.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import urllib.parse
from pathlib import PurePosixPath
from typing import Any, TextIO

from policycheck import __version__
from policycheck.edits import Edit
from policycheck.findings import ERROR, INLINE, Finding, Report
from policycheck.reporters.ruledocs import rule_doc
from policycheck.reporters.workspace import GitHubRun
from policycheck.rules import RULES

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT = "policycheck/v1"
_LEVELS = {ERROR: "error", "warning": "warning"}


def category(report: Report) -> str:
    """The automation id: `policycheck/<command>/`, or `policycheck/` when no command ran."""
    return f"policycheck/{report.command}/" if report.command else "policycheck/"


def document(report: Report, run: GitHubRun, automation_id: str | None = None) -> dict[str, Any]:
    rules = list(RULES)
    index = {rule: i for i, rule in enumerate(rules)}
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "policycheck", "version": __version__, "semanticVersion": __version__,
                                "rules": [rule_descriptor(rule) for rule in rules]}},
            "automationDetails": {"id": automation_id or category(report)},
            "columnKind": "unicodeCodePoints",
            "results": [result(report, finding, run, index.get(finding.rule, -1)) for finding in report.findings],
        }],
    }


def rule_descriptor(rule: str) -> dict[str, Any]:
    doc = rule_doc(rule)
    return {
        "id": rule,
        "shortDescription": {"text": doc.summary},
        "fullDescription": {"text": doc.section("What") or doc.summary},
        "help": {"text": doc.text, "markdown": doc.markdown()},
        "defaultConfiguration": {"level": _LEVELS.get(RULES[rule].SEVERITY, "warning")},
        "properties": {"target": RULES[rule].TARGET},
    }


def result(report: Report, finding: Finding, run: GitHubRun, rule_index: int) -> dict[str, Any]:
    place = run.place(report, finding)
    region: dict[str, int] = {"startLine": place.line, "startColumn": place.column}
    if place.end_line is not None:
        region["endLine"] = place.end_line
    if place.end_column is not None:
        region["endColumn"] = place.end_column
    out: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": _LEVELS.get(finding.severity, "warning"),
        "message": {"text": _message(finding)},
        "locations": [{"physicalLocation": {
            "artifactLocation": artifact(place.name),
            "region": region}}],
        "partialFingerprints": {FINGERPRINT: fingerprint(finding, run)},
    }
    if not finding.location.is_file:
        out["properties"] = {"subject": finding.path, "kind": finding.location.kind}
    if finding.waived is not None:
        out["suppressions"] = [_suppression(report, finding)]
    if finding.fix is not None:
        out["fixes"] = [fix(finding.fix, run)]
    return out


def fix(edit: Edit, run: GitHubRun) -> dict[str, Any]:
    """The rule's edit as a SARIF fix: each replacement's old text as the deleted region (its
    end column exclusive, as SARIF counts it) and its new text as the inserted content."""
    replacements = []
    for item in edit.replacements:
        end_line, end_column = item.end
        region = {"startLine": item.line, "startColumn": item.column, "endLine": end_line, "endColumn": end_column}
        replacements.append({"deletedRegion": region, "insertedContent": {"text": item.new}})
    safety = "safe" if edit.safe else "unsafe: applied only with --unsafe"
    return {"description": {"text": f"{edit.description} ({safety})"},
            "artifactChanges": [{"artifactLocation": artifact(run.relpath(edit.path)), "replacements": replacements}]}


def artifact(path: str) -> dict[str, str]:
    """A workspace-relative path as a URI reference under %SRCROOT%; a path outside, a file URI.
    (Quoted: `a:b.yaml` unquoted would read as a URI with the scheme `a`.)"""
    if PurePosixPath(path).is_absolute():
        return {"uri": PurePosixPath(path).as_uri()}
    return {"uri": urllib.parse.quote(path), "uriBaseId": "%SRCROOT%"}


def fingerprint(finding: Finding, run: GitHubRun) -> str:
    """SHA-256 of the identity, a file named relative to the workspace (however it was given)."""
    if finding.location.is_file:
        location = dataclasses.replace(finding.location, name=run.relpath(finding.location.name))
        finding = dataclasses.replace(finding, location=location)
    return hashlib.sha256(finding.identity().encode("utf-8")).hexdigest()


def _message(finding: Finding) -> str:
    text = finding.message
    if not finding.location.is_file:
        text = f"{finding.path}:{finding.line}:{finding.column}: {text}"
    return text + (f"\nhint: {finding.hint}" if finding.hint else "")


def _suppression(report: Report, finding: Finding) -> dict[str, str]:
    source = report.waivers.get(finding)
    kind = "inSource" if source is not None and source.kind == INLINE else "external"
    return {"kind": kind, "status": "accepted", "justification": finding.waived or ""}


def write(report: Report, stream: TextIO) -> None:
    json.dump(document(report, GitHubRun.from_env()), stream, indent=2, ensure_ascii=False)
    stream.write("\n")
