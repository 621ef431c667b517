"""`policycheck check-case-study` on the real folder: exactly the real defects, nothing else.

Each expected finding was checked by hand against the report (see the verdicts):
- config links written as `../../massgen/configs/...`: from docs/source/examples/case_studies/
  they resolve to docs/source/massgen/configs/..., which does not exist (the reports were
  written when they lived two folders below the root);
- `../../README.md` and `../../massgen/mcp_tools/...` links: the same cause;
- a link target wrapped in a second pair of parentheses (`((../../massgen/...))`);
- multi-turn-persistent-memory.md has no Baseline Command section (reported at the
  `<h2>` Evaluation Design heading it belongs under);
- multimodal-case-study-video-analysis.md left `Related Issues: TBD` / `Related PRs: TBD`;
- multi-turn-persistent-memory.md's status tracker leaves two boxes unchecked (warnings).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

EXPECTED = [
    ("case-study-broken-link", "ag2-framework-integration.md", 104, 21),
    ("case-study-broken-link", "claude-code-workspace-management.md", 81, 21),
    ("case-study-broken-link", "gemini-mcp-notion-integration.md", 24, 101),
    ("case-study-broken-link", "gemini-mcp-notion-integration.md", 28, 7),
    ("case-study-broken-link", "gemini-mcp-notion-integration.md", 84, 21),
    ("case-study-broken-link", "mcp-planning-mode.md", 110, 21),
    ("case-study-broken-link", "multi-turn-filesystem-support.md", 30, 1),
    ("case-study-broken-link", "multi-turn-filesystem-support.md", 97, 21),
    ("case-study-section-missing", "multi-turn-persistent-memory.md", 25, 1),  # at Evaluation Design
    ("case-study-unchecked-box", "multi-turn-persistent-memory.md", 399, 1),
    ("case-study-unchecked-box", "multi-turn-persistent-memory.md", 401, 1),
    ("case-study-broken-link", "multimodal-case-study-video-analysis.md", 183, 21),
    ("case-study-placeholder", "multimodal-case-study-video-analysis.md", 520, 21),
    ("case-study-placeholder", "multimodal-case-study-video-analysis.md", 521, 18),
    ("case-study-broken-link", "unified-filesystem-mcp-integration.md", 85, 21),
    ("case-study-broken-link", "universal-code-execution-mcp.md", 163, 21),
    ("case-study-broken-link", "universal-code-execution-mcp.md", 184, 26),
    ("case-study-broken-link", "universal-code-execution-mcp.md", 199, 26),
    ("case-study-broken-link", "user-context-path-support-with-copy-mcp.md", 66, 3),
    ("case-study-broken-link", "user-context-path-support-with-copy-mcp.md", 68, 20),
    ("case-study-broken-link", "user-context-path-support-with-copy-mcp.md", 86, 1),
]


def test_real_folder_reports_exactly_the_real_defects(corpus: Path, cli: Any) -> None:
    run = cli("check-case-study", "--format", "json", cwd=corpus)
    assert run.code == 1, run.err
    report = json.loads(run.out)
    found = [(f["rule"], Path(f["path"]).name, f["line"], f["column"]) for f in report["findings"]]
    assert found == EXPECTED
    summary = report["summary"]
    assert (summary["files"], summary["errors"], summary["warnings"]) == (20, 19, 2)


def test_the_defects_are_where_the_verdicts_say(corpus: Path) -> None:
    folder = corpus / "docs" / "source" / "examples" / "case_studies"

    def line(name: str, number: int) -> str:
        return (folder / name).read_text(encoding="utf-8").splitlines()[number - 1]

    assert line("ag2-framework-integration.md", 104)[20:].startswith("[`massgen/configs/ag2/")
    assert "](../../massgen/configs/" in line("ag2-framework-integration.md", 104)
    assert "((../../massgen/mcp_tools/docs/" in line("user-context-path-support-with-copy-mcp.md", 68)
    assert line("multimodal-case-study-video-analysis.md", 520) == "**Related Issues:** TBD"
    assert line("multi-turn-persistent-memory.md", 399).startswith("- [ ] Demo recorded")
    assert "Baseline Command" not in (folder / "multi-turn-persistent-memory.md").read_text(encoding="utf-8")
    assert line("multi-turn-persistent-memory.md", 25) == '<h2 id="evaluation-design">📝 Evaluation Design</h2>'
    assert not (corpus / "docs" / "source" / "massgen").exists()
    assert not (corpus / "docs" / "source" / "README.md").exists()


def test_every_named_config_passes_check_config(corpus: Path) -> None:
    """Every config the reports name exists, and check-config finds no error in any of them."""
    from helpers import run_files

    from policycheck.markdown.model import parse_document
    from policycheck.policy import load_policy

    folder = corpus / "docs" / "source" / "examples" / "case_studies"
    named = set()
    for path in folder.glob("*.md"):
        if path.name in ("README.md", "case-study-template.md"):
            continue
        doc = parse_document(path.read_text(encoding="utf-8"), str(path), corpus)
        named |= {r.resolved for r in doc.config_refs}
    assert all((corpus / p).is_file() for p in named)
    report = run_files("config", [str(corpus / p) for p in sorted(named)], load_policy(cwd=corpus))
    assert report.count("error") == 0


def test_the_real_report_template_fails_until_filled(corpus: Path, cli: Any) -> None:
    """The template is excluded by the default globs; named explicitly it is all placeholders."""
    run = cli("check-case-study", "docs/source/examples/case_studies/case-study-template.md", "--format", "json",
              cwd=corpus)
    assert run.code == 1
    findings = json.loads(run.out)["findings"]
    rules = {f["rule"] for f in findings}
    assert "case-study-section-missing" not in rules  # it has every section
    placeholder_lines = sorted({f["line"] for f in findings if f["rule"] == "case-study-placeholder"})
    assert placeholder_lines == [57, 60, 63, 66, 72, 75, 79, 91, 95, 98, 103, 106, 113, 120, 122, 129, 151]
    assert [f["line"] for f in findings if f["rule"] == "case-study-unchecked-box"] == [157, 158, 159, 160, 161, 162]
