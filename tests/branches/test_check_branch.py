"""`policycheck check-branch` through the installed script, on real repositories, online
against the stand-in GitHub server (token in the environment, never printed) or offline."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from branches.scenario import FILLED_ISSUE, ISSUE_AFTER, ISSUE_BEFORE, REPO, UNFILLED_ISSUE, branch_off, run_online
from conftest import GitRepo, run_policycheck
from github_server import FakeGitHub


@dataclass(frozen=True)
class Case:
    name: str
    branch: str
    issue: dict | None  # what the stand-in knows about the referenced number, if anything
    code: int
    expected: tuple[tuple[str, str, int, int], ...]  # (rule, path, line, column)
    note: str = ""  # expected on stderr


CASES = [
    Case("reference-to-good-issue", "feature/12-video-tool", {"number": 12, "body": FILLED_ISSUE}, 0, ()),
    Case("no-reference", "video-tool", None, 1,
         (("branch-issue-reference", "branch:video-tool", 1, 1),)),
    Case("reference-to-pull-request", "feature/13-video-tool", {"number": 13, "pull_request": True}, 1,
         (("branch-issue-is-pull-request", "branch:feature/13-video-tool", 1, 9),)),
    Case("issue-without-label", "issue_14", {"number": 14, "labels": ("enhancement",), "body": FILLED_ISSUE}, 1,
         (("branch-issue-label", "branch:issue_14", 1, 7),)),
    Case("planning-phase-unfilled", "15-video-tool", {"number": 15, "body": UNFILLED_ISSUE}, 1,
         (("branch-issue-planning", "branch:15-video-tool", 1, 1),)),
    Case("missing-issue", "feature/99-video-tool", None, 1,
         (("branch-issue-not-found", "branch:feature/99-video-tool", 1, 9),)),
    Case("issue-opened-after-first-commit", "feature/16-video-tool",
         {"number": 16, "body": FILLED_ISSUE, "created_at": ISSUE_AFTER}, 0,
         (("branch-issue-after-branch", "branch:feature/16-video-tool", 1, 9),)),
    Case("exempt-docs-branch", "Docs_for_v0.1.8", None, 0, (), note="exempt branch"),
    Case("exempt-post-release", "v0.1.8-post1", None, 0, (), note="exempt branch"),
    Case("exempt-patch", "octocat-patch-3", None, 0, (), note="exempt branch"),
    Case("release-branch", "dev/v0.1.8", None, 0, (), note="release branch"),
]


def _findings(run_json: str) -> list[tuple[str, str, int, int]]:
    import json

    return [(f["rule"], f["path"], f["line"], f["column"]) for f in json.loads(run_json)["findings"]]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_check_branch_online(repo: GitRepo, github_server: FakeGitHub, tmp_path: Path, case: Case) -> None:
    if case.issue:
        spec = dict(case.issue)
        number = spec.pop("number")
        spec.setdefault("created_at", ISSUE_BEFORE)
        github_server.add_issue(REPO, number, **spec)
    branch_off(repo, case.branch, "Add the video tool")
    run = run_online(repo, github_server, tmp_path, "check-branch", "--repo", REPO, "--format", "json")
    assert run.code == case.code, run.out + run.err
    assert _findings(run.out) == list(case.expected)
    assert case.note in run.err
    referenced = 1 if case.issue or case.name == "missing-issue" else 0
    assert len(github_server.log) == referenced  # one request per referenced issue, none when exempt


def test_text_output_names_the_problem(repo: GitRepo, github_server: FakeGitHub, tmp_path: Path) -> None:
    github_server.add_issue(REPO, 14, labels=("enhancement",), body=FILLED_ISSUE)
    branch_off(repo, "feature/14-video-tool")
    run = run_online(repo, github_server, tmp_path, "check-branch", "--repo", REPO)
    assert run.code == 1
    assert run.out.splitlines()[0] == (
        "branch:feature/14-video-tool:1:9: error branch-issue-label issue #14 is not labelled as a case study"
        " (it has 'enhancement'; expected one of 'case study', 'case-study')")


def test_reference_in_pr_body_with_closing_keyword(repo: GitRepo, github_server: FakeGitHub, tmp_path: Path) -> None:
    github_server.add_issue(REPO, 7, body=FILLED_ISSUE, created_at=ISSUE_BEFORE)
    github_server.add_issue(REPO, 3, labels=("bug",))  # mentioned in passing: not the case study
    branch_off(repo, "video-tool")
    body = repo.write("../body.md", "## Summary\nAdds the tool (see also #3).\n\n*Closes #7*\n")
    run = run_online(repo, github_server, tmp_path, "check-branch", "--repo", REPO, "--body-file", str(body))
    assert run.code == 0, run.out + run.err
    assert [e.path for e in github_server.log] == [f"/repos/{REPO}/issues/7"]


def test_bad_reference_in_body_points_at_it(repo: GitRepo, github_server: FakeGitHub, tmp_path: Path) -> None:
    github_server.add_issue(REPO, 8, labels=())
    branch_off(repo, "video-tool")
    body = repo.write("../body.md", "Adds the tool.\n\nFixes: #8\n")
    run = run_online(repo, github_server, tmp_path, "check-branch", "--repo", REPO, "--body-file", str(body),
                     "--format", "json")
    assert run.code == 1
    assert _findings(run.out) == [("branch-issue-label", str(body), 3, 8)]


def test_reference_in_commit_message(repo: GitRepo, github_server: FakeGitHub, tmp_path: Path) -> None:
    github_server.add_issue(REPO, 21, body=FILLED_ISSUE, created_at=ISSUE_BEFORE)
    branch_off(repo, "video-tool", "Start the video tool", "Wire it up\n\nPart of #21")
    run = run_online(repo, github_server, tmp_path, "check-branch", "--repo", REPO)
    assert run.code == 0, run.out + run.err
    assert len(github_server.log) == 1


def test_skip_label_waives_and_says_so(repo: GitRepo, github_server: FakeGitHub, tmp_path: Path) -> None:
    branch_off(repo, "video-tool")
    run = run_online(repo, github_server, tmp_path, "check-branch", "--label", "no-case-study", "--repo", REPO)
    assert run.code == 0, run.out + run.err
    assert "waived: pull request label 'no-case-study'" in run.out
    assert run.out.rstrip().endswith("0 errors, 0 warnings, 1 waived")
    assert github_server.log == []


def test_offline_reports_unverified_and_never_connects(repo: GitRepo, github_server: FakeGitHub, tmp_path: Path) -> None:
    branch_off(repo, "feature/12-video-tool")
    run = run_online(repo, github_server, tmp_path, "check-branch", "--repo", REPO, "--offline")
    assert run.code == 0
    assert run.out.startswith("branch:feature/12-video-tool:1:9: warning branch-issue-unverified references issue #12"
                              " (in the branch); not verified: offline (--offline)")
    assert github_server.log == []
    no_token = run_policycheck("check-branch", cwd=repo.path, env=repo.env)
    assert no_token.code == 0 and "no GitHub token" in no_token.out
    assert run_policycheck("check-branch", "--strict", cwd=repo.path, env=repo.env).code == 1


def test_detached_head_is_a_clear_error(repo: GitRepo) -> None:
    branch_off(repo, "feature/12-video-tool")
    repo.git("checkout", "-q", "--detach")
    run = run_policycheck("check-branch", cwd=repo.path, env=repo.env)
    assert run.code == 2
    assert run.err.startswith("policycheck: error: HEAD is detached (at ") and "--branch" in run.err
    assert "Traceback" not in run.err
    named = run_policycheck("check-branch", "--branch", "feature/12-video-tool", "--offline", cwd=repo.path, env=repo.env)
    assert named.code == 0 and "references issue #12" in named.out


def _pr_event(tmp_path: Path, repo: GitRepo, branch: str, body: str | None, labels: tuple[str, ...] = ()) -> Path:
    import json

    event = tmp_path / "event.json"
    event.write_text(json.dumps({"action": "synchronize", "number": 40, "repository": {"full_name": REPO},
                                 "pull_request": {"number": 40, "title": "Video tool", "body": body,
                                                  "labels": [{"name": name} for name in labels],
                                                  "head": {"ref": branch, "sha": repo.git("rev-parse", "HEAD")},
                                                  "base": {"ref": "main"}}}))
    return event


def _actions_env(repo: GitRepo, server: FakeGitHub, tmp_path: Path, event: Path) -> dict[str, str]:
    return dict(repo.env, GITHUB_ACTIONS="true", GITHUB_EVENT_NAME="pull_request", GITHUB_EVENT_PATH=str(event),
                GITHUB_REPOSITORY=REPO, GITHUB_API_URL=server.url, GITHUB_TOKEN=server.token,
                POLICYCHECK_GITHUB_BACKOFF="0", POLICYCHECK_CACHE_DIR=str(tmp_path / "cache"))


def test_pull_request_event_costs_one_request_per_issue(repo: GitRepo, github_server: FakeGitHub,
                                                        tmp_path: Path) -> None:
    github_server.add_issue(REPO, 12, body=FILLED_ISSUE, created_at=ISSUE_BEFORE)
    branch_off(repo, "feature/12-video-tool")
    event = _pr_event(tmp_path, repo, "feature/12-video-tool", "Closes #12\n\nAlso #12 again.")
    env = _actions_env(repo, github_server, tmp_path, event)
    run = run_policycheck("check-branch", cwd=repo.path, env=env)
    assert run.code == 0, run.out + run.err
    assert [e.path for e in github_server.log] == [f"/repos/{REPO}/issues/12"]  # the PR came from the payload
    again = run_policycheck("check-branch", cwd=repo.path, env=env)  # a second run revalidates: 304, no rate limit
    assert again.code == 0
    assert [(e.status, bool(e.if_none_match)) for e in github_server.log] == [(200, False), (304, True)]


def test_pull_request_with_null_body_and_skip_label(repo: GitRepo, github_server: FakeGitHub, tmp_path: Path) -> None:
    branch_off(repo, "video-tool")
    event = _pr_event(tmp_path, repo, "video-tool", None, labels=("no-case-study",))
    run = run_policycheck("check-branch", cwd=repo.path, env=_actions_env(repo, github_server, tmp_path, event))
    assert run.code == 0, run.out + run.err
    assert run.out.startswith("branch:video-tool:1:1: waived branch-issue-reference feature branch 'video-tool'"
                              " references no case-study issue (looked in the branch name, the pull request body,")
    assert github_server.log == []


def test_pushing_a_tag_is_not_a_branch(repo: GitRepo) -> None:
    env = dict(repo.env, PRE_COMMIT_REMOTE_BRANCH="refs/tags/v0.1.8", PRE_COMMIT_TO_REF=repo.git("rev-parse", "HEAD"))
    run = run_policycheck("check-branch", cwd=repo.path, env=env)
    assert run.code == 0 and "refs/tags/v0.1.8: exempt branch (a tag, not a branch)" in run.err


def test_missing_base_branch_is_said(repo: GitRepo) -> None:
    branch_off(repo, "video-tool", "Closes #12 (not read: no base to count commits from)")
    repo.git("branch", "-q", "-m", "main", "trunk")
    run = run_policycheck("check-branch", cwd=repo.path, env=repo.env)
    assert run.code == 1
    assert ("references no case-study issue (looked in the branch name, no commit messages: the base branch 'main'"
            " is not in this clone)") in run.out


@pytest.mark.parametrize("section, where, message", [
    # a pattern that does not compile is caught when the policy loads, with its position
    ('exempt: ["(unclosed"]', ":3:12", "branches.exempt"),
    # a missing named group is a branch-policy matter: said by policycheck.branches.classify
    ("references: {branch: '(\\d+)'}", "", "branches.references.branch: the pattern needs a (?P<number>...) group"),
])
def test_broken_policy_patterns_are_policy_errors(repo: GitRepo, section: str, where: str, message: str) -> None:
    repo.write(".policycheck.yaml", f"version: 1\nbranches:\n  {section}\n")
    repo.git("branch", "12-x")
    run = run_policycheck("check-branch", "--branch", "12-x", cwd=repo.path, env=repo.env)
    assert run.code == 2 and len(run.err.splitlines()) == 1 and "Traceback" not in run.err, run.err
    assert run.err.startswith(f"policycheck: error: {repo.path / '.policycheck.yaml'}{where}: invalid policy: {message}")
