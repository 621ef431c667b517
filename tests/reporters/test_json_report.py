from __future__ import annotations

import io
import json

from policycheck.findings import Finding, Report
from policycheck.reporters import json_report
from policycheck.schemas import validator


def test_document_matches_the_published_shape_and_schema() -> None:
    report = Report(files=3, findings=[
        Finding("yaml-syntax", "error", "a.yaml", 3, 7, "bad", "fix it"),
        Finding("file-encoding", "warning", "b.yaml", 1, 1, "BOM"),
        Finding("yaml-duplicate-key", "error", "b.yaml", 4, 1, "dup", waived="legacy"),
    ])
    stream = io.StringIO()
    json_report.write(report, stream)
    document = json.loads(stream.getvalue())
    assert document["version"] == 1
    assert document["findings"][0] == {"rule": "yaml-syntax", "severity": "error", "path": "a.yaml", "line": 3,
                                       "column": 7, "message": "bad", "hint": "fix it"}
    assert document["summary"] == {"files": 3, "errors": 1, "warnings": 1, "waived": 1}
    assert document["waived"][0]["reason"] == "legacy"
    assert list(validator("findings").iter_errors(document)) == []
