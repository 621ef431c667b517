"""GitHub unreachable or refusing: one line on stderr, exit 3, the token never shown; and
the retries that turn a flaky GitHub into a pass."""
from __future__ import annotations

import datetime
import socket
from pathlib import Path

from branches.scenario import FILLED_ISSUE, ISSUE_BEFORE, REPO, branch_off, run_online
from conftest import GitRepo
from github_server import FakeGitHub

ISSUE_PATH = f"/repos/{REPO}/issues/12"


def _setup(repo: GitRepo, server: FakeGitHub) -> None:
    server.add_issue(REPO, 12, body=FILLED_ISSUE, created_at=ISSUE_BEFORE)
    branch_off(repo, "feature/12-video-tool")


def _one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # closed again when the block ends: nothing listens


def test_server_down_is_exit_3(repo: GitRepo, github_server: FakeGitHub, tmp_path: Path) -> None:
    _setup(repo, github_server)
    url = f"http://127.0.0.1:{_closed_port()}"
    run = run_online(repo, github_server, tmp_path, "check-branch", "--repo", REPO, url=url)
    assert run.code == 3 and run.out == ""
    assert _one_line(run.err) == (f"policycheck: error: cannot reach GitHub at {url} while reading issue #12 in {REPO}:"
                                  " connection refused")


def test_500s_then_success_passes(repo: GitRepo, github_server: FakeGitHub, tmp_path: Path) -> None:
    _setup(repo, github_server)
    github_server.fail(502, times=2, message="Bad Gateway")
    run = run_online(repo, github_server, tmp_path, "check-branch", "--repo", REPO)
    assert run.code == 0, run.out + run.err
    assert [e.status for e in github_server.log] == [502, 502, 200]


def test_500s_beyond_the_retries_is_exit_3(repo: GitRepo, github_server: FakeGitHub, tmp_path: Path) -> None:
    _setup(repo, github_server)
    github_server.fail(500, times=10)
    run = run_online(repo, github_server, tmp_path, "check-branch", "--repo", REPO)
    assert run.code == 3
    assert _one_line(run.err) == (f"policycheck: error: GitHub at {github_server.url} answered 500 for issue #12 in"
                                  f" {REPO} after 3 retries")
    assert len(github_server.log) == 4  # the request and three retries: bounded


def test_bad_token_is_exit_3_and_never_printed(repo: GitRepo, github_server: FakeGitHub, tmp_path: Path) -> None:
    _setup(repo, github_server)
    wrong = "ghp_wrong_token_which_must_stay_secret_42"
    run = run_online(repo, github_server, tmp_path, "check-branch", "--repo", REPO, token=wrong)
    assert run.code == 3
    assert _one_line(run.err).startswith(f"policycheck: error: GitHub at {github_server.url} rejected the token (401")
    assert len(github_server.log) == 1  # a 401 is not retried
    flag = run_online(repo, github_server, tmp_path, "check-branch", "--repo", REPO, "--token", wrong)
    assert flag.code == 3 and wrong not in flag.err  # --token wins over GITHUB_TOKEN


def test_rate_limited_says_when_it_resets(repo: GitRepo, github_server: FakeGitHub, tmp_path: Path) -> None:
    _setup(repo, github_server)
    reset = github_server.rate_limit()
    run = run_online(repo, github_server, tmp_path, "check-branch", "--repo", REPO)
    assert run.code == 3
    when = datetime.datetime.fromtimestamp(reset, datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S")
    line = _one_line(run.err)
    assert line.startswith(f"policycheck: error: GitHub API rate limit exceeded at {github_server.url} while reading"
                           f" issue #12 in {REPO}; it resets at {when} UTC (in about ")
    assert len(github_server.log) == 1  # no waiting an hour for the reset


def test_secondary_rate_limit_is_retried(repo: GitRepo, github_server: FakeGitHub, tmp_path: Path) -> None:
    _setup(repo, github_server)
    github_server.secondary_rate_limit(times=1)
    run = run_online(repo, github_server, tmp_path, "check-branch", "--repo", REPO)
    assert run.code == 0, run.err
    assert [e.status for e in github_server.log] == [403, 200]


def test_missing_repository_is_a_finding_naming_it(repo: GitRepo, github_server: FakeGitHub, tmp_path: Path) -> None:
    branch_off(repo, "feature/12-video-tool")
    run = run_online(repo, github_server, tmp_path, "check-branch", "--repo", "massgen/NoSuchRepo")
    assert run.code == 1
    assert "issue #12 (referenced in the branch) was not found in massgen/NoSuchRepo" in run.out


def test_hanging_github_times_out(repo: GitRepo, github_server: FakeGitHub, tmp_path: Path) -> None:
    repo.write(".policycheck.yaml", "version: 1\ngithub:\n  timeout: 1\n  retries: 0\n")
    repo.commit("Policy", date="2025-03-01T11:00:00+00:00")
    _setup(repo, github_server)
    github_server.stall(3)
    run = run_online(repo, github_server, tmp_path, "check-branch", "--repo", REPO)
    assert run.code == 3
    assert _one_line(run.err) == (f"policycheck: error: GitHub at {github_server.url} did not answer within 1 s"
                                  f" while reading issue #12 in {REPO}")


def test_malformed_issue_answer_is_exit_3_not_a_crash(repo: GitRepo, github_server: FakeGitHub,
                                                      tmp_path: Path) -> None:
    _setup(repo, github_server)
    github_server.issues[(REPO, 12)]["labels"] = [{"id": 1}]  # a label without its name
    run = run_online(repo, github_server, tmp_path, "check-branch", "--repo", REPO)
    assert run.code == 3 and run.out == ""
    assert _one_line(run.err) == f"policycheck: error: GitHub's answer for issue #12 in {REPO} is malformed: label 1 has no name"
    github_server.issues[(REPO, 12)]["labels"] = [{"name": "case-study"}]
    github_server.issues[(REPO, 12)]["created_at"] = "2025-13-45T00:00:00Z"
    again = run_online(repo, github_server, tmp_path, "check-branch", "--repo", REPO)
    assert again.code == 3
    assert _one_line(again.err) == (f"policycheck: error: GitHub's answer for issue #12 in {REPO} is malformed:"
                                    " created_at '2025-13-45T00:00:00Z' is not an ISO 8601 date")
