"""file-encoding: a checked file that is not UTF-8 (an error at the first bad byte), or starts
with a byte order mark (a warning at 1:1)."""
from __future__ import annotations

from pathlib import Path

from rules.support import assert_rule, repository, run_json

RULE = "file-encoding"
CONFIG = "massgen/configs/a.yaml"
VALID = "agent:\n  id: a\n  backend: {type: openai, model: gpt-4o}\n"


def test_a_latin_1_byte_is_reported_at_its_line_and_column(tmp_path: Path) -> None:
    root = repository(tmp_path, {})
    (root / CONFIG).parent.mkdir(parents=True)
    (root / CONFIG).write_bytes(VALID.encode() + b"# caf\xe9\n")
    assert_rule(RULE, ["check-config"], root, [(4, 6)])


def test_a_byte_order_mark_is_a_warning_and_the_file_is_still_checked(tmp_path: Path) -> None:
    root = repository(tmp_path, {CONFIG: "\ufeff" + VALID})
    document = assert_rule(RULE, ["check-config"], root, [(1, 1)])
    assert [f["severity"] for f in document["findings"]] == ["warning"] and document["exit"] == 0


def test_utf_8_passes(tmp_path: Path) -> None:
    assert run_json(["check-config"], repository(tmp_path, {CONFIG: VALID + "# café\n"}))["findings"] == []
