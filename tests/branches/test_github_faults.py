"""A misbehaving GitHub (trickled, endless, rate limiting, not JSON, redirecting, echoing the
token) against the installed script: each ends within github.deadline and a small margin,
with exit 3, one line naming the cause, and the token in no output, log or cache file."""
from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from branches.scenario import FILLED_ISSUE, ISSUE_BEFORE, REPO, branch_off, run_online
from conftest import GitRepo, Run
from github_server import FakeGitHub

DEADLINE = 3  # seconds: github.deadline in these tests' policy
MARGIN = 3.0  # seconds past it that a run may take (start-up, git, a loaded CI machine)


def _setup(repo: GitRepo, server: FakeGitHub, deadline: float = DEADLINE) -> None:
    server.add_issue(REPO, 12, body=FILLED_ISSUE, created_at=ISSUE_BEFORE)
    repo.write(".policycheck.yaml", f"version: 1\ngithub:\n  deadline: {deadline}\n")
    repo.commit("policy with a short GitHub deadline")
    branch_off(repo, "feature/12-video-tool")


def _run(repo: GitRepo, server: FakeGitHub, tmp_path: Path) -> tuple[Run, float]:
    start = time.monotonic()
    run = run_online(repo, server, tmp_path, "check-branch", "--repo", REPO)
    elapsed = time.monotonic() - start
    cache = tmp_path / "cache"
    for file in cache.rglob("*") if cache.exists() else ():
        if file.is_file():
            assert server.token not in file.read_text(encoding="utf-8", errors="replace"), file
    return run, elapsed


def _error(run: Run) -> str:
    lines = run.err.strip().splitlines()
    assert run.code == 3 and len(lines) == 1 and "Traceback" not in run.err, run.err
    return lines[0]


def _prefix(server: FakeGitHub) -> str:
    return f"policycheck: error: GitHub at {server.url}"


def test_a_trickled_answer_stops_at_the_deadline(repo: GitRepo, github_server: FakeGitHub, tmp_path: Path) -> None:
    _setup(repo, github_server)
    github_server.trickle(0.05)  # ~300 bytes: 15 s, each byte well within the read timeout
    run, elapsed = _run(repo, github_server, tmp_path)
    assert _error(run) == (f"{_prefix(github_server)} did not finish reading issue #12 in {REPO} in time:"
                           f" GitHub's answers took longer than github.deadline ({DEADLINE} s)")
    assert DEADLINE - 0.5 < elapsed < DEADLINE + MARGIN


def test_an_endless_chunked_body_stops_at_the_size_cap(repo: GitRepo, github_server: FakeGitHub,
                                                       tmp_path: Path) -> None:
    _setup(repo, github_server, deadline=30)
    github_server.endless()
    run, elapsed = _run(repo, github_server, tmp_path)
    assert _error(run) == (f"{_prefix(github_server)} gave an unusable answer for issue #12 in {REPO}:"
                           " the answer is larger than 10 MiB")
    assert elapsed < 30


@pytest.mark.parametrize("status", [503, 403, 429])
def test_retry_after_past_the_deadline_fails_at_once(repo: GitRepo, github_server: FakeGitHub, tmp_path: Path,
                                                     status: int) -> None:
    _setup(repo, github_server)
    github_server.retry_after(status, 3600)
    run, elapsed = _run(repo, github_server, tmp_path)
    assert _error(run).startswith(f"{_prefix(github_server)} did not finish reading issue #12 in {REPO} in time:"
                                  " GitHub's Retry-After (3600 s) is 3600 s away, more than the ")
    assert run.err.rstrip().endswith(" s left of github.deadline")
    assert elapsed < DEADLINE + MARGIN and len(github_server.log) == 1


def test_retry_after_within_the_deadline_is_honoured(repo: GitRepo, github_server: FakeGitHub,
                                                     tmp_path: Path) -> None:
    _setup(repo, github_server)
    github_server.retry_after(503, 1, times=2)
    run, _elapsed = _run(repo, github_server, tmp_path)
    assert run.code == 0, run.err
    assert [entry.status for entry in github_server.log] == [503, 503, 200]


@pytest.mark.parametrize(("raw", "content_type", "cause"), [
    (b'{"number": 12, "title": ', "application/json", "its answer is not valid JSON"),
    (b"<!DOCTYPE html><html><body>Sign in</body></html>", "text/html", "it answered HTML, not JSON (a proxy or a"
                                                                        " login page?)"),
    (b"[" * 100_000 + b"]" * 100_000, "application/json", "its JSON nests deeper than 64 levels"),
])
def test_an_answer_that_is_not_json_is_named(repo: GitRepo, github_server: FakeGitHub, tmp_path: Path,
                                             raw: bytes, content_type: str, cause: str) -> None:
    _setup(repo, github_server)
    github_server.answer_raw(raw, content_type=content_type)
    run, elapsed = _run(repo, github_server, tmp_path)
    assert _error(run) == f"{_prefix(github_server)} gave an unusable answer for issue #12 in {REPO}: {cause}"
    assert elapsed < DEADLINE + MARGIN


@pytest.mark.parametrize("status", [301, 302, 307])
def test_a_redirect_to_another_host_is_refused(repo: GitRepo, github_server: FakeGitHub, tmp_path: Path,
                                               status: int) -> None:
    _setup(repo, github_server)
    github_server.redirect(f"http://attacker.invalid/repos/{REPO}/issues/12", status)
    run, _elapsed = _run(repo, github_server, tmp_path)
    assert _error(run) == (f"{_prefix(github_server)} gave an unusable answer for issue #12 in {REPO}:"
                           " it redirects or links to another host (attacker.invalid)")
    assert len(github_server.log) == 1  # nothing was sent to the other host


def test_a_field_echoing_the_token_is_not_shown(repo: GitRepo, github_server: FakeGitHub, tmp_path: Path) -> None:
    _setup(repo, github_server)
    echoed = f"token {github_server.token}"
    issue = dict(github_server.issues[(REPO, 12)], created_at=echoed, title=echoed)
    github_server.answer_raw(json.dumps(issue).encode(), headers={"ETag": f'"{github_server.token}"'})
    run, _elapsed = _run(repo, github_server, tmp_path)  # asserts the token is in no cache file
    assert _error(run) == (f"policycheck: error: GitHub's answer for issue #12 in {REPO} is malformed:"
                           " created_at is not an ISO 8601 date")
    github_server.answer_raw(json.dumps(dict(issue, created_at=ISSUE_BEFORE, state=7)).encode(),
                             headers={"ETag": f'"{github_server.token}"'})
    run, _elapsed = _run(repo, github_server, tmp_path)
    assert _error(run).endswith("is malformed: state is int, not a string")
    assert not list((tmp_path / "cache").rglob("*.json"))  # an answer holding the token is not cached


def test_a_server_message_quoting_the_token_is_scrubbed(repo: GitRepo, github_server: FakeGitHub,
                                                        tmp_path: Path) -> None:
    _setup(repo, github_server)
    github_server.fail(422, message=f"Validation\nfailed for token {github_server.token}; tokens are fine")
    run, _elapsed = _run(repo, github_server, tmp_path)
    assert _error(run) == (f"{_prefix(github_server)} refused issue #12 in {REPO}: 422 Validation failed for"
                           " token ***; tokens are fine")
