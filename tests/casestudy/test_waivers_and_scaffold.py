"""Inline waivers in reports (reported as waived, never dropped) and `policycheck new`."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from casestudy.support import GOOD_REPORT, REPORTS, write_report

PLACEHOLDER_REPORT = GOOD_REPORT.replace("Lookups during coordination fixed the failure.",
                                         "Lookups during coordination fixed the failure. Cost: TBD")


def test_waiver_for_the_next_block_is_reported_as_waived(repo: Path, cli: Any) -> None:
    text = PLACEHOLDER_REPORT.replace(
        "Lookups during coordination fixed the failure. Cost: TBD",
        '<!-- policycheck: disable=case-study-placeholder reason="cost figures land with the billing export" -->\n'
        "Lookups during coordination fixed the failure. Cost: TBD")
    write_report(repo, text)
    run = cli("check-case-study", f"{REPORTS}/report.md", cwd=repo)
    assert run.code == 0, run.out
    assert run.out.splitlines() == [
        f"{REPORTS}/report.md:54:54: waived case-study-placeholder template placeholder 'TBD' is still here"
        " (waived: cost figures land with the billing export (inline waiver at line 53))",
        "1 file checked: 0 errors, 0 warnings, 1 waived",
    ]


def test_waiver_covers_only_the_next_block(repo: Path, cli: Any) -> None:
    text = PLACEHOLDER_REPORT.replace("<h2 id=\"conclusion\">",
                                      '<!-- policycheck: disable=case-study-placeholder reason="x" -->\n\n'
                                      'Unrelated paragraph.\n\n<h2 id="conclusion">')
    write_report(repo, text)
    run = cli("check-case-study", f"{REPORTS}/report.md", "--format", "json", cwd=repo)
    assert run.code == 1
    findings = json.loads(run.out)["findings"]
    assert [(f["rule"], f["line"], f["column"]) for f in findings] == [("case-study-placeholder", 57, 54)]


def test_file_waiver_and_wildcard(repo: Path, cli: Any) -> None:
    text = '<!-- policycheck: disable-file=* reason="imported from the old wiki" -->\n' + PLACEHOLDER_REPORT
    write_report(repo, text)
    run = cli("check-case-study", f"{REPORTS}/report.md", cwd=repo)
    assert run.code == 0
    assert run.out.splitlines()[-1] == "1 file checked: 0 errors, 0 warnings, 1 waived"


def test_waiver_without_reason_waives_nothing(repo: Path, cli: Any) -> None:
    text = "<!-- policycheck: disable-file=case-study-placeholder -->\n" + PLACEHOLDER_REPORT
    write_report(repo, text)
    run = cli("check-case-study", f"{REPORTS}/report.md", "--format", "json", cwd=repo)
    assert run.code == 1
    found = [(f["rule"], f["line"], f["column"]) for f in json.loads(run.out)["findings"]]
    assert found == [("markdown-waiver", 1, 1), ("case-study-placeholder", 54, 54)]


def test_new_case_study_writes_a_skeleton_that_fails_until_filled(repo: Path, cli: Any) -> None:
    run = cli("new", "case-study", "--version", "v0.1.9", "--title", "Shared Search Memory",
              "--config", "massgen/configs/basic/two_agents.yaml", cwd=repo)
    assert run.code == 0, run.err
    written = repo / REPORTS / "shared-search-memory.md"
    assert run.out.strip() == str(written)
    text = written.read_text(encoding="utf-8")
    assert text.startswith("# MassGen v0.1.9: Shared Search Memory\n")
    check = cli("check-case-study", "--format", "json", cwd=repo)
    found = [(f["rule"], f["line"], f["column"]) for f in json.loads(check.out)["findings"]]
    placeholder, box = "case-study-placeholder", "case-study-unchecked-box"
    # every section is there and the named config exists: only what a person must write is
    # reported (placeholders, the `(link)` demo, the status boxes), each where it is written
    assert check.code == 1
    assert found == [
        (placeholder, 13, 1), (placeholder, 23, 64), (placeholder, 30, 1), (placeholder, 34, 1),
        (placeholder, 38, 3), (placeholder, 38, 19), (placeholder, 50, 3), (placeholder, 50, 19),
        (placeholder, 59, 64), (placeholder, 64, 3), ("case-study-schema", 66, 1),
        ("case-study-broken-link", 68, 1), ("case-study-broken-link", 68, 2), (placeholder, 68, 24), (placeholder, 68,
                                                                                                      31),
        (placeholder, 74, 1), (placeholder, 78, 1), (placeholder, 82, 1), (placeholder, 86, 1), (placeholder, 90, 1),
        (box, 94, 1), (box, 95, 1), (box, 96, 1), (box, 97, 1), (box, 98, 1), (box, 99, 1)]
    lines = text.splitlines()
    assert lines[65] == '<h2 id="demo">🎥 Demo</h2>' and lines[67] == "[![MassGen v0.1.9 demo](link)](link)"
    assert lines[22][63:] == '[Insert your evaluation prompt here]"' and lines[93] == "- [ ] Planning phase completed"
    again = cli("new", "case-study", "--version", "0.1.9", "--title", "Shared Search Memory", cwd=repo)
    assert again.code == 2 and "already exists" in again.err
    assert written.read_text(encoding="utf-8") == text


def test_new_case_study_rejects_a_bad_version(repo: Path, cli: Any) -> None:
    run = cli("new", "case-study", "--version", "next", "--title", "x", cwd=repo)
    assert (run.code, run.err.strip()) == (2, "policycheck: error: --version 'next' is not a version like 0.1.8")


def test_new_case_study_uses_the_policy_template(repo: Path, cli: Any) -> None:
    (repo / "tpl.md").write_text("# MassGen v{{version}}: {{title}}\n\nConfig: {{config}}\n", encoding="utf-8")
    (repo / ".policycheck.yaml").write_text('version: 1\ncase_studies:\n  template: "tpl.md"\n', encoding="utf-8")
    run = cli("new", "case-study", "--version", "1.2.3", "--title", "T", "-o", "out.md", cwd=repo)
    assert run.code == 0, run.err
    assert (repo / "out.md").read_text(encoding="utf-8") == "# MassGen v1.2.3: T\n\nConfig: massgen/configs/xxx.yaml\n"


def test_new_issue_prints_a_body_that_fails_check_issue(repo: Path, cli: Any) -> None:
    run = cli("new", "issue", "--config", "massgen/configs/basic/two_agents.yaml", cwd=repo)
    assert run.code == 0 and "### Baseline Command" in run.out
    check = cli("check-issue", "--body-file", "-", "--format", "json", cwd=repo, stdin=run.out)
    found = [(f["rule"], f["line"], f["column"]) for f in json.loads(check.out)["findings"]]
    empty, placeholder = "issue-section-empty", "issue-placeholder"
    # every planning section is there (none missing, the config exists): each one that
    # still holds only template text is empty, and each placeholder is reported where it is
    assert check.code == 1
    assert found == [(empty, 4, 1), (placeholder, 6, 1), (empty, 10, 1), (placeholder, 13, 1), (empty, 20, 1),
                     (placeholder, 23, 64), (empty, 28, 1), (placeholder, 30, 1), (empty, 32, 1), (placeholder, 34, 1),
                     (placeholder, 38, 3), (placeholder, 38, 19)]
    lines = run.out.splitlines()
    assert [lines[n - 1] for n in (4, 10, 20, 28, 32)] == [
        "## Context and Motivation", "### Prompt", "### Baseline Command", "### Results & Failure Modes",
        "### Success Criteria"]


def test_skeleton_passes_once_filled_in(repo: Path, cli: Any) -> None:
    run = cli("new", "case-study", "--version", "0.1.9", "--title", "Filled In",
              "--config", "massgen/configs/basic/two_agents.yaml", cwd=repo)
    path = Path(run.out.strip())
    text = path.read_text(encoding="utf-8")
    for placeholder, value in (("[Insert your evaluation prompt here]", "Plan one day in Lisbon"),
                               ("{FEATURE_NAME}", "Opening-hours lookups"), ("{DESCRIBE}", "Written up here."),
                               ("(link)", "(https://www.youtube.com/watch?v=abcdefghijk)"), ("- [ ]", "- [x]")):
        text = text.replace(placeholder, value)
    path.write_text(text, encoding="utf-8")
    check = cli("check-case-study", str(path), cwd=repo)
    assert (check.code, check.out.strip()) == (0, "1 file checked: 0 errors, 0 warnings")
