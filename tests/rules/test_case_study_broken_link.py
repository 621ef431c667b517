"""case-study-broken-link: relative links and images resolve from the report's folder."""
from __future__ import annotations

from pathlib import Path

from casestudy.support import CONFIG, GOOD_REPORT, REPORTS
from rules.support import assert_rule, repository

RULE = "case-study-broken-link"
ARGS = ["check-case-study", f"{REPORTS}/r.md"]


def _root(tmp_path: Path, report: str) -> Path:
    return repository(tmp_path, {"massgen/configs/basic/two_agents.yaml": CONFIG, f"{REPORTS}/r.md": report,
                                 f"{REPORTS}/pictures/before.png": ""})


def test_a_config_linked_from_the_wrong_folder_gets_the_right_link(tmp_path: Path) -> None:
    report = GOOD_REPORT.replace("(../../../../massgen/", "(../../massgen/")
    document = assert_rule(RULE, ARGS, _root(tmp_path, report), [(13, 1)])
    assert document["findings"][0]["hint"] == (
        "link it as ../../../../massgen/configs/basic/two_agents.yaml"
        " (relative links resolve from the document's folder)")


def test_links_and_images_to_missing_files_are_reported_where_they_start(tmp_path: Path) -> None:
    line = "See [notes](notes%20v2.md#top) and ![after](pictures/after.png)."
    report = GOOD_REPORT.replace("Both agents checked", f"{line}\n\nBoth agents checked")
    assert report.splitlines()[48] == line
    document = assert_rule(RULE, ARGS, _root(tmp_path, report), [(49, 5), (49, 36)])
    assert document["findings"][0]["message"] == (
        f"link target 'notes%20v2.md#top' does not exist (resolves to {REPORTS}/notes v2.md)")


def test_existing_targets_urls_and_anchors_pass(tmp_path: Path) -> None:
    report = GOOD_REPORT.replace("Both agents checked", "![before](pictures/before.png) [up](#results) [x](https://example.com/y)"
                                 "\n\nBoth agents checked")
    assert_rule(RULE, ARGS, _root(tmp_path, report), [])
