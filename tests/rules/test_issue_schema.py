"""issue-schema: a case-study issue body is structured by headings."""
from __future__ import annotations

from pathlib import Path

from casestudy.support import GOOD_ISSUE
from rules.support import assert_rule, repository

RULE = "issue-schema"
ARGS = ["check-issue", "--body-file", "issue.md"]


def test_a_body_without_headings_is_reported_at_its_first_line(tmp_path: Path) -> None:
    root = repository(tmp_path, {"issue.md": "We should cache searches.\n\nIt would help.\n"})
    document = assert_rule(RULE, ARGS, root, [(1, 1)])
    assert document["exit"] == 1


def test_the_template_structure_passes(tmp_path: Path) -> None:
    assert_rule(RULE, ARGS, repository(tmp_path, {"issue.md": GOOD_ISSUE}), [])
