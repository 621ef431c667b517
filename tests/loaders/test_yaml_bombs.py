"""YAML that explodes or crashes a naive loader: merge-key alias bombs and tags ruamel cannot
construct, through every place YAML is read (configs, front matter, issue bodies, the policy)."""
from __future__ import annotations

import json
import signal
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import clean_env, policycheck_script

from policycheck.loaders import LoadFailure
from policycheck.loaders.yaml import MAX_ALIAS_NODES, Pos, parse_yaml

BUDGET = f"aliases expand to more than {MAX_ALIAS_NODES} copied values (a \"billion laughs\" document)"


def doubling(levels: int) -> str:
    """Two anchors per level, each merging both of the level below: 2**levels copies."""
    lines = ["x0: &x0 {k0: 1}", "y0: &y0 {j0: 1}"]
    for i in range(1, levels):
        lines.append(f"x{i}: &x{i} {{<<: [*x{i - 1}, *y{i - 1}], a{i}: 1}}")
        lines.append(f"y{i}: &y{i} {{<<: [*y{i - 1}, *x{i - 1}], b{i}: 1}}")
    return "\n".join(lines) + "\n"


def repeated(levels: int, width: int = 10) -> str:
    """`<<: [*a, *a, ...]`: the same mapping merged `width` times per level (the 422-byte bomb)."""
    lines = ["a0: &a0 {x: 1}"]
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} {{<<: [{', '.join([f'*a{i - 1}'] * width)}], k{i}: 1}}")
    return "\n".join(lines) + "\n"


def chain(size: int) -> str:
    """Each mapping merges the one before: a copy of every earlier key per line."""
    lines, i, total = ["a0: &a0 {k0: 1}"], 1, 0
    while total < size:
        lines.append(f"a{i}: &a{i} {{<<: *a{i - 1}, k{i}: 1}}")
        total, i = total + len(lines[-1]) + 1, i + 1
    return "\n".join(lines) + "\n"


@contextmanager
def hang_guard(seconds: int = 60) -> Iterator[None]:
    """Fail the test, rather than hang the suite, if the parse runs past `seconds` (a guard
    against the old minutes-long parses, not a timing)."""
    def expire(signum: int, frame: object) -> None:
        raise AssertionError(f"still parsing after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def guarded_failure(text: str) -> LoadFailure:
    with hang_guard(), pytest.raises(LoadFailure) as info:
        parse_yaml(text)
    return info.value


def test_merge_keys_spend_the_alias_budget() -> None:
    text = doubling(40)
    assert len(text) < 3000
    failure = guarded_failure(text)
    assert (failure.rule, failure.fact.message) == ("yaml-syntax", BUDGET)
    assert (failure.fact.line, failure.fact.column) == (6, 5)  # where the budget ran out


def test_a_mapping_merged_many_times_is_merged_once() -> None:
    text = repeated(12)
    with hang_guard():
        doc = parse_yaml(text)
    assert doc.data["a11"] == {"x": 1, **{f"k{i}": 1 for i in range(1, 12)}}
    assert doc.keys[("a11", "x")] == Pos(1, 10)  # a merged key is reported where the anchor wrote it


def test_a_long_merge_chain_is_stopped() -> None:
    failure = guarded_failure(chain(1 << 20))
    # a megabyte of chain is now refused before composing, by the budget of values (MAX_ITEMS)
    assert (failure.fact.message == BUDGET or failure.fact.message.startswith("too large to check"))


def test_merge_semantics_are_kept() -> None:
    doc = parse_yaml("b: &b {x: 1, y: {z: 2}}\nc: &c {w: 3}\nchild:\n  <<: [*b, *c, *b]\n  x: 5\n")
    assert doc.data["child"] == {"x": 5, "y": {"z": 2}, "w": 3}
    assert doc.keys[("child", "x")] == Pos(5, 3)  # the explicit key wins, where it is written
    assert doc.keys[("child", "y", "z")] == Pos(1, 18) and doc.keys[("child", "w")] == Pos(2, 8)


@pytest.mark.parametrize(("text", "message", "column"), [
    ("a: !!int\n", "!!int cannot hold the value ''", 4),
    ("a: !!bool maybe\n", "!!bool cannot hold the value 'maybe'", 4),
    ("a: [1, !!int ]\n", "!!int cannot hold the value ''", 8),
])
def test_tags_ruamel_cannot_construct_are_findings(text: str, message: str, column: int) -> None:
    with pytest.raises(LoadFailure) as info:  # IndexError and KeyError before
        parse_yaml(text)
    assert (info.value.rule, info.value.fact.message, info.value.fact.line, info.value.fact.column) == (
        "yaml-syntax", message, 1, column)


def run(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([policycheck_script(), *args], cwd=cwd, env=clean_env(), capture_output=True,
                          text=True, timeout=30, input=stdin)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    return tmp_path


def test_a_bomb_in_a_config_is_a_finding(repo: Path) -> None:
    (repo / "bomb.yaml").write_text(doubling(40))
    result = run("check-config", "--format", "json", "bomb.yaml", cwd=repo)
    [finding] = json.loads(result.stdout)["findings"]
    assert (result.returncode, finding["rule"], finding["message"]) == (1, "yaml-syntax", BUDGET)
    assert (finding["line"], finding["column"]) == (6, 5)


def test_a_bomb_in_the_policy_is_one_error_line(repo: Path) -> None:
    (repo / ".policycheck.yaml").write_text(doubling(40))
    result = run("check-config", cwd=repo)
    assert (result.returncode, result.stderr) == (
        2, f"policycheck: error: {repo}/.policycheck.yaml:6:5: invalid policy: {BUDGET}\n")


@pytest.mark.parametrize("text", ["version: 1\nlimits: {max_file_bytes: !!int }\n", "version: !!bool maybe\n"])
def test_bad_tags_in_the_policy_are_one_error_line(repo: Path, text: str) -> None:
    (repo / ".policycheck.yaml").write_text(text)
    result = run("check-config", cwd=repo)
    assert result.returncode == 2 and "cannot hold the value" in result.stderr
    assert result.stderr.count("\n") == 1 and "internal error" not in result.stderr


def test_a_bomb_in_front_matter_is_an_error_of_the_model(repo: Path) -> None:
    (repo / "r.md").write_text("---\n" + doubling(40) + "---\n# Case study v0.1.0\n")
    result = run("inspect", "r.md", cwd=repo)
    assert result.returncode == 0
    assert json.loads(result.stdout)["front_matter"] == {"line": 1, "data": None, "error": BUDGET}
    checked = run("check-case-study", "r.md", cwd=repo)
    assert checked.returncode == 1 and "internal error" not in checked.stderr


def test_a_bomb_or_bad_tag_in_an_issue_body_does_not_crash(repo: Path) -> None:
    for front in (doubling(40), "a: !!int\n", "a: !!bool maybe\n"):
        result = run("check-issue", "--body-file", "-", cwd=repo, stdin=f"---\n{front}---\n## Prompt\nx\n")
        assert result.returncode == 1 and result.stderr == ""
