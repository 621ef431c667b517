"""The pipeline part, online against the local GitHub stand-in: 260 open issues and pull
requests across pages, closed ones, unlabelled ones, pull requests in the issues endpoint.
Requests grow with pages, not items; a second run is answered by 304s (no rate limit)."""
from __future__ import annotations

import json
from pathlib import Path

from branches.scenario import FILLED_ISSUE, REPO, UNFILLED_ISSUE, online_env
from conftest import GitRepo, run_policycheck
from github_server import FakeGitHub


def _populate(server: FakeGitHub) -> None:
    server.page_size_cap = 100
    for number in range(1, 131):  # case-study issues: odd ones planned, even ones not
        server.add_issue(REPO, number, body=FILLED_ISSUE if number % 2 else UNFILLED_ISSUE)
    for number in range(131, 191):
        server.add_issue(REPO, number, title="A bug", body="It breaks.", labels=("bug",))
    for number in range(191, 201):
        server.add_issue(REPO, number, body=UNFILLED_ISSUE)["state"] = "closed"
    for offset, issue in enumerate(range(1, 121, 2)):  # a PR for each planned issue up to #119
        server.add_pull(REPO, 201 + offset, f"feature/{issue}-work", body=f"Closes #{issue}")
    for k in range(1, 6):
        server.add_pull(REPO, 260 + k, f"tweak-{k}", body="Small change.")
    for k in range(1, 6):
        server.add_pull(REPO, 265 + k, f"dev/v0.1.13-p{k}", base="main")
    for number in range(271, 281):
        server.add_pull(REPO, number, f"old-{number}", state="closed")


def _run(repo: GitRepo, server: FakeGitHub, tmp_path: Path) -> dict:
    run = run_policycheck("audit", "--repo", REPO, "--github-url", server.url, "--now", "2025-03-04T20:00:00Z",
                          "--format", "json", cwd=repo.path, env=online_env(repo, server, tmp_path))
    assert run.code in (0, 1), run.err
    assert server.token not in run.out + run.err
    assert "reading the issues" not in run.err  # the progress line is for a terminal's stderr only
    return json.loads(run.out)


def test_the_pipeline_lists_pages_and_is_served_from_the_cache_again(repo: GitRepo, github_server: FakeGitHub,
                                                                     tmp_path: Path) -> None:
    _populate(github_server)
    repo.git("branch", "feature/125-local")  # a branch started for #125, no PR yet
    data = _run(repo, github_server, tmp_path)
    checks = {item["check"]: item for item in data["checks"]}
    assert checks["case-study issues"]["status"] == "warn"
    assert checks["case-study issues"]["reason"].startswith(
        "65 of 130 open case-study issues are not fully planned: #2 (")
    assert checks["feature pull requests"]["reason"] == (
        "5 of 65 open feature pull requests reference no case-study issue: #261 (tweak-1), #262 (tweak-2),"
        " #263 (tweak-3), #264 (tweak-4), #265 (tweak-5)")
    assert checks["planned issues without work"]["reason"] == (
        "4 planned case-study issues have no branch or pull request yet: #121, #123, #127, #129")
    issues, pulls = github_server.requests_to("/issues?"), github_server.requests_to("/pulls?")
    assert ([r.status for r in issues], [r.status for r in pulls]) == ([200, 200, 200], [200])  # 260 items: 3 pages
    assert len(github_server.log) == 4
    github_server.log.clear()
    again = _run(repo, github_server, tmp_path)
    assert again["checks"] == data["checks"]
    assert [r.status for r in github_server.log] == [304, 304, 304, 304]  # no rate limit spent


def test_offline_skips_the_pipeline_and_says_so(repo: GitRepo, github_server: FakeGitHub, tmp_path: Path) -> None:
    run = run_policycheck("audit", "--offline", "--repo", REPO, "--github-url", github_server.url, "--format", "json",
                          cwd=repo.path, env=online_env(repo, github_server, tmp_path))
    assert "pipeline (case-study issues and pull requests on GitHub): offline (--offline, or no GitHub token)" in (
        json.loads(run.out)["skipped"])
    assert github_server.log == []
