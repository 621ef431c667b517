"""`policycheck check-issue --number N`: the issue body fetched from GitHub (the stand-in),
then the same planning-phase check as `--body-file`."""
from __future__ import annotations

from pathlib import Path

from branches.scenario import FILLED_ISSUE, REPO, UNFILLED_ISSUE, run_online
from conftest import GitRepo, run_policycheck
from github_server import FakeGitHub


def test_filled_issue_passes(repo: GitRepo, github_server: FakeGitHub, tmp_path: Path) -> None:
    github_server.add_issue(REPO, 15, body=FILLED_ISSUE)
    run = run_online(repo, github_server, tmp_path, "check-issue", "--number", "15", "--repo", REPO)
    assert run.code == 0, run.out + run.err
    assert [e.path for e in github_server.log] == [f"/repos/{REPO}/issues/15"]


def test_unfilled_issue_fails_naming_the_issue(repo: GitRepo, github_server: FakeGitHub, tmp_path: Path) -> None:
    github_server.add_issue(REPO, 16, body=UNFILLED_ISSUE)
    run = run_online(repo, github_server, tmp_path, "check-issue", "--number", "16", "--repo", REPO)
    assert run.code == 1
    assert run.out.startswith(f"{REPO}#16:")


def test_missing_issue_is_exit_3_naming_repository_and_issue(repo: GitRepo, github_server: FakeGitHub,
                                                              tmp_path: Path) -> None:
    run = run_online(repo, github_server, tmp_path, "check-issue", "--number", "17", "--repo", REPO)
    assert run.code == 3
    assert run.err.strip() == (f"policycheck: error: issue #17 in {REPO} not found at {github_server.url}"
                               " (it does not exist, or the token cannot see it)")


def test_pull_request_number_and_missing_token_are_usage_errors(repo: GitRepo, github_server: FakeGitHub,
                                                                tmp_path: Path) -> None:
    github_server.add_issue(REPO, 18, pull_request=True)
    run = run_online(repo, github_server, tmp_path, "check-issue", "--number", "18", "--repo", REPO)
    assert run.code == 2 and f"#18 in {REPO} is a pull request" in run.err
    offline = run_policycheck("check-issue", "--number", "18", "--repo", REPO, cwd=repo.path, env=repo.env)
    assert offline.code == 2 and "set GITHUB_TOKEN or GH_TOKEN" in offline.err
