"""file-unreadable: a named path that is no readable file (missing, a folder with nothing the
policy selects) is one finding, never an internal error."""
from __future__ import annotations

from pathlib import Path

from rules.support import assert_rule, repository

RULE = "file-unreadable"


def test_a_missing_file_is_a_finding(tmp_path: Path) -> None:
    document = assert_rule(RULE, ["check-config", "massgen/configs/gone.yaml"], repository(tmp_path, {}), [(1, 1)])
    assert document["findings"][0]["message"] == "no such file"


def test_a_folder_without_selected_files_is_a_finding(tmp_path: Path) -> None:
    root = repository(tmp_path, {"notes/readme.txt": "not a config\n"})
    document = assert_rule(RULE, ["check-config", "notes"], root, [(1, 1)])
    assert "no files in this folder are selected" in document["findings"][0]["message"]


def test_a_readable_file_passes(tmp_path: Path) -> None:
    root = repository(tmp_path, {"massgen/configs/a.yaml": "agent:\n  id: a\n  backend: {type: openai, model: gpt-4o}\n"})
    assert_rule(RULE, ["check-config", "massgen/configs/a.yaml"], root, [])
