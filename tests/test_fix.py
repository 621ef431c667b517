"""`policycheck fix` on real files: what it repairs, every other byte kept, what it leaves."""
from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import stat
from pathlib import Path

from casestudy.support import CONFIG, GOOD_REPORT, REPORTS
from conftest import GitRepo
from rules.support import repository, run_json

from policycheck.cli import main
from policycheck.schemas import validator

AGENTS = "agents:\n  - id: a\n    backend:\n      type: openai\n      model: gpt-4o\n"
PATH = "massgen/configs/a.yaml"


def fix(root: Path, *args: str) -> tuple[int, str, str]:
    """`policycheck fix ARGS` in-process in `root`: exit code, stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    previous = os.getcwd()
    os.chdir(root)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["fix", *args])
    finally:
        os.chdir(previous)
    return code, out.getvalue(), err.getvalue()


def config_root(tmp_path: Path, text: str | bytes) -> Path:
    root = repository(tmp_path, {})
    target = root / PATH
    target.parent.mkdir(parents=True)
    target.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return root


def fixed_config(tmp_path: Path, text: str | bytes, *args: str) -> bytes:
    root = config_root(tmp_path, text)
    code, out, err = fix(root, *args)
    assert code == 0 and err == "", out + err
    return (root / PATH).read_bytes()


# --- YAML: only the key's token changes ---------------------------------------------------

def test_ui_type_becomes_display_type_and_the_run_says_so(tmp_path: Path) -> None:
    root = config_root(tmp_path, AGENTS + "ui:\n  type: rich_terminal\n")
    code, out, _ = fix(root)
    assert code == 0
    assert out == (f"{PATH}:7:3: fixed config-ineffective-key: renamed ui.type to ui.display_type\n"
                   "1 fix applied in 1 file; 0 findings left\n")
    assert (root / PATH).read_text(encoding="utf-8") == AGENTS + "ui:\n  display_type: rich_terminal\n"
    assert fix(root) == (0, "0 fixes applied in 0 files; 0 findings left\n", "")  # a second run changes nothing


def test_comments_quotes_and_anchors_next_to_the_key_stay(tmp_path: Path) -> None:
    text = (AGENTS + "defaults: &logging {logging_enabled: true}  # shared\n"
            "ui:   # how MassGen shows the run\n"
            "  # the display\n"
            '  "type"  :   "rich_terminal"   # quoted, spaced\n'
            "  logging_enabled: &on true\n"
            "other: *on\n")
    assert fixed_config(tmp_path, text).decode() == text.replace('"type"  :', '"display_type"  :')


def test_crlf_line_endings_stay(tmp_path: Path) -> None:
    text = (AGENTS + "ui:\n  type: rich_terminal\n  logging_enabled: true\n").replace("\n", "\r\n").encode()
    assert fixed_config(tmp_path, text) == text.replace(b"\nui:\r\n  type:", b"\nui:\r\n  display_type:")


def test_a_file_without_a_final_newline_keeps_none(tmp_path: Path) -> None:
    text = (AGENTS + "display:\n  type: rich_terminal\n  logging_enabled: true").encode()
    assert fixed_config(tmp_path, text) == (AGENTS + "ui:\n  display_type: rich_terminal\n"
                                            "  logging_enabled: true").encode()


def test_flow_style_mappings_are_edited_in_place(tmp_path: Path) -> None:
    text = AGENTS + "display: {type: 'rich_terminal', logging_enabled: true}\n"
    assert fixed_config(tmp_path, text).decode() == AGENTS + "ui: {display_type: 'rich_terminal', logging_enabled: true}\n"


def test_a_rename_that_would_collide_is_not_made(tmp_path: Path) -> None:
    text = AGENTS + "ui:\n  type: rich_terminal\n  display_type: simple\ndisplay:\n  logging_enabled: true\n"
    root = config_root(tmp_path, text)
    code, out, _ = fix(root)
    assert code == 0 and "fixed" not in out and out.endswith("0 fixes applied in 0 files; 2 findings left (0 errors)\n")
    assert f"{PATH}:7:3: warning config-ineffective-key" in out and f"{PATH}:9:1: warning config-ineffective-key" in out
    assert (root / PATH).read_text(encoding="utf-8") == text


def test_a_mapping_an_anchor_shares_is_not_edited(tmp_path: Path) -> None:
    text = AGENTS + "ui: &display\n  type: rich_terminal\nlater: *display\n"
    root = config_root(tmp_path, text)
    assert "fixed" not in fix(root)[1] and (root / PATH).read_text(encoding="utf-8") == text


def test_a_move_that_changes_the_display_needs_unsafe(tmp_path: Path) -> None:
    root = config_root(tmp_path, AGENTS + "ui:\n  type: simple\n")
    code, out, _ = fix(root)
    assert code == 0 and f"{PATH}:7:3: warning config-ineffective-key" in out and "[fixable with --unsafe]" in out
    code, out, _ = fix(root, "--unsafe")
    assert out.startswith(f"{PATH}:7:3: fixed config-ineffective-key: renamed ui.type to ui.display_type\n")
    assert (root / PATH).read_text(encoding="utf-8") == AGENTS + "ui:\n  display_type: simple\n"


def test_a_typo_with_one_candidate_is_renamed_with_unsafe_only(tmp_path: Path) -> None:
    text = AGENTS.replace("model:", "modle:") + "ui:\n  dispaly_type: simple\n"
    root = config_root(tmp_path, text)
    assert fix(root)[1].count("[fixable with --unsafe]") == 2
    code, out, _ = fix(root, "--unsafe", "--rule", "config-unknown-key")
    assert code == 0
    assert out.splitlines()[:2] == [f"{PATH}:5:7: fixed config-unknown-key: renamed 'modle' to 'model'",
                                    f"{PATH}:7:3: fixed config-unknown-key: renamed 'dispaly_type' to 'display_type'"]
    assert (root / PATH).read_text(encoding="utf-8") == AGENTS + "ui:\n  display_type: simple\n"


def test_rule_selects_the_fixes_and_an_unknown_rule_is_a_usage_error(tmp_path: Path) -> None:
    root = config_root(tmp_path, AGENTS + "ui:\n  type: rich_terminal\n")
    code, out, _ = fix(root, "--rule", "case-study-broken-link")
    assert code == 0 and "fixed" not in out and "[fixable]" in out
    code, _, err = fix(root, "--rule", "no-such-rule")
    assert code == 2 and err == "policycheck: error: unknown rule 'no-such-rule'; `policycheck explain` lists them\n"


def test_diff_shows_the_fix_and_writes_nothing(tmp_path: Path) -> None:
    text = AGENTS + "ui:\n  type: rich_terminal\n"
    root = config_root(tmp_path, text)
    before = (root / PATH).stat().st_mtime_ns
    code, out, err = fix(root, "--diff")
    assert code == 0 and err == "policycheck: 1 fix shown, nothing written (--diff)\n"
    assert out == (f"--- a/{PATH}\n+++ b/{PATH}\n@@ -4,4 +4,4 @@\n       type: openai\n       model: gpt-4o\n"
                   " ui:\n-  type: rich_terminal\n+  display_type: rich_terminal\n")
    assert (root / PATH).read_text(encoding="utf-8") == text and (root / PATH).stat().st_mtime_ns == before


def test_a_read_only_file_is_left_as_it_is(tmp_path: Path) -> None:
    text = AGENTS + "ui:\n  type: rich_terminal\n"
    root = config_root(tmp_path, text)
    (root / PATH).chmod(0o444)
    code, out, err = fix(root)
    assert err == f"policycheck: {PATH}: not written: the file is read-only\n"
    assert code == 0 and out.startswith(f"{PATH}:7:3: warning config-ineffective-key")
    assert out.splitlines()[-1] == ("0 fixes applied in 0 files; 1 file not written (stderr says why); 1 finding left"
                                    " (0 errors, 1 with a fix not applied: see [fixable])")
    assert (root / PATH).read_text(encoding="utf-8") == text and stat.S_IMODE((root / PATH).stat().st_mode) == 0o444


def test_errors_left_exit_1_and_warnings_with_strict(tmp_path: Path) -> None:
    root = config_root(tmp_path, AGENTS.replace("openai", "opnai") + "ui:\n  display_type: fancy\n")
    code, out, _ = fix(root)
    assert code == 1 and out.endswith("0 fixes applied in 0 files; 2 findings left (2 errors)\n")
    root2 = config_root(tmp_path / "w", AGENTS + "extra_key: 1\n")
    assert fix(root2)[0] == 0 and fix(root2, "--strict")[0] == 1


# --- Markdown: the link's path only --------------------------------------------------------

def test_a_config_link_is_relinked_and_its_anchor_kept(tmp_path: Path) -> None:
    report = GOOD_REPORT.replace("(../../../../massgen/configs/basic/two_agents.yaml)",
                                 "(../../massgen/configs/basic/two_agents.yaml#L3)")
    root = repository(tmp_path, {"massgen/configs/basic/two_agents.yaml": CONFIG, f"{REPORTS}/r.md": report,
                                 f"{REPORTS}/pictures/before.png": ""})
    code, out, _ = fix(root, f"{REPORTS}/r.md")
    assert code == 0 and out.splitlines()[0] == (
        f"{REPORTS}/r.md:13:1: fixed case-study-broken-link: link ../../massgen/configs/basic/two_agents.yaml"
        " -> ../../../../massgen/configs/basic/two_agents.yaml")
    assert (root / REPORTS / "r.md").read_text(encoding="utf-8") == report.replace("(../../massgen/", "(../../../../massgen/")


# --- the check commands say what is fixable -----------------------------------------------

def test_check_config_marks_fixable_findings_and_carries_the_edit_in_json(tmp_path: Path, cli) -> None:
    root = config_root(tmp_path, AGENTS + "ui:\n  type: rich_terminal\n")
    run = cli("check-config", cwd=root)
    assert run.out == (f"{PATH}:7:3: warning config-ineffective-key ui.type is never read by MassGen; the display"
                       " is chosen by ui.display_type [fixable]\n    hint: rename it: `display_type: rich_terminal`\n"
                       "1 file checked: 0 errors, 1 warning, 1 fixable\n")
    document = run_json(["check-config"], root)
    assert document["findings"][0]["fix"] == {
        "path": PATH, "description": "renamed ui.type to ui.display_type", "safe": True,
        "replacements": [{"line": 7, "column": 3, "end_line": 7, "end_column": 7, "old": "type", "new": "display_type"}]}
    assert document["summary"]["fixable"] == 1
    del document["exit"]
    assert list(validator("findings").iter_errors(document)) == []


def test_explain_says_whether_a_rule_fixes(cli, tmp_path: Path) -> None:
    assert cli("explain", "case-study-broken-link", cwd=tmp_path).out.endswith(
        "\nAutomatic fix (`policycheck fix`): safe: a config linked as if from another folder is relinked to the"
        " hinted path, when that file exists; only the link's path changes.\n")
    assert cli("explain", "yaml-syntax", cwd=tmp_path).out.endswith("\nAutomatic fix: none.\n")


# --- the corpus: what the issue promises ---------------------------------------------------

def _changed_lines(repo: GitRepo) -> dict[str, set[int]]:
    """The old-side line numbers each file's diff touches (every hunk one line for one line)."""
    changed: dict[str, set[int]] = {}
    current = ""
    for line in repo.git("diff", "-U0", "--no-color").splitlines():
        if line.startswith("+++ b/"):
            current = line[6:]
        elif m := re.match(r"@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@", line):
            assert (m.group(2) or "1") == (m.group(4) or "1") and m.group(1) == m.group(3), line
            first, count = int(m.group(1)), int(m.group(2) or "1")
            changed.setdefault(current, set()).update(range(first, first + count))
    return changed


def _fixable(root: Path) -> dict[str, set[int]]:
    expected: dict[str, set[int]] = {}
    for command in ("check-config", "check-case-study"):
        for finding in run_json([command], root)["findings"]:
            if finding.get("fix", {}).get("safe"):
                for r in finding["fix"]["replacements"]:
                    expected.setdefault(finding["fix"]["path"], set()).add(r["line"])
    return expected


def test_the_corpus_is_repaired_touching_only_the_fixed_lines(corpus: Path, git_repo: GitRepo) -> None:
    shutil.copytree(corpus, git_repo.path, dirs_exist_ok=True)
    for folder, _, files in os.walk(git_repo.path):
        for name in files:
            os.chmod(os.path.join(folder, name), 0o644)  # the shared corpus is read-only
    git_repo.commit("the corpus as it is")
    expected = _fixable(git_repo.path)
    assert sum(len(lines) for lines in expected.values()) == 42 and len(expected) == 33

    code, out, _ = fix(git_repo.path)
    fixed = [line for line in out.splitlines() if ": fixed " in line]
    assert len(fixed) == 36
    assert sum(": fixed case-study-broken-link:" in line for line in fixed) == 12
    assert sum(": fixed config-ineffective-key:" in line for line in fixed) == 24
    assert code == 1 and out.endswith("36 fixes applied in 33 files; 22 findings left (7 errors)\n")
    assert _changed_lines(git_repo) == expected  # every other line (and byte) of every file is as it was

    config = run_json(["check-config"], git_repo.path)
    assert [f for f in config["findings"] if f["rule"] == "config-ineffective-key"] == []
    links = [f for f in run_json(["check-case-study"], git_repo.path)["findings"] if f["rule"] == "case-study-broken-link"]
    assert len(links) == 4 and all("link it as" not in f["hint"] for f in links)

    diff = git_repo.git("diff")
    assert fix(git_repo.path)[1].count(": fixed ") == 0 and git_repo.git("diff") == diff  # a second run: nothing


# --- the hook, through the real pre-commit ---------------------------------------------------

def test_the_hook_fixes_fails_and_then_passes(hook_repo, git_repo: GitRepo) -> None:
    broken = AGENTS + "ui:\n  type: rich_terminal   # the display\n"
    git_repo.write(PATH, broken)
    git_repo.git("add", "-A")
    first = hook_repo.try_repo(git_repo, "policycheck-fix", "--all-files")
    assert first.code == 1, first.out + first.err
    assert "Failed" in first.out and "files were modified by this hook" in first.out, first.out
    assert f"{PATH}:7:3: fixed config-ineffective-key: renamed ui.type to ui.display_type" in first.out
    assert (git_repo.path / PATH).read_text(encoding="utf-8") == broken.replace("ui:\n  type:", "ui:\n  display_type:")
    git_repo.git("add", "-A")  # the reviewed change, staged again
    second = hook_repo.try_repo(git_repo, "policycheck-fix", "--all-files")
    assert second.code == 0 and "Passed" in second.out, second.out + second.err


def test_a_folder_of_reports_fixes_html_and_image_links_and_asks_nothing_of_configs(tmp_path: Path) -> None:
    line = ('<a href="../../massgen/configs/x/a.yaml">a</a> [../../massgen/configs/x/a.yaml]'
            '(../../massgen/configs/x/a.yaml "t") ![i](<../../massgen/configs/x/a.yaml>)')
    root = repository(tmp_path, {"massgen/configs/x/a.yaml": CONFIG, f"{REPORTS}/r.md": f"# T v0.0.1\n\n{line}\n"})
    code, out, _ = fix(root, "docs")
    assert [row.split(": fixed")[0] for row in out.splitlines() if ": fixed " in row] == [
        f"{REPORTS}/r.md:3:1", f"{REPORTS}/r.md:3:48", f"{REPORTS}/r.md:3:117"]
    assert "configs.include" not in out and code == 1  # the report's own errors are left
    assert (root / REPORTS / "r.md").read_text(encoding="utf-8") == f"# T v0.0.1\n\n{line}\n".replace(
        "../../massgen", "../../../../massgen").replace("[../../../../massgen", "[../../massgen")
