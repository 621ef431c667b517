from __future__ import annotations

import datetime
from pathlib import Path

from policycheck import engine
from policycheck.findings import Fact, Finding, Report
from policycheck.policy import load_policy

TODAY = datetime.date(2026, 11, 26)


def _policy(tmp_path: Path, body: str = "") -> object:
    (tmp_path / ".policycheck.yaml").write_text("version: 1\n" + body)
    return load_policy(cwd=tmp_path)


def test_stamp_uses_rule_default_then_fact_then_policy(tmp_path: Path) -> None:
    policy = _policy(tmp_path)
    finding = engine.stamp("yaml-duplicate-key", Fact("dup", 3, 4), "a.yaml", policy)
    assert finding == Finding("yaml-duplicate-key", "error", "a.yaml", 3, 4, "dup", None)
    warned = engine.stamp("file-encoding", Fact("bom", severity="warning"), "a.yaml", policy)
    assert warned is not None and warned.severity == "warning"
    policy = _policy(tmp_path, "rules:\n  file-encoding: error\n  yaml-duplicate-key: 'off'\n")
    assert engine.stamp("file-encoding", Fact("bom", severity="warning"), "a.yaml", policy).severity == "error"
    assert engine.stamp("yaml-duplicate-key", Fact("dup"), "a.yaml", policy) is None


def test_waivers_cover_matching_findings_until_they_expire(tmp_path: Path) -> None:
    policy = _policy(tmp_path, (
        "waivers:\n"
        "  - {rule: yaml-syntax, path: 'cfg/*.yaml', reason: being rewritten, expires: 2026-12-31}\n"
        "  - {rule: file-encoding, path: '**', reason: old, expires: 2026-11-25}\n"))
    report = Report(files=2, findings=[
        Finding("yaml-syntax", "error", str(tmp_path / "cfg" / "a.yaml"), 1, 1, "bad"),
        Finding("yaml-syntax", "error", str(tmp_path / "other" / "b.yaml"), 1, 1, "bad"),
        Finding("file-encoding", "error", str(tmp_path / "cfg" / "a.yaml"), 2, 1, "latin-1"),
    ])
    engine.finalize(report, policy, today=TODAY)
    waived = [(Path(f.path).name, f.rule, f.waived) for f in report.waived]
    assert waived == [("a.yaml", "yaml-syntax", "being rewritten")]
    active = [(Path(f.path).name, f.rule, f.line) for f in report.active]
    assert ("b.yaml", "yaml-syntax", 1) in active and ("a.yaml", "file-encoding", 2) in active
    expired = [f for f in report.active if f.rule == "policy-waiver-expired"]
    assert len(expired) == 1
    assert (expired[0].path, expired[0].line, expired[0].severity) == (policy.source, 4, "warning")
    assert "expired on 2026-11-25" in expired[0].message
    assert report.exit_code() == 1


def test_findings_are_sorted_by_path_line_column(tmp_path: Path) -> None:
    policy = _policy(tmp_path)
    report = Report(findings=[Finding("r", "error", "b", 1, 1, "m"), Finding("r", "error", "a", 9, 2, "m"),
                              Finding("r", "error", "a", 9, 1, "m"), Finding("r", "error", "a", 2, 5, "m")])
    engine.finalize(report, policy, today=TODAY)
    assert [(f.path, f.line, f.column) for f in report.findings] == [("a", 2, 5), ("a", 9, 1), ("a", 9, 2), ("b", 1, 1)]


def test_exit_code_counts_warnings_only_when_strict() -> None:
    report = Report(findings=[Finding("r", "warning", "a", 1, 1, "m")])
    assert report.exit_code() == 0 and report.exit_code(strict=True) == 1
    assert Report(findings=[Finding("r", "error", "a", 1, 1, "m", waived="ok")]).exit_code(strict=True) == 0
