"""Hostile text stays linear: a megabyte of adversarial PR body, commit message, branch name
or Markdown is checked (each run under a 60 s hang guard: before the fixes these took from
21 s to hours; `bench/adversarial.py` measures them), and policy patterns that could take
exponential time are refused at load."""
from __future__ import annotations

from pathlib import Path

import pytest
from branches.scenario import REPO, branch_off
from conftest import GitRepo, run_policycheck

from policycheck.errors import PolicyError
from policycheck.policy import load_policy
from policycheck.regexes import catastrophic
from policycheck.sources.github import scrub

MIB = (1 << 20) - 64  # just under limits.max_file_bytes: read whole
HANG_GUARD = 60.0  # seconds: a run past this fails the test (it measures nothing)
CODE = {"massgen/tool.py": "print(1)\n"}  # a feature branch: it changes code, not only docs


def _guarded_branch_check(repo: GitRepo, *args: str) -> tuple[int, str, str]:
    run = run_policycheck("check-branch", "--offline", "--repo", REPO, *args, cwd=repo.path, env=repo.env,
                          timeout=HANG_GUARD)
    return run.code, run.out, run.err


@pytest.mark.parametrize("body", [
    "closes" + " " * MIB,  # 21 s for 128,000 spaces before
    "Fixes:" + "\t" * MIB + "x",
    "#" + "1" * MIB,  # an "issue number" of a million digits: int() refused it (an internal error)
    "a" * MIB,  # `[\w./%-]+\.md\b` backtracked over the whole run from every start
])
def test_a_hostile_pr_body_is_linear(repo: GitRepo, tmp_path: Path, body: str) -> None:
    branch_off(repo, "feature/video-tool", files=CODE)
    (tmp_path / "body.md").write_text(body)
    code, out, err = _guarded_branch_check(repo, "--body-file", str(tmp_path / "body.md"))
    assert code == 1 and "Traceback" not in err, err
    assert "branch-issue-reference" in out  # no reference found: the hostile text is none


def test_a_bounded_closing_keyword_still_counts(repo: GitRepo, tmp_path: Path) -> None:
    branch_off(repo, "feature/video-tool", files=CODE)
    (tmp_path / "body.md").write_text("Closes:  #12\n" + " " * MIB)
    code, out, err = _guarded_branch_check(repo, "--body-file", str(tmp_path / "body.md"))
    assert code == 0 and "references issue #12" in out and "branch-issue-reference" not in out, out + err


@pytest.mark.parametrize("message", ["closes" + " " * MIB, "Title (#1)" + " " * MIB, "#" + "9" * 5000])
def test_a_hostile_commit_message_is_linear(repo: GitRepo, tmp_path: Path, message: str) -> None:
    branch_off(repo, "feature/video-tool", files=CODE)
    (tmp_path / "message.txt").write_text(message)  # too long for a command line
    repo.git("commit", "-q", "--allow-empty", "-F", str(tmp_path / "message.txt"))
    code, out, err = _guarded_branch_check(repo)
    assert code == 1 and "Traceback" not in err and "branch-issue-reference" in out, out + err


def test_a_huge_number_in_a_branch_name_is_no_reference(repo: GitRepo) -> None:
    branch_off(repo, "feature/" + "1" * 200 + "-x", files=CODE)
    code, out, err = _guarded_branch_check(repo)
    assert code == 1 and "Traceback" not in err and "branch-issue-reference" in out, out + err


@pytest.mark.parametrize("pattern, reason", [
    ("(a+)+$", "a repetition inside a repetition"),
    ("^(\\w+\\s?)*$", "a repetition inside a repetition"),
    ("(a|a)*", "alternatives that can match the same text"),
    ("(?:a?)+", "a repetition inside a repetition"),
])
def test_a_catastrophic_exempt_pattern_is_refused_at_load(tmp_path: Path, pattern: str, reason: str) -> None:
    (tmp_path / ".policycheck.yaml").write_text(f"version: 1\nbranches:\n  exempt:\n    - '^main$'\n    - '{pattern}'\n")
    with pytest.raises(PolicyError) as caught:
        load_policy(cwd=tmp_path)
    assert (caught.value.line, caught.value.column) == (5, 7)
    assert reason in str(caught.value) and "exponential time" in str(caught.value)


@pytest.mark.parametrize("pattern", [
    "(?:^|/)v\\d+\\.\\d+\\.\\d+(?:-?(?:post|hotfix|patch)\\d*|-\\d+)(?![\\w.])", "(?:-[a-z0-9]+)*$", "^dev/.*$",
    "(?:[a-z]|-)+"])
def test_safe_patterns_pass(pattern: str) -> None:
    assert catastrophic(pattern) is None


@pytest.mark.parametrize("key, value", [("timeout", ".inf"), ("backoff", ".inf"), ("connect_timeout", ".nan"),
                                        ("max_rate_limit_wait", ".nan"), ("deadline", ".nan")])
def test_infinite_github_seconds_are_policy_errors(tmp_path: Path, key: str, value: str) -> None:
    (tmp_path / ".policycheck.yaml").write_text(f"version: 1\ngithub:\n  {key}: {value}\n")
    with pytest.raises(PolicyError) as caught:
        load_policy(cwd=tmp_path)
    assert (caught.value.line, caught.value.column) == (3, len(key) + 5)
    assert f"github.{key}" in str(caught.value)


def test_scrub_replaces_the_whole_token_only() -> None:
    assert scrub("abc in abcdef, abc.", "abc") == "*** in abcdef, ***."
    assert scrub("token ghp_x1 and ghp_x12", "ghp_x1") == "token *** and ghp_x12"
    assert scrub("nothing", None) == "nothing"


def test_a_long_title_against_a_polynomial_release_pattern(repo: GitRepo, tmp_path: Path) -> None:
    """`.*.*x`, which the load check lets through, is cubic when searched: 2,000 characters take
    seconds, the 100,000 given here (an argument cannot pass 128 KiB) days. Bounded to
    MAX_SUBJECT characters it finishes (60 s hang guard)."""
    repo.write(".policycheck.yaml", "version: 1\nbranches:\n  release:\n    title: '.*.*x(?P<version>\\d+)'\n")
    repo.commit("a policy")
    branch_off(repo, "feature/video-tool", files={"massgen/tool.py": "print(1)\n"})
    code, out, err = _guarded_branch_check(repo, "--title", "feat:" + "a" * 100_000)
    assert code == 1 and "Traceback" not in err, err
    assert "branch-issue-reference" in out  # classed as a feature: the title is no release's
