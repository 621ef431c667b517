"""policycheck.fixes: edits applied to real files, byte for byte; stale and overlapping edits
wait; writes are atomic, keep the mode, and refuse read-only or changed files."""
from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from policycheck.edits import Edit, Replacement
from policycheck.findings import Finding, Location
from policycheck.fixes import OVERLAP, STALE, FixError, plan_file, unified_diff, write_plan


def _finding(path: Path, *replacements: Replacement, rule: str = "config-ineffective-key") -> Finding:
    edit = Edit(str(path), tuple(replacements), "an edit")
    first = replacements[0]
    return Finding(rule, "warning", Location("file", str(path), first.line, first.column), "m", fix=edit)


def test_replacements_change_their_text_only(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(b"a: 1\r\nui:\r\n  type: x   # kept\r\nb: 2")
    plan = plan_file(str(path), [_finding(path, Replacement(3, 3, "type", "display_type"))])
    write_plan(plan)
    assert path.read_bytes() == b"a: 1\r\nui:\r\n  display_type: x   # kept\r\nb: 2"


def test_a_byte_order_mark_is_kept_and_positions_count_after_it(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes("\ufeff[x](old.md)\n".encode())
    write_plan(plan_file(str(path), [_finding(path, Replacement(1, 5, "old.md", "new.md"))]))
    assert path.read_bytes() == "\ufeff[x](new.md)\n".encode()


def test_overlapping_edits_apply_the_first_and_defer_the_second(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("display:\n  type: x\n", encoding="utf-8")
    first = _finding(path, Replacement(1, 1, "display", "ui"), Replacement(2, 3, "type", "display_type"))
    second = _finding(path, Replacement(2, 3, "type", "kind"))
    plan = plan_file(str(path), [first, second])
    assert plan.applied == [first] and plan.deferred == [(second, OVERLAP)]
    assert plan.text == "ui:\n  display_type: x\n"


def test_the_same_edit_from_two_findings_is_made_once(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("ui:\n  type: x\n", encoding="utf-8")
    twice = [_finding(path, Replacement(2, 3, "type", "display_type")) for _ in range(2)]
    plan = plan_file(str(path), twice)
    assert plan.applied == twice and plan.text == "ui:\n  display_type: x\n"


def test_an_edit_whose_text_moved_is_stale_and_not_made(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("# a new first line\nui:\n  type: x\n", encoding="utf-8")
    stale = _finding(path, Replacement(2, 3, "type", "display_type"))  # made for the file before line 1
    plan = plan_file(str(path), [stale])
    assert plan.deferred == [(stale, STALE)] and not plan.changed


def test_a_file_modified_between_read_and_write_is_not_written(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("ui:\n  type: x\n", encoding="utf-8")
    plan = plan_file(str(path), [_finding(path, Replacement(2, 3, "type", "display_type"))])
    path.write_text("ui:\n  type: y\n", encoding="utf-8")  # someone saves the file meanwhile
    with pytest.raises(FixError, match=r"a\.yaml: not written: the file changed since it was checked"):
        write_plan(plan)
    assert path.read_text(encoding="utf-8") == "ui:\n  type: y\n"


def test_a_read_only_file_is_not_written_even_by_root(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("ui:\n  type: x\n", encoding="utf-8")
    path.chmod(0o444)
    plan = plan_file(str(path), [_finding(path, Replacement(2, 3, "type", "display_type"))])
    with pytest.raises(FixError, match="not written: the file is read-only"):
        write_plan(plan)
    assert path.read_text(encoding="utf-8") == "ui:\n  type: x\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o444


def test_the_mode_is_kept_a_link_stays_a_link_and_no_temporary_file_remains(tmp_path: Path) -> None:
    real = tmp_path / "real.yaml"
    real.write_text("ui:\n  type: x\n", encoding="utf-8")
    real.chmod(0o640)
    link = tmp_path / "link.yaml"
    link.symlink_to(real.name)
    write_plan(plan_file(str(link), [_finding(link, Replacement(2, 3, "type", "display_type"))]))
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "ui:\n  display_type: x\n"
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert sorted(os.listdir(tmp_path)) == ["link.yaml", "real.yaml"]


def test_the_diff_marks_a_missing_final_newline(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("ui:\n  type: x", encoding="utf-8")
    plan = plan_file(str(path), [_finding(path, Replacement(2, 3, "type", "display_type"))])
    assert unified_diff(plan) == (f"--- a/{path}\n+++ b/{path}\n@@ -1,2 +1,2 @@\n ui:\n-  type: x\n"
                                  "\\ No newline at end of file\n+  display_type: x\n\\ No newline at end of file\n")
