from __future__ import annotations

import io
import json

from helpers import finding, report

from policycheck.reporters import json_report
from policycheck.schemas import validator


def test_document_matches_the_published_shape_and_schema() -> None:
    document_report = report(file=3, findings=[
        finding("yaml-syntax", "error", "a.yaml", 3, 7, "bad", "fix it"),
        finding("file-encoding", "warning", "b.yaml", 1, 1, "BOM"),
        finding("yaml-duplicate-key", "error", "b.yaml", 4, 1, "dup", waived="legacy"),
    ])
    stream = io.StringIO()
    json_report.write(document_report, stream)
    document = json.loads(stream.getvalue())
    assert document["version"] == 1
    assert document["findings"][0] == {"rule": "yaml-syntax", "severity": "error", "path": "a.yaml", "line": 3,
                                       "column": 7, "end_line": None, "end_column": None, "kind": "file",
                                       "message": "bad", "hint": "fix it"}
    assert document["summary"] == {"files": 3, "checked": {"file": 3, "branch": 0, "issue": 0}, "errors": 1,
                                   "warnings": 1, "waived": 1, "fixable": 0}
    assert document["waived"][0]["reason"] == "legacy"
    assert list(validator("findings").iter_errors(document)) == []


def test_a_document_reads_back_as_the_report_it_describes() -> None:
    """`from_document` is `as_document`'s inverse (the PR comment from a saved report)."""
    original = report(file=1, branch=1, findings=[
        finding("yaml-syntax", "error", "a.yaml", 3, 7, "bad", "fix it"),
        finding("branch-issue-reference", "error", "feature/x", 1, 9, "no issue", kind="branch"),
        finding("yaml-duplicate-key", "warning", "b.yaml", 4, 1, "dup", waived="legacy"),
    ])
    again = json_report.from_document(json.loads(json.dumps(json_report.as_document(original))))
    assert [(f.rule, f.severity, f.location, f.message, f.hint, f.waived) for f in again.findings] == \
        [(f.rule, f.severity, f.location, f.message, f.hint, f.waived) for f in original.findings]
    assert again.findings[1].path == "branch:feature/x" and again.checked == original.checked
