"""One JSON document, described by `schemas/findings.schema.json`."""
from __future__ import annotations

import json
from typing import Any, TextIO

from policycheck.findings import ERROR, SUBJECTS, WARNING, Finding, Report

FORMAT_VERSION = 1


def as_document(report: Report) -> dict[str, Any]:
    return {
        "version": FORMAT_VERSION,
        "findings": [f.as_dict() for f in report.active],
        "waived": [{**f.as_dict(), "reason": f.waived} for f in report.waived],
        "summary": {
            "files": report.files,
            "checked": {subject: report.checked[subject] for subject in SUBJECTS},
            "errors": report.count(ERROR),
            "warnings": report.count(WARNING),
            "waived": len(report.waived),
            "fixable": sum(1 for f in report.active if f.fix is not None and f.fix.safe),
        },
    }


def from_document(document: dict[str, Any]) -> Report:
    """The report an `as_document` document describes (one the findings schema accepts):
    findings, waived findings with their reasons, and what was checked."""
    report = Report(findings=[Finding.from_dict(item) for item in document["findings"]]
                    + [Finding.from_dict(item).waive(item["reason"]) for item in document.get("waived", [])])
    report.checked.update(document["summary"]["checked"])
    return report


def write(report: Report, stream: TextIO) -> None:
    json.dump(as_document(report), stream, indent=2, ensure_ascii=False)
    stream.write("\n")
