"""Regression tests for the case-study review: a team schema that cannot be used, check-issue
reading its body as check-case-study reads a report, default_profile, `new case-study`
titles, and config references that are ambiguous or lie outside the repository."""
from __future__ import annotations

import http.server
import json
import os
import subprocess
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from casestudy.support import GOOD_REPORT, REPORTS, write_report
from conftest import clean_env, policycheck_script


def _one_error_line(run: Any) -> str:
    assert run.code == 2 and run.out == "", (run.code, run.out, run.err)
    assert "Traceback" not in run.err and len(run.err.strip().splitlines()) == 1, run.err
    return run.err.strip()


def _findings(run: Any, rule: str | None = None) -> list[tuple[str, int, int, str]]:
    report = json.loads(run.out)
    return [(f["rule"], f["line"], f["column"], f["message"]) for f in report["findings"]
            if rule is None or f["rule"] == rule]


# --- 1. case_studies.schema that cannot be used ---------------------------------------------

@pytest.fixture
def http_log() -> Iterator[tuple[str, list[str]]]:
    """A real HTTP server on 127.0.0.1 that records every request (there must be none)."""
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append(self.path)
            body = b'{"type": "string"}'
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", requests
    finally:
        server.shutdown()
        server.server_close()


def _team_schema(repo: Path, schema: Any) -> None:
    (repo / "team.schema.json").write_text(json.dumps(schema), encoding="utf-8")
    (repo / ".policycheck.yaml").write_text('version: 1\ncase_studies:\n  schema: "team.schema.json"\n',
                                            encoding="utf-8")
    write_report(repo, GOOD_REPORT)


def test_remote_ref_in_team_schema_is_a_policy_error_and_nothing_is_fetched(
        repo: Path, cli: Any, http_log: tuple[str, list[str]]) -> None:
    base, requests = http_log
    for ref in (f"{base}/x.json", "https://example.invalid/x.json"):
        _team_schema(repo, {"properties": {"title": {"$ref": ref}}})
        line = _one_error_line(cli("check-case-study", f"{REPORTS}/report.md", cwd=repo))
        assert line == (f"policycheck: error: {repo / '.policycheck.yaml'}: invalid policy: case_studies.schema:"
                        f" team.schema.json: $ref {ref!r} cannot be resolved (only references within the"
                        " schema file are followed; nothing is fetched)")
    assert requests == []


def test_self_reference_and_invalid_team_schemas_are_policy_errors(repo: Path, cli: Any) -> None:
    source = repo / ".policycheck.yaml"
    for schema, message in (
        ({"$ref": "#"}, "team.schema.json: a $ref refers to itself without end"),
        ({"$defs": {"a": {"$ref": "#/$defs/a"}}, "$ref": "#/$defs/a"},
         "team.schema.json: a $ref refers to itself without end"),
        ({"type": 5}, "team.schema.json: not a valid JSON Schema: 5 is not valid under any of the given schemas"),
        ([1, 2], "team.schema.json: a JSON Schema is an object or a boolean"),
    ):
        _team_schema(repo, schema)
        line = _one_error_line(cli("check-case-study", f"{REPORTS}/report.md", cwd=repo))
        assert line == f"policycheck: error: {source}: invalid policy: case_studies.schema: {message}"


def test_team_schema_never_uses_the_network_in_process(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import urllib.request

    from helpers import run_files

    from policycheck.errors import PolicyError
    from policycheck.policy import load_policy

    opened: list[object] = []
    monkeypatch.setattr(urllib.request, "urlopen", lambda *a, **k: opened.append(a) or None)
    _team_schema(repo, {"$ref": "https://example.invalid/in-process.json"})
    with pytest.raises(PolicyError, match=r"case_studies\.schema: team\.schema\.json: \$ref "):
        run_files("case-study", [str(repo / REPORTS / "report.md")], load_policy(cwd=repo))
    assert opened == []


# --- 2 and 3. check-issue --body-file reads as check-case-study reads --------------------------

def _stdin_run(repo: Path, data: bytes, *args: str) -> subprocess.CompletedProcess[str]:
    """The console script with binary standard input (the `cli` fixture sends text)."""
    path = repo / "stdin.bin"
    path.write_bytes(data)
    with path.open("rb") as handle:
        proc = subprocess.run([policycheck_script(), "check-issue", "--body-file", "-", *args], cwd=repo,
                              env=clean_env(), stdin=handle, capture_output=True, timeout=120, check=False)
    return subprocess.CompletedProcess(proc.args, proc.returncode, proc.stdout.decode(), proc.stderr.decode())


def test_oversized_body_reports_its_real_size(repo: Path, cli: Any) -> None:
    size = 3 * 1048576 + 5  # three times the default limit: the message must not say limit+1
    (repo / "big.md").write_bytes(b"x" * size)
    issue = cli("check-issue", "--body-file", "big.md", "--format", "json", cwd=repo)
    report = cli("check-case-study", "big.md", "--format", "json", cwd=repo)
    expected = [("file-too-large", 1, 1, f"file is {size} bytes, over the policy's limit of 1048576 bytes")]
    assert (issue.code, _findings(issue)) == (1, expected)
    assert (report.code, _findings(report)) == (1, expected)
    stdin = _stdin_run(repo, b"y" * size, "--format", "json")
    assert stdin.returncode == 1 and "Traceback" not in stdin.stderr
    assert [(f["rule"], f["path"], f["message"]) for f in json.loads(stdin.stdout)["findings"]] == [
        ("file-too-large", "<stdin>", f"issue body is {size} bytes, over the policy's limit of 1048576 bytes")]


@pytest.mark.parametrize(("data", "finding"), [
    (b"## Prompt\x00\xff", ("file-encoding", 1, 1, "binary file (contains NUL bytes); expected UTF-8 text")),
    ("## Prompt\ncaf\xe9\n".encode("latin-1"), ("file-encoding", 2, 4, "not valid UTF-8: byte 0xe9 cannot be decoded")),
])
def test_undecodable_body_is_the_same_finding_as_in_check_case_study(
        repo: Path, cli: Any, data: bytes, finding: tuple[str, int, int, str]) -> None:
    (repo / "body.md").write_bytes(data)
    issue = cli("check-issue", "--body-file", "body.md", "--format", "json", cwd=repo)
    report = cli("check-case-study", "body.md", "--format", "json", cwd=repo)
    stdin = _stdin_run(repo, data, "--format", "json")
    assert (issue.code, _findings(issue), issue.err) == (1, [finding], "")
    assert (report.code, _findings(report)) == (1, [finding])
    assert (stdin.returncode, stdin.stderr) == (1, "")
    assert [(f["rule"], f["path"], f["line"], f["column"]) for f in json.loads(stdin.stdout)["findings"]] == [
        (finding[0], "<stdin>", finding[1], finding[2])]


def test_bom_in_body_is_the_same_warning_and_the_body_is_still_checked(repo: Path, cli: Any) -> None:
    from casestudy.test_issue import FILLED

    (repo / "bom.md").write_bytes(b"\xef\xbb\xbf" + FILLED.encode("utf-8"))
    run = cli("check-issue", "--body-file", "bom.md", cwd=repo)
    assert (run.code, run.err) == (0, "")
    assert run.out.splitlines() == ["bom.md:1:1: warning file-encoding file starts with a UTF-8 byte order mark",
                                    "    hint: save the file as UTF-8 without BOM",
                                    "1 issue checked: 0 errors, 1 warning"]
    stdin = _stdin_run(repo, b"\xef\xbb\xbf" + FILLED.encode("utf-8"), "--strict")
    assert stdin.returncode == 1 and stdin.stdout.splitlines()[0] == (
        "<stdin>:1:1: warning file-encoding file starts with a UTF-8 byte order mark")


# --- 4. default_profile must name a profile -------------------------------------------------

def test_unknown_default_profile_is_a_policy_error(repo: Path, cli: Any) -> None:
    (repo / ".policycheck.yaml").write_text("version: 1\ncase_studies:\n  default_profile: nope\n", encoding="utf-8")
    write_report(repo, GOOD_REPORT)
    expected = (f"policycheck: error: {repo / '.policycheck.yaml'}:3:20: invalid policy: case_studies.default_profile:"
                " 'nope' is not one of case_studies.profiles ('legacy', 'template'); name one of them")
    for args in (("check-case-study",), ("check-case-study", f"{REPORTS}/report.md"),
                 ("new", "case-study", "--version", "0.1.9", "--title", "T")):
        assert _one_error_line(cli(*args, cwd=repo)) == expected
    assert sorted(p.name for p in (repo / REPORTS).iterdir()) == ["report.md"]


def test_known_default_profile_is_accepted(repo: Path, cli: Any) -> None:
    (repo / ".policycheck.yaml").write_text("version: 1\ncase_studies:\n  default_profile: legacy\n", encoding="utf-8")
    write_report(repo, GOOD_REPORT)
    run = cli("check-case-study", f"{REPORTS}/report.md", cwd=repo)
    assert (run.code, run.err) == (0, "")


# --- 5. new case-study titles ---------------------------------------------------------------

@pytest.mark.parametrize("title", ["", "   ", "\t\n"])
def test_blank_title_is_a_usage_error(repo: Path, cli: Any, title: str) -> None:
    run = cli("new", "case-study", "--version", "0.2.5", "--title", title, cwd=repo)
    assert _one_error_line(run) == "policycheck: error: --title must not be empty: say what the case study shows"
    assert list((repo / REPORTS).iterdir()) == []


def test_titles_without_ascii_letters_name_the_file_by_version(repo: Path, cli: Any) -> None:
    run = cli("new", "case-study", "--version", "v0.2.5", "--title", "日本語のタイトル", cwd=repo)
    written = repo / REPORTS / "case-study-v0-2-5.md"
    assert (run.code, run.out.strip()) == (0, str(written)), run.err
    assert written.read_text(encoding="utf-8").startswith("# MassGen v0.2.5: 日本語のタイトル\n")
    other = cli("new", "case-study", "--version", "0.2.6", "--title", "🚀🚀", cwd=repo)
    assert (other.code, other.out.strip()) == (0, str(repo / REPORTS / "case-study-v0-2-6.md"))
    accents = cli("new", "case-study", "--version", "0.2.5", "--title", "Café  Día\n2", cwd=repo)
    assert (accents.code, accents.out.strip()) == (0, str(repo / REPORTS / "cafe-dia-2.md"))
    assert (repo / REPORTS / "cafe-dia-2.md").read_text(encoding="utf-8").startswith("# MassGen v0.2.5: Café Día 2\n")
    before = written.read_text(encoding="utf-8")
    again = cli("new", "case-study", "--version", "0.2.5", "--title", "別のタイトル", cwd=repo)
    assert _one_error_line(again) == (f"policycheck: error: {written} already exists;"
                                      " choose another --title or --output")
    assert written.read_text(encoding="utf-8") == before


# --- 6. config references: ambiguous, outside the repository --------------------------------

def _report_with(repo: Path, body: str) -> str:
    text = "# MassGen v0.1.9: Refs\n\n" + textwrap.dedent(body)
    write_report(repo, text)
    return f"{REPORTS}/report.md"


def test_ambiguous_examples_reference_lists_the_matches(repo: Path, cli: Any) -> None:
    for folder in ("a", "b"):
        path = repo / "massgen" / "configs" / folder / "same.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text((repo / "massgen/configs/basic/two_agents.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    report = _report_with(repo, """\
        ```bash
        massgen --config @examples/same "go"
        ```

        See @examples/a/same too.
        """)
    run = cli("check-case-study", report, "--format", "json", cwd=repo)
    assert run.code == 1 and "Traceback" not in run.err
    assert _findings(run, "case-study-config-missing") == [
        ("case-study-config-missing", 4, 18, "config '@examples/same' is ambiguous: it matches 2 configs"
         " (massgen/configs/a/same.yaml, massgen/configs/b/same.yaml)")]
    assert _findings(run, "case-study-command-config") == []


def test_config_outside_the_repository_is_a_finding_and_never_read(repo: Path, cli: Any, tmp_path_factory: Any) -> None:
    outside = tmp_path_factory.mktemp("outside") / "secret.yaml"
    outside.write_text("agents: [unterminated\n", encoding="utf-8")  # would fail check-config if read
    link = repo / "massgen" / "configs" / "basic" / "escape.yaml"
    link.symlink_to(outside)
    up = os.path.relpath("/etc/passwd", repo)
    report = _report_with(repo, f"""\
        ```bash
        massgen --config /etc/hostname "a"
        massgen --config {up} "b"
        massgen --config massgen/configs/basic/escape.yaml "c"
        ```

        ### Baseline Config

        Also `massgen/configs/../../../../../../../../etc/passwd.yaml`.
        """)
    run = cli("check-case-study", report, "--format", "json", cwd=repo)
    assert run.code == 1 and "Traceback" not in run.err
    assert _findings(run, "case-study-command-config") == [
        ("case-study-command-config", 4, 18, "--config '/etc/hostname' lies outside the repository root (resolves to"
         " /etc/hostname); only configs in the repository count, and nothing outside it is read"),
        ("case-study-command-config", 5, 18, f"--config {up!r} lies outside the repository root (resolves to"
         f" {up}); only configs in the repository count, and nothing outside it is read")]
    assert _findings(run, "case-study-config-missing") == [
        ("case-study-config-missing", 6, 18, "config 'massgen/configs/basic/escape.yaml' lies outside the repository"
         " root (resolves to massgen/configs/basic/escape.yaml); only configs in the repository count,"
         " and nothing outside it is read"),
        ("case-study-config-missing", 11, 7, "config 'massgen/configs/../../../../../../../../etc/passwd.yaml' lies"
         " outside the repository root (resolves to massgen/configs/../../../../../../../../etc/passwd.yaml);"
         " only configs in the repository count, and nothing outside it is read")]
    assert _findings(run, "case-study-config-invalid") == []


def test_model_marks_outside_configs_as_missing(repo: Path) -> None:
    from policycheck.markdown.model import parse_document

    text = "# MassGen v0.1.9: x\n\n```bash\nmassgen --config /etc/hostname \"a\"\nmassgen --config ../x.yaml\n```\n"
    doc = parse_document(text, str(repo / "r.md"), repo)
    assert [(c.config, c.config_resolved, c.config_exists, c.config_line) for c in doc.commands] == [
        ("/etc/hostname", "/etc/hostname", False, 4), ("../x.yaml", "../x.yaml", False, 5)]


def test_a_custom_schema_keeps_the_video_requirement(cli, tmp_path: Path) -> None:
    (tmp_path / "my.json").write_text('{"type": "object"}')
    (tmp_path / ".policycheck.yaml").write_text("case_studies:\n  schema: my.json\n")
    report = tmp_path / "docs" / "source" / "examples" / "case_studies" / "a.md"
    report.parent.mkdir(parents=True)
    report.write_text('# MassGen v0.0.3: x\n\n## Command\n\n```bash\nmassgen --config a.yaml "q"\n```\n\n'
                      "## Demo\n\nnone\n")
    run = cli("check-case-study", "--format", "json", cwd=tmp_path)
    found = [(f["rule"], f["line"], f["column"]) for f in json.loads(run.out)["findings"] if "video" in f["message"]]
    assert run.code == 1 and found == [("case-study-schema", 9, 1)]
