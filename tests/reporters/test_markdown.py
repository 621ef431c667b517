"""The `markdown` reporter (the job summary): verdict, counts, findings by rule with links and
how to fix, waived findings with reason and expiry, all under a byte budget."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from casestudy.support import CONFIG, GOOD_REPORT, REPORTS
from helpers import finding, report
from reporters.support import run_format
from rules.support import repository

from policycheck.findings import ERROR, WARNING, Finding, Location
from policycheck.reporters import markdown
from policycheck.reporters.markdown import summary
from policycheck.reporters.ruledocs import rule_doc
from policycheck.reporters.workspace import GitHubRun

LINKED = GitHubRun(workspace=".", repository="massgen/MassGen", sha="abc123")
BLOB = "https://github.com/massgen/MassGen/blob/abc123"


@pytest.fixture(autouse=True)
def _in_workspace(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)


def _lines(text: str) -> list[str]:
    return text.splitlines()


def test_verdict_counts_and_findings_grouped_by_rule_with_links() -> None:
    spanning = Finding("yaml-syntax", ERROR, Location("file", "configs/a.yaml", 3, 7, 5, 1), "bad", "fix it")
    findings = [finding("file-encoding", WARNING, "configs/a.yaml", 1, 1, "BOM"), spanning,
                finding("yaml-syntax", ERROR, "docs/r.md", 9, 2, "worse")]
    text = summary(report(findings, file=2), LINKED)
    assert _lines(text) == [
        "## ❌ policycheck failed: 2 errors, 1 warning",
        "",
        "| checked | errors | warnings | waived |",
        "| --- | --- | --- | --- |",
        "| 2 files | 2 | 1 | 0 |",
        "",
        "### `yaml-syntax` (2): " + rule_doc("yaml-syntax").summary,
        "",
        f"**Fix:** {rule_doc('yaml-syntax').section('Fix')} (`policycheck explain yaml-syntax`)",
        "",
        f"- **error** [configs/a.yaml:3]({BLOB}/configs/a.yaml#L3-L5): bad (hint: fix it)",
        f"- **error** [docs/r.md:9]({BLOB}/docs/r.md?plain=1#L9): worse",
        "",
        "### `file-encoding` (1): " + rule_doc("file-encoding").summary,
        "",
        f"**Fix:** {rule_doc('file-encoding').section('Fix')} (`policycheck explain file-encoding`)",
        "",
        f"- **warning** [configs/a.yaml:1]({BLOB}/configs/a.yaml#L1): BOM",
    ]


def test_without_repository_and_commit_locations_are_plain() -> None:
    text = summary(report([finding("yaml-syntax", ERROR, "a.yaml", 3, 7, "bad")], file=1), GitHubRun("."))
    assert "- **error** a.yaml:3: bad\n" in text


def test_links_come_from_github_repository_and_sha(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("GITHUB_REPOSITORY", "o/r")
    monkeypatch.setenv("GITHUB_SHA", "f00")
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path))
    stream = io.StringIO()
    markdown.write(report([finding("yaml-syntax", ERROR, "my file.yaml", 2, 1, "bad")], file=1), stream)
    assert "- **error** [my file.yaml:2](https://github.com/o/r/blob/f00/my%20file.yaml#L2): bad\n" in stream.getvalue()


def test_a_clean_run_passes_and_warnings_fail_only_when_strict() -> None:
    assert summary(report(file=3), LINKED).startswith("## ✅ policycheck passed: 0 errors, 0 warnings\n")
    warned = report([finding("file-encoding", WARNING, "a.yaml", 1, 1, "BOM")], file=1)
    assert summary(warned, LINKED).startswith("## ✅ policycheck passed: 0 errors, 1 warning\n")
    assert summary(warned, LINKED, strict=True).startswith("## ❌ policycheck failed: 0 errors, 1 warning\n")


def test_text_from_checked_files_cannot_add_markup() -> None:
    hostile = finding("yaml-syntax", ERROR, "a|b.yaml", 1, 1, "<img src=x> *bold* [link](http://x)\n# heading")
    text = summary(report([hostile], file=1), GitHubRun("."))
    assert ("- **error** a\\|b.yaml:1: \\<img src=x\\> \\*bold\\* \\[link\\](http://x) # heading\n") in text


def test_non_file_findings_are_named_by_their_subject() -> None:
    branch = finding("release-report-missing", ERROR, "dev/v0.1.8", 1, 1, "no report", kind="branch")
    assert "- **error** branch:dev/v0.1.8:1: no report\n" in summary(report([branch], branch=1), LINKED)


POLICY = ("version: 1\nwaivers:\n  - {rule: config-schema, path: 'massgen/configs/*.yaml', reason: 'old | format',"
          " expires: 2999-01-01}\n")
BROKEN = "agent:\n  backend: {type: openai, model: gpt-4o}\n"  # no id: a config-schema error


def test_waived_findings_show_reason_source_and_expiry(tmp_path: Path) -> None:
    root = repository(tmp_path / "repo", {"massgen/configs/a.yaml": BROKEN}, policy=POLICY)
    code, out = run_format(["check-config", "massgen/configs/a.yaml"], root, "markdown")
    assert code == 0
    assert out.startswith("## ✅ policycheck passed: 0 errors, 0 warnings, 1 waived\n")
    assert ("\n### Waived (1)\n\n| where | rule | reason | waived by | expires |\n| --- | --- | --- | --- | --- |\n"
            "| massgen/configs/a.yaml:1 | `config-schema` | old \\| format | policy file | 2999-01-01 |\n") in out


def test_an_inline_waiver_has_no_expiry(tmp_path: Path) -> None:
    waived = GOOD_REPORT.replace("Both agents checked opening hours before voting.",
                                 '<!-- policycheck: disable=case-study-placeholder reason="rerun pending" -->'
                                 "\n\nResults: TBD")
    root = repository(tmp_path / "repo", {"massgen/configs/basic/two_agents.yaml": CONFIG, f"{REPORTS}/r.md": waived})
    code, out = run_format(["check-case-study", f"{REPORTS}/r.md"], root, "markdown")
    assert code == 0
    escaped = REPORTS.replace("_", "\\_")  # Markdown would read `_..._` as emphasis
    assert (f"| {escaped}/r.md:51 | `case-study-placeholder` | rerun pending (inline waiver at line 49)"
            " | comment in the file | never |\n") in out


def test_the_summary_stays_under_its_budget_and_says_what_it_left_out() -> None:
    findings = [finding("yaml-syntax", ERROR, f"configs/c{n:03}.yaml", 1, 1, "x" * 80) for n in range(300)]
    findings += [finding("file-encoding", WARNING, "w.yaml", 1, 1, "BOM", waived="legacy")]
    full = summary(report(findings, file=301), LINKED)
    assert "Left out" not in full and full.count("- **error**") == 300
    text = summary(report(findings, file=301), LINKED, budget=4000)
    assert len(text.encode("utf-8")) <= 4000
    shown = text.count("- **error**")
    assert 0 < shown < 300
    assert text.endswith(f"\n**Left out** to keep this summary under 4000 bytes: {300 - shown} errors, 0 warnings"
                         " and 1 waived finding. The `json` or `sarif` output lists every finding.\n")


def test_the_default_budget_is_just_under_a_mebibyte() -> None:
    assert 1024 * 1024 - 4096 <= markdown.DEFAULT_BUDGET < 1024 * 1024
    many = [finding("yaml-syntax", ERROR, f"c{n:05}.yaml", 1, 1, "y" * 200) for n in range(6000)]
    text = summary(report(many, file=6000), LINKED)
    assert len(text.encode("utf-8")) <= markdown.DEFAULT_BUDGET and "**Left out**" in text
