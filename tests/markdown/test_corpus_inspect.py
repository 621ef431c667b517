"""`policycheck inspect` on the 20 real reports, against facts written by reading them.

tests/data/case_study_facts.json holds, per report, the title's version, every heading outside
fenced code (line, level, text as written), the YouTube demo links, and every config the
report names with whether it exists; it was written by reading the files, not by running the
parser under test.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import PROJECT, REPORTS

FACTS = json.loads((PROJECT / "tests" / "data" / "case_study_facts.json").read_text(encoding="utf-8"))["reports"]


def _flatten(sections: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for section in sections:
        out.append(section)
        out.extend(_flatten(section["children"]))
    return out


def test_facts_cover_every_report(corpus: Path) -> None:
    names = sorted(p.name for p in REPORTS.glob("*.md") if p.name not in ("README.md", "case-study-template.md"))
    assert names == sorted(FACTS)
    assert len(names) == 20


@pytest.mark.parametrize("name", sorted(FACTS))
def test_inspect_matches_facts(corpus: Path, cli: Any, name: str) -> None:
    facts = FACTS[name]
    run = cli("inspect", f"docs/source/examples/case_studies/{name}", cwd=corpus)
    assert run.code == 0, run.err
    model = json.loads(run.out)

    assert model["title"]["line"] == facts["title_line"]
    assert model["title"]["version"] == facts["version"]
    start, _, end = facts["version"].partition("-")
    assert (model["title"]["version_start"], model["title"]["version_end"]) == (start, end or start)

    headings = [[h["line"], h["level"], h["text"]] for h in _flatten(model["sections"])]
    assert headings == facts["headings"]

    youtube = [v for v in model["videos"] if v["host"] == "youtube"]
    assert [[v["line"], v["url"]] for v in youtube] == facts["video_links"]
    assert all(facts["video_id"] in v["url"] for v in youtube)
    assert len(model["videos"]) == len(youtube)

    refs = sorted({(r["line"], r["resolved"], r["exists"]) for r in model["config_refs"]})
    assert refs == sorted(tuple(r) for r in facts["config_refs"])


def test_inspect_validates_against_the_document_schema(corpus: Path) -> None:
    from policycheck.markdown.model import parse_document
    from policycheck.schemas import validator

    check = validator("case-study-document")
    for path in sorted(REPORTS.glob("*.md")):
        model = parse_document(path.read_text(encoding="utf-8"), str(path), corpus).to_json()
        errors = [e.message for e in check.iter_errors(model)]
        assert errors == [], path.name


def test_html_heading_with_mismatched_closing_tag(corpus: Path) -> None:
    """The real template opens <h3 id="new-features"> and closes it with </h2>."""
    from policycheck.markdown.model import parse_document

    path = REPORTS / "case-study-template.md"
    doc = parse_document(path.read_text(encoding="utf-8"), str(path), corpus)
    new_features = next(h for h in doc.headings if h.key == "new-features")
    assert (new_features.line, new_features.level, new_features.source, new_features.html_id) == (93, 3, "html",
                                                                                                  "new-features")
    planning = doc.find_section(["planning-phase"])
    assert planning is not None and planning.text == "📋 PLANNING PHASE" and planning.line == 50
