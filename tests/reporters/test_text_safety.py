"""Text output never passes a control character from outside to the terminal: file and
branch names, messages, hints, waiver reasons and error lines are escaped (`\\x1b`); only
the reporter's own colour codes are written raw."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from conftest import clean_env, policycheck_script
from helpers import finding

from policycheck.findings import BRANCH
from policycheck.reporters import text

ESC = "\x1b"


@pytest.mark.parametrize(("raw", "shown"), [
    ("a\x1b[31mb", "a\\x1b[31mb"),  # an ANSI colour
    ("a\x1b]0;title\x07b", "a\\x1b]0;title\\x07b"),  # sets the terminal's title
    ("a\x9b2Jb", "a\\x9b2Jb"),  # C1 CSI: clears the screen on some terminals
    ("a\x7fb\x00c", "a\\x7fb\\x00c"),  # DEL and NUL
    ("a\tb\rc\nd", "a\\tb\\rc\\nd"),
    ("café → ok", "café → ok"),  # printable text is left alone
])
def test_controls_are_escaped(raw: str, shown: str) -> None:
    assert text.escape_controls(raw) == shown


def test_every_part_of_a_finding_is_escaped() -> None:
    odd = finding("config-unknown-key", "warning", f"x{ESC}[2J.yaml", 3, 4, f"unknown key 'k{ESC}[31m'",
                  hint=f"h{ESC}[1A")
    assert text.format_finding(odd) == ("x\\x1b[2J.yaml:3:4: warning config-unknown-key unknown key 'k\\x1b[31m'"
                                        "\n    hint: h\\x1b[1A")
    waived = finding("file-encoding", "error", "a.yaml", 1, 1, "m", waived=f"because{ESC}[8m")
    assert text.format_finding(waived) == "a.yaml:1:1: waived file-encoding m (waived: because\\x1b[8m)"
    branch = finding("branch-issue-reference", "error", f"feature/{ESC}[31mx", 1, 1, "m", kind=BRANCH)
    assert ESC not in text.format_finding(branch)


def test_colour_codes_are_the_only_raw_escapes() -> None:
    odd = finding("yaml-syntax", "error", f"x{ESC}[2J.yaml", 1, 1, "bad", hint="h")
    line = text.format_finding(odd, colour=True)
    assert line == "x\\x1b[2J.yaml:1:1: \x1b[31merror\x1b[0m yaml-syntax bad\n    \x1b[2mhint: h\x1b[0m"


def test_the_console_script_escapes_a_file_name_and_an_error_line(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    name = f"a{ESC}[31mred.yaml"
    (tmp_path / name).write_text("x: 1\n")
    env = clean_env(FORCE_COLOR="1")
    result = subprocess.run([policycheck_script(), "check-config", name], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=30)
    lines = result.stdout.splitlines()
    assert lines[0].startswith("a\\x1b[31mred.yaml:1:1: \x1b[31merror\x1b[0m config-schema")  # raw before
    assert all(ESC not in line.replace("\x1b[31m", "").replace("\x1b[33m", "").replace("\x1b[2m", "")
               .replace("\x1b[0m", "") for line in lines)
    missing = subprocess.run([policycheck_script(), "inspect", f"b{ESC}[2J.md"], cwd=tmp_path, env=env,
                             capture_output=True, text=True, timeout=30)
    assert (missing.returncode, missing.stderr) == (2, "policycheck: error: b\\x1b[2J.md: no such file\n")
