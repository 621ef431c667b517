"""`policycheck check-config` as a user runs it: the installed console script in a subprocess,
exit codes, stdout and stderr, text and JSON; and every kind of bad input."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from configs.config_helpers import CONFIG_DIR, make_root, mutate, position

GEMINI = "basic/multi/two_agents_gemini.yaml"


def _write(root: Path, name: str, content: str | bytes) -> Path:
    path = make_root(root) / CONFIG_DIR / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def _rel(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def test_valid_config_exits_0_with_a_summary(cli, corpus: Path, tmp_path: Path) -> None:
    path = mutate(corpus, tmp_path, "tools/web-search/claude_streamable_http_test.yaml", [])
    run = cli("check-config", _rel(path, tmp_path), cwd=tmp_path)
    assert (run.code, run.err) == (0, "")
    assert run.out.strip() == "1 file checked: 0 errors, 0 warnings"


def test_error_exits_1_with_path_line_column(cli, corpus: Path, tmp_path: Path) -> None:
    path = mutate(corpus, tmp_path, GEMINI, [('type: "gemini"', 'type: "gemnii"')])
    rel = _rel(path, tmp_path)
    run = cli("check-config", rel, cwd=tmp_path)
    line, column = position(path.read_text(encoding="utf-8"), 'type: ^"gemnii"')
    assert run.code == 1 and run.err == ""
    assert run.out.startswith(f"{rel}:{line}:{column}: error config-schema agents[0].backend.type: 'gemnii' is not a"
                              " MassGen backend type; did you mean 'gemini'?")


def test_json_format(cli, corpus: Path, tmp_path: Path) -> None:
    path = mutate(corpus, tmp_path, GEMINI, [("model:", "modle:"), ('"gemini-2.5-pro2"', '"gemini-2.5-pro1"')])
    run = cli("check-config", "--format", "json", _rel(path, tmp_path), cwd=tmp_path)
    report = json.loads(run.out)
    assert run.code == 1
    text = path.read_text(encoding="utf-8")
    found = [(f["rule"], f["severity"], f["line"], f["column"]) for f in report["findings"]]
    assert ("config-unknown-key", "warning", *position(text, "modle:")) in found
    assert ("config-agent-ids", "error", *position(text, '"gemini-2.5-pro1"', 2)) in found
    assert report["summary"]["files"] == 1 and report["summary"]["errors"] == 1


def test_warnings_pass_unless_strict(cli, corpus: Path, tmp_path: Path) -> None:
    path = mutate(corpus, tmp_path, GEMINI, [])  # ui.type: an ineffective key
    rel = _rel(path, tmp_path)
    assert cli("check-config", rel, cwd=tmp_path).code == 0
    strict = cli("check-config", "--strict", rel, cwd=tmp_path)
    assert strict.code == 1 and "warning config-ineffective-key" in strict.out


def test_hook_mode_skips_files_outside_the_globs(cli, tmp_path: Path) -> None:
    make_root(tmp_path)
    other = tmp_path / "docker-compose.yaml"
    other.write_text("services: [\n", encoding="utf-8")
    run = cli("check-config", "--filter-by-policy", "docker-compose.yaml", cwd=tmp_path)
    assert run.code == 0 and "0 files checked" in run.out


def test_no_arguments_checks_the_policy_globs(cli, corpus: Path, tmp_path: Path) -> None:
    mutate(corpus, tmp_path, GEMINI, [])
    _write(tmp_path, "rate_limits/rate_limits.yaml", "not: [an, agent, config]\n")  # excluded by default
    run = cli("check-config", cwd=tmp_path)
    assert run.code == 0 and "1 file checked" in run.out


# --- bad input: a finding at line:col or one clear line, never a traceback ------------------

BAD = [
    ("syntax", "agents:\n  - id: a\n    backend: {type: openai\n", "yaml-syntax", (4, 1)),
    ("duplicate-key", "agents:\n  - id: a\n    id: b\n    backend: {type: openai}\n", "yaml-duplicate-key", (3, 5)),
    ("multiple-documents", "agents: []\n---\nagents: []\n", "yaml-syntax", (2, 1)),
    ("alias-bomb", "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(6)),
     "yaml-syntax", None),
    ("non-utf8", b"agents:\n  - id: caf\xe9\n", "file-encoding", (2, 12)),
    ("binary", b"\x00\x01agents", "file-encoding", (1, 1)),
    ("empty", "", "yaml-syntax", (1, 1)),
    ("comments-only", "# nothing here\n", "yaml-syntax", (1, 1)),
    ("root-list", "- id: a\n  backend: {type: openai}\n", "config-schema", (1, 1)),
    ("root-scalar", "just text\n", "config-schema", (1, 1)),
]


@pytest.mark.parametrize("name,content,rule,pos", BAD, ids=[b[0] for b in BAD])
def test_bad_input_is_a_finding(name: str, content: str | bytes, rule: str, pos: tuple[int, int] | None,
                                cli, tmp_path: Path) -> None:
    path = _write(tmp_path, f"{name}.yaml", content)
    before = path.read_bytes(), path.stat().st_mtime_ns
    run = cli("check-config", "--format", "json", _rel(path, tmp_path), cwd=tmp_path)
    assert run.code == 1 and run.err == "" and "Traceback" not in run.out
    findings = json.loads(run.out)["findings"]
    assert findings[0]["rule"] == rule
    if pos:
        assert (findings[0]["line"], findings[0]["column"]) == pos
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before  # never written


def test_bom_is_a_warning_and_the_config_is_still_checked(cli, tmp_path: Path) -> None:
    path = _write(tmp_path, "bom.yaml", b"\xef\xbb\xbfagents:\n  - id: a\n    backend: {type: openaj}\n")
    run = cli("check-config", "--format", "json", _rel(path, tmp_path), cwd=tmp_path)
    found = [(f["rule"], f["severity"], f["line"], f["column"]) for f in json.loads(run.out)["findings"]]
    assert found == [("file-encoding", "warning", 1, 1), ("config-schema", "error", 3, 21)]


def test_missing_file_and_directory(cli, tmp_path: Path) -> None:
    make_root(tmp_path)
    missing = cli("check-config", "massgen/configs/nope.yaml", cwd=tmp_path)
    assert missing.code == 1 and "massgen/configs/nope.yaml:1:1: error file-unreadable no such file" in missing.out
    (tmp_path / "folder.yaml").mkdir()
    folder = cli("check-config", "folder.yaml", cwd=tmp_path)
    assert folder.code == 1 and folder.err == ""
    assert folder.out.startswith("folder.yaml:1:1: error file-unreadable no files in this folder are selected")


def test_size_limit_from_the_policy(cli, corpus: Path, tmp_path: Path) -> None:
    path = mutate(corpus, tmp_path, GEMINI, [])
    (tmp_path / ".policycheck.yaml").write_text("version: 1\nlimits:\n  max_file_bytes: 200\n", encoding="utf-8")
    run = cli("check-config", _rel(path, tmp_path), cwd=tmp_path)
    assert run.code == 1 and "error file-too-large" in run.out and "limit of 200 bytes" in run.out
