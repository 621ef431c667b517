"""Bad input never crashes: a finding or one clear error line, never a traceback, and the
checked file is never written. Run through the installed console script."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

REPORTS = "docs/source/examples/case_studies"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / REPORTS).mkdir(parents=True)
    return tmp_path


def check(cli: Any, root: Path, name: str, content: bytes, *extra: str) -> tuple[int, list[tuple[str, int, int]], str]:
    path = root / REPORTS / name
    path.write_bytes(content)
    before = path.stat().st_mtime_ns
    run = cli("check-case-study", f"{REPORTS}/{name}", "--format", "json", *extra, cwd=root)
    assert "Traceback" not in run.err and "internal error" not in run.err, run.err
    assert path.read_bytes() == content and path.stat().st_mtime_ns == before
    findings = [(f["rule"], f["line"], f["column"]) for f in json.loads(run.out)["findings"]] if run.out else []
    return run.code, findings, run.err


def test_binary_file(cli: Any, root: Path) -> None:
    assert check(cli, root, "bin.md", b"# T\x00\x01\x02")[:2] == (1, [("file-encoding", 1, 1)])


def test_non_utf8_file(cli: Any, root: Path) -> None:
    assert check(cli, root, "latin1.md", "# MassGen v0.1.0: T\n\ncaf\xe9\n".encode("latin-1"))[:2] == (
        1, [("file-encoding", 3, 4)])


def test_huge_file_over_the_policy_limit(cli: Any, root: Path) -> None:
    (root / ".policycheck.yaml").write_text("version: 1\nlimits:\n  max_file_bytes: 2048\n", encoding="utf-8")
    assert check(cli, root, "huge.md", b"# MassGen v0.1.0: T\n" + b"x" * 4096)[:2] == (1, [("file-too-large", 1, 1)])


def test_empty_file(cli: Any, root: Path) -> None:
    code, findings, _ = check(cli, root, "empty.md", b"")
    # no title and no video; with no version it is held to the legacy profile (a command):
    # findings, not a crash
    assert (code, findings) == (1, [("case-study-command-missing", 1, 1)] + [("case-study-schema", 1, 1)] * 2)


def test_unbalanced_fence_swallows_the_rest_as_code(cli: Any, root: Path) -> None:
    text = (b"# MassGen v0.0.3: T\n\n[![d](https://img.youtube.com/vi/x/0.jpg)](https://youtu.be/abcdefghijk)\n\n"
            b"```bash\nmassgen --config @examples/basic/missing \"go\"\n# Heading-looking comment\n")
    assert check(cli, root, "fence.md", text)[:2] == (1, [("case-study-config-missing", 6, 18)])
    inspect = cli("inspect", f"{REPORTS}/fence.md", cwd=root)
    model = json.loads(inspect.out)
    assert [s["text"] for s in model["sections"]] == ["MassGen v0.0.3: T"]
    assert [(c["line"], c["end_line"]) for c in model["code_blocks"]] == [(5, 7)]


def test_deeply_nested_lists_and_quotes(cli: Any, root: Path) -> None:
    lines = ["# MassGen v0.0.3: T", "", "[v](https://youtu.be/abcdefghijk)", "",
             "```bash", 'massgen "go"', "```", ""]
    lines += ["  " * depth + "- level" for depth in range(800)]
    lines += [""] + [">" * depth + " quote" for depth in range(1, 600)]
    lines += ["", "[" * 5000 + "]" * 5000, "*" * 20000, "![" * 3000 + "](x)" * 3000]
    code, findings, _ = check(cli, root, "deep.md", "\n".join(lines).encode(), "--policy", str(root / "big.yaml"))
    assert code == 1
    assert set(r for r, _, _ in findings) == {"case-study-broken-link"}  # the `x` images, nothing else


def test_html_soup_and_unterminated_comments(cli: Any, root: Path) -> None:
    parts = ["<div>", "</h3>", "<h1>", "<!--", "<a href='gone.md'>", "<img src=\"p.png\">", "<video src=\"v.mp4\">",
             "<script>", "&amp;", "<h2 id=x>half</h1>", "<![CDATA[", "massgen/configs/", "a/b/"]
    body = "\n".join("".join(parts[(i * 7 + j) % len(parts)] for j in range(12)) for i in range(3000))
    text = ("# MassGen v0.0.3: T\n\n[v](https://youtu.be/abcdefghijk)\n\n```bash\nmassgen \"go\"\n```\n\n"
            + body).encode()
    code, findings, _ = check(cli, root, "soup.md", text, "--policy", str(root / "big.yaml"))
    # the first row opens a comment no row closes: everything after it is commented out
    assert (code, findings) == (0, [])
    model = json.loads(cli("inspect", f"{REPORTS}/soup.md", cwd=root).out)
    assert [(c["line"], c["end_line"]) for c in model["comments"]] == [(9, 3008)]


def test_html_soup_with_closed_comments_reports_each_tag_at_its_column(cli: Any, root: Path) -> None:
    parts = ["<div>", "</h3>", "<h1>", "<!--", "<a href='gone.md'>", "-->", "<img src=\"p.png\">",
             "<video src=\"v.mp4\">", "<script>", "&amp;", "<h2 id=x>half</h1>", "<![CDATA[", "massgen/configs/",
             "a/b/"]
    body = "\n".join("".join(parts[(i * 5 + j) % len(parts)] for j in range(8)) for i in range(4))
    text = "# MassGen v0.0.3: T\n\n[v](https://youtu.be/abcdefghijk)\n\n```bash\nmassgen \"go\"\n```\n\n" + body + "\n"
    code, findings, _ = check(cli, root, "soup2.md", text.encode())
    # `gone.md` sits inside a comment on lines 9 and 12; line 11 opens one closed on line 12
    assert (code, findings) == (1, [("case-study-broken-link", 9, 40), ("case-study-broken-link", 9, 57),
                                    ("case-study-broken-link", 10, 4), ("case-study-broken-link", 10, 21),
                                    ("case-study-broken-link", 12, 35), ("case-study-broken-link", 12, 52)])
    lines = text.splitlines()
    assert lines[8][39:44] == lines[9][3:8] == lines[11][34:39] == "<img "
    assert lines[8][56:62] == lines[9][20:26] == lines[11][51:57] == "<video"


def test_hostile_paths_stay_fast(cli: Any, root: Path) -> None:
    """Repetitions that make naive regular expressions quadratic (`a/a/a/...`, many openers)."""
    text = "# MassGen v0.0.3: T\n\n" + "a/" * 200_000 + "\n\n" + "massgen/configs/" * 20_000 + "\n\n" + "<h1>" * 20_000
    code, findings, _ = check(cli, root, "paths.md", text.encode(), "--policy", str(root / "big.yaml"))
    assert (code, findings) == (1, [("case-study-command-missing", 1, 1), ("case-study-schema", 1, 1)])  # no video


@pytest.fixture(autouse=True)
def _big_limit(root: Path) -> None:
    # these documents hold more Markdown marks than the default limit: parsed, they must stay right
    (root / "big.yaml").write_text("version: 1\nlimits:\n  max_file_bytes: 4000000\n  max_markdown_marks: 2000000\n",
                                   encoding="utf-8")


def test_inspect_bad_input_is_one_clear_line(cli: Any, root: Path) -> None:
    (root / "bin.md").write_bytes(b"\x00\x01")
    run = cli("inspect", "bin.md", cwd=root)
    assert (run.code, run.out) == (2, "")
    assert run.err.strip() == "policycheck: error: bin.md: binary file (contains NUL bytes); expected UTF-8 text"
    run = cli("inspect", "missing.md", cwd=root)
    assert (run.code, run.err.strip()) == (2, "policycheck: error: missing.md: no such file")


def test_bom_is_a_warning_and_lines_stay_right(cli: Any, root: Path) -> None:
    text = ("\ufeff# MassGen v0.0.3: T\n\n[v](https://youtu.be/abcdefghijk)\n\n```bash\nmassgen \"go\"\n```\n\n"
            "[x](gone.md)\n")
    assert check(cli, root, "bom.md", text.encode())[:2] == (1, [("file-encoding", 1, 1), ("case-study-broken-link", 9,
                                                                                           1)])
