"""`audit --dashboard` against the local GitHub stand-in: one issue, opened once, found again by
its hidden marker and edited, never duplicated; an unchanged report edits nothing."""
from __future__ import annotations

from pathlib import Path

from branches.scenario import REPO, online_env
from conftest import GitRepo, run_policycheck
from github_server import FakeGitHub

from policycheck.audit.dashboard import MARKER


def _dashboard(repo: GitRepo, server: FakeGitHub, tmp_path: Path, now: str) -> str:
    run = run_policycheck("audit", "--dashboard", "--repo", REPO, "--github-url", server.url, "--now", now,
                          cwd=repo.path, env=online_env(repo, server, tmp_path))
    assert run.code in (0, 1), run.err
    return run.err


def _writes(server: FakeGitHub) -> list[tuple[str, str]]:
    return [(r.method, r.path) for r in server.log if r.method != "GET"]


def test_the_dashboard_is_opened_once_then_edited(repo: GitRepo, github_server: FakeGitHub, tmp_path: Path) -> None:
    github_server.add_issue(REPO, 1, title="Notes", body=f"We quote the marker {MARKER} here.", labels=())
    err = _dashboard(repo, github_server, tmp_path, "2025-03-04T20:00:00Z")
    assert "policycheck: dashboard: opened issue #2 in massgen/MassGen\n" in err
    assert _writes(github_server) == [("POST", "/repos/massgen/MassGen/issues")]
    body = github_server.issues[(REPO, 2)]["body"]
    assert body.startswith(f"{MARKER}\n## policycheck audit: READY\n")
    assert "Wed 2025-03-05 09:00 PST  (21h 0m left)" in body

    github_server.log.clear()
    err = _dashboard(repo, github_server, tmp_path, "2025-03-05T20:00:00Z")
    assert "policycheck: dashboard: updated issue #2 in massgen/MassGen\n" in err
    assert _writes(github_server) == [("PATCH", "/repos/massgen/MassGen/issues/2")]
    assert "Fri 2025-03-07 09:00 PST  (1d 21h 0m left)" in github_server.issues[(REPO, 2)]["body"]

    github_server.log.clear()
    err = _dashboard(repo, github_server, tmp_path, "2025-03-05T20:00:00Z")
    assert "policycheck: dashboard: issue #2 in massgen/MassGen is up to date\n" in err
    assert _writes(github_server) == []
    assert [n for (_, n), issue in github_server.issues.items() if (issue["body"] or "").startswith(MARKER)] == [2]


def test_the_dashboard_needs_github(repo: GitRepo) -> None:
    run = run_policycheck("audit", "--dashboard", "--offline", cwd=repo.path, env=repo.env)
    assert (run.code, run.err) == (2, "policycheck: error: --dashboard needs GitHub: a token, a repository (--repo),"
                                      " and no --offline or --history\n")
