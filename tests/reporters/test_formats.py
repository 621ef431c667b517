"""Every command that reports findings takes `--format github|sarif|markdown` (the installed
script, as a workflow runs it)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from casestudy.support import CONFIG, GOOD_REPORT, REPORTS
from conftest import GitRepo, Run, clean_env, run_policycheck
from rules.support import repository

BROKEN = "agent:\n  backend: {type: openai, model: gpt-4o}\n"  # no id: a config-schema error
ISSUE = "## Prompt\n\nhello\n"


def _check(run: Run, fmt: str, code: int, first: str) -> None:
    """The exit code, nothing on stderr but notes, and output of the format's shape."""
    assert run.code == code, run.err
    assert "Traceback" not in run.err
    if fmt == "sarif":
        log = json.loads(run.out)
        assert log["version"] == "2.1.0" and log["runs"][0]["results"][0]["ruleId"] == first
    elif fmt == "github":
        assert run.out.startswith(("::error ", "::warning ")) and f",title={first}::" in run.out.splitlines()[0]
    else:
        assert run.out.startswith("## ") and f"\n### `{first}` (" in run.out


@pytest.fixture
def files(tmp_path: Path) -> Path:
    root = repository(tmp_path / "repo", {"massgen/configs/a.yaml": BROKEN,
                                          "massgen/configs/basic/two_agents.yaml": CONFIG,
                                          f"{REPORTS}/r.md": GOOD_REPORT.replace("## Results\n", ""),
                                          "issue.md": ISSUE})
    return root


@pytest.mark.parametrize("fmt", ["github", "sarif", "markdown"])
def test_file_commands_take_every_format(files: Path, fmt: str) -> None:
    env = clean_env()
    _check(run_policycheck("check-config", "massgen/configs/a.yaml", "--format", fmt, cwd=files, env=env),
           fmt, 1, "config-schema")
    _check(run_policycheck("check-case-study", f"{REPORTS}/r.md", "--format", fmt, cwd=files, env=env),
           fmt, 1, "case-study-section-missing")
    _check(run_policycheck("check-issue", "--body-file", "issue.md", "--format", fmt, cwd=files, env=env),
           fmt, 1, "issue-section-missing")


@pytest.mark.parametrize("fmt", ["github", "sarif", "markdown"])
def test_branch_commands_take_every_format(git_repo: GitRepo, fmt: str) -> None:
    git_repo.write("README.md", "# x\n")
    git_repo.commit("Initial commit")
    git_repo.git("checkout", "-q", "-b", "someone/issue_12-x")
    git_repo.commit("Work")
    run = run_policycheck("check-branch", "--offline", "--format", fmt, cwd=git_repo.path, env=git_repo.env)
    _check(run, fmt, 0, "branch-issue-unverified")  # a warning
    git_repo.git("checkout", "-q", "-b", "dev/v0.1.8")
    run = run_policycheck("check-release", "--offline", "--format", fmt, cwd=git_repo.path, env=git_repo.env)
    _check(run, fmt, 1, "release-report-missing")
