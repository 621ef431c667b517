"""Inputs of up to 1 MiB built to be slow (bench/adversarial.py) stay cheap for a structural
reason, asserted here without timing: the work is bounded before it starts (a budget of
YAML values, of Markdown marks, of schema errors) or done once (line offsets)."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import clean_env, policycheck_script

from policycheck.configs import schema_check
from policycheck.configs.document import ConfigDocument
from policycheck.loaders import LoadFailure
from policycheck.loaders.yaml import MAX_ITEMS, parse_yaml
from policycheck.markdown.target import markdown_marks
from policycheck.policy import default_settings
from policycheck.regexes import catastrophic

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
import adversarial

MIB = 1 << 20
MAX_MARKS = default_settings().max_markdown_marks  # the default policy's limits.max_markdown_marks


@pytest.mark.parametrize("name", ["deep_flow", "long_flow_list", "long_list", "many_bad_agents"])
def test_a_mebibyte_of_yaml_values_is_refused_before_composing(name: str) -> None:
    text = getattr(adversarial, name)()
    assert len(text.encode()) <= MIB
    with pytest.raises(LoadFailure) as caught:
        parse_yaml(text)
    assert caught.value.rule == "file-too-large"
    assert re.fullmatch(rf"too large to check: about \d+ YAML values .*more than the {MAX_ITEMS} .*",
                        caught.value.fact.message)
    assert (caught.value.fact.line, caught.value.fact.column) == (1, 1)


def test_the_yaml_budget_leaves_a_mebibyte_of_unknown_keys_parsed() -> None:
    doc = parse_yaml(adversarial.unknown_keys())
    assert len(doc.data) > 45_000 and doc.keys[("unknown_key_0000000",)].line == 4
    assert doc.data["unknown_key_0000001"] == 1  # plain integers still read as integers


def test_plain_integers_keep_their_yaml_1_1_meaning() -> None:
    data = parse_yaml("a: 1\nb: 0\nc: -5\nd: 010\ne: 0x1f\nf: 1_000\ng: '8'\nh: 1:30\n").data
    assert data == {"a": 1, "b": 0, "c": -5, "d": 8, "e": 31, "f": 1000, "g": "8", "h": 90}


def test_line_offsets_are_found_once() -> None:
    text = "a: 1\nbb: 2\n\nccc: 3\n"
    target = ConfigDocument("x.yaml", parse_yaml(text), text=text)
    assert [target.offset(target.key_pos((key,))) for key in ("a", "bb", "ccc")] == [0, 5, 12]
    assert target.cache["line starts"] == [0, 5, 11, 12, 19]


def test_schema_errors_stop_at_the_cap_and_say_where() -> None:
    text = adversarial.budget_bad_agents()
    target = ConfigDocument("x.yaml", parse_yaml(text), text=text)
    problems = schema_check.schema_problems(target)
    first = problems[0]
    assert first.rule == "config-schema" and first.order == -1
    assert first.fact.message.startswith(f"the schema check stopped after {schema_check.MAX_ERRORS} errors, here")
    assert (first.fact.line, first.fact.column) == (schema_check.MAX_ERRORS // 2 + 2, 29)
    assert len(problems) <= schema_check.MAX_ERRORS + 1


@pytest.mark.parametrize("name", ["unclosed_brackets", "reference_uses", "checkboxes", "huge_table"])
def test_a_mebibyte_of_markdown_marks_is_one_finding(tmp_path: Path, name: str) -> None:
    case = f"report: {name}"
    adversarial.write_case(case, tmp_path)
    run = _run(adversarial.command(case, policycheck_script()), tmp_path)
    assert run.returncode == 1, run.stderr
    lines = run.stdout.strip().splitlines()
    assert lines[-1] == "1 file checked: 1 error, 0 warnings"
    assert lines[0].startswith(f"{adversarial.CASES[case].file}:1:1: error file-too-large too large to check")
    assert f"more than the {MAX_MARKS} policycheck parses" in lines[0]


def test_the_policy_raises_the_budgets(tmp_path: Path) -> None:
    """Both parse budgets are the policy's: a team that needs larger files says so."""
    (tmp_path / ".git").mkdir()
    (tmp_path / ".policycheck.yaml").write_text("version: 1\nlimits: {max_yaml_values: 10, max_markdown_marks: 5}\n")
    (tmp_path / "a.yaml").write_text("agents:\n  - id: a\n    backend: {type: openai, model: gpt-4o}\n" + "x: 1\n" * 8)
    run = _run([policycheck_script(), "check-config", "a.yaml"], tmp_path)
    assert run.stdout.startswith("a.yaml:1:1: error file-too-large too large to check: about 16 YAML values"), run
    assert "more than the 10 policycheck parses in one file (limits.max_yaml_values)" in run.stdout
    (tmp_path / ".policycheck.yaml").write_text("version: 1\nlimits: {max_yaml_values: 16}\n")
    assert "file-too-large" not in _run([policycheck_script(), "check-config", "a.yaml"], tmp_path).stdout


def test_an_issue_body_of_markdown_marks_is_one_finding(tmp_path: Path) -> None:
    adversarial.write_case("issue: issue_body", tmp_path)
    run = _run(adversarial.command("issue: issue_body", policycheck_script()), tmp_path)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert run.stdout.startswith("issue_body.md:1:1: error file-too-large too large to check:")


def test_the_marks_budget_is_far_above_every_corpus_report(corpus: Path) -> None:
    reports = sorted((corpus / "docs" / "source" / "examples" / "case_studies").glob("*.md"))
    assert reports
    assert max(markdown_marks(p.read_text(encoding="utf-8")) for p in reports) * 5 < MAX_MARKS


@pytest.mark.parametrize("pattern", ["(a+)+$", "(a|aa)+$", "(.*a){20}", "(a|ab)*c", r"(\w+)\1$", r"(a)?(?(1)b|c)"])
def test_catastrophic_policy_patterns_are_refused(pattern: str) -> None:
    assert catastrophic(pattern)


def _run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """A hang guard only (60 s), not a timing: the outcome is what is asserted."""
    return subprocess.run(command, cwd=cwd, env=clean_env(), capture_output=True, text=True, timeout=60)
