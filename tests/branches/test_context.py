"""The context resolver: flags, then GitHub Actions, then pre-commit at pre-push, then git."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from branches.scenario import branch_off
from conftest import GitRepo

from policycheck.branches.context import ContextOptions, repository_from_url, resolve_context
from policycheck.errors import ContextError, UsageError


def _resolve(repo: GitRepo, options: ContextOptions | None = None, **env: str):
    return resolve_context(options or ContextOptions(), "main", cwd=repo.path, env=env)


def test_local_git_gives_branch_range_and_changes(repo: GitRepo) -> None:
    base = repo.git("rev-parse", "HEAD")
    branch_off(repo, "feature/3-x", "One", "Two", files={"docs/a.md": "a\n"})
    ctx = _resolve(repo)
    assert (ctx.source, ctx.branch, ctx.base, ctx.start) == ("git", "feature/3-x", "main", base)
    assert [c.message for c in ctx.commits] == ["One", "Two"]
    assert [(c.status, c.path) for c in ctx.changed_files or ()] == [("added", "docs/a.md")]
    assert ctx.head_in_worktree and ctx.body is None and ctx.repository is None


def test_origin_remote_names_the_repository(repo: GitRepo) -> None:
    repo.git("remote", "add", "origin", "git@github.com:massgen/MassGen.git")
    assert _resolve(repo).repository == "massgen/MassGen"


@pytest.mark.parametrize("url, expected", [
    ("https://github.com/massgen/MassGen.git", "massgen/MassGen"),
    ("https://github.com/massgen/MassGen", "massgen/MassGen"),
    ("git@github.com:massgen/MassGen.git", "massgen/MassGen"),
    ("ssh://git@ghe.example:2222/team/tool.git", "team/tool"),
    ("/srv/git/remote.git", None),
    ("file:///srv/git/remote.git", None),
])
def test_repository_from_remote_url(url: str, expected: str | None) -> None:
    assert repository_from_url(url) == expected


def test_pre_commit_variables_at_pre_push(repo: GitRepo) -> None:
    base = repo.git("rev-parse", "HEAD")
    branch_off(repo, "local-name", "One")
    head = repo.git("rev-parse", "HEAD")
    repo.git("checkout", "-q", "--detach")  # pre-push does not need a checked-out branch
    ctx = _resolve(repo, PRE_COMMIT_REMOTE_BRANCH="refs/heads/feature/9-remote-name", PRE_COMMIT_FROM_REF=base,
                   PRE_COMMIT_TO_REF=head, PRE_COMMIT_REMOTE_URL="https://github.com/massgen/MassGen.git")
    assert (ctx.source, ctx.branch, ctx.head, ctx.start) == ("pre-commit", "feature/9-remote-name", head, base)
    assert ctx.repository == "massgen/MassGen"


def test_pre_commit_from_ref_when_the_base_branch_is_absent(repo: GitRepo) -> None:
    branch_off(repo, "feature/9-x", "One", "Two")
    repo.git("branch", "-q", "-m", "main", "trunk")  # no `main` here
    first = repo.git("rev-parse", "HEAD~1")
    ctx = _resolve(repo, PRE_COMMIT_REMOTE_BRANCH="refs/heads/feature/9-x", PRE_COMMIT_FROM_REF=first,
                   PRE_COMMIT_TO_REF=repo.git("rev-parse", "HEAD"))
    assert [c.message for c in ctx.commits] == ["Two"]


def test_github_actions_pull_request_payload(repo: GitRepo, tmp_path: Path) -> None:
    branch_off(repo, "feature/5-x")
    head = repo.git("rev-parse", "HEAD")
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"repository": {"full_name": "massgen/MassGen"}, "pull_request": {
        "number": 31, "title": "Video tool", "body": None, "labels": [{"name": "no-case-study"}],
        "head": {"ref": "feature/5-x", "sha": head}, "base": {"ref": "dev/v0.1.9"}}}))
    ctx = _resolve(repo, GITHUB_EVENT_PATH=str(event), GITHUB_EVENT_NAME="pull_request",
                   PRE_COMMIT_REMOTE_BRANCH="refs/heads/ignored")
    assert (ctx.source, ctx.branch, ctx.base, ctx.head, ctx.pr_number) == ("github-actions", "feature/5-x", "dev/v0.1.9",
                                                                           head, 31)
    assert (ctx.title, ctx.body, ctx.labels, ctx.body_path) == ("Video tool", "", ("no-case-study",), "pull/31/body")
    flagged = _resolve(repo, ContextOptions(branch="feature/6-y", base="main"), GITHUB_EVENT_PATH=str(event),
                       GITHUB_EVENT_NAME="pull_request")
    assert (flagged.source, flagged.branch, flagged.base, flagged.title) == ("flags", "feature/6-y", "main", "Video tool")


def test_github_actions_push_and_issues_events(repo: GitRepo, tmp_path: Path) -> None:
    branch_off(repo, "feature/5-x")
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"ref": "refs/heads/feature/5-x", "after": repo.git("rev-parse", "HEAD")}))
    assert _resolve(repo, GITHUB_EVENT_PATH=str(event), GITHUB_EVENT_NAME="push").branch == "feature/5-x"
    event.write_text(json.dumps({"issue": {"number": 44}, "repository": {"full_name": "massgen/MassGen"}}))
    ctx = _resolve(repo, GITHUB_EVENT_PATH=str(event), GITHUB_EVENT_NAME="issues")
    assert (ctx.issue_number, ctx.branch, ctx.source) == (44, "feature/5-x", "git")
    event.write_text("{not json")
    with pytest.raises(ContextError, match="cannot read the event payload"):
        _resolve(repo, GITHUB_EVENT_PATH=str(event), GITHUB_EVENT_NAME="push")


def test_detached_head_and_shallow_clone_are_errors_not_guesses(repo: GitRepo, tmp_path: Path) -> None:
    branch_off(repo, "feature/5-x")
    repo.git("checkout", "-q", "--detach")
    with pytest.raises(ContextError, match=r"HEAD is detached \(at [0-9a-f]{12}\)"):
        _resolve(repo)
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", "-b", "feature/5-x", f"file://{repo.path}", str(clone)],
                   check=True, env=repo.env)
    with pytest.raises(ContextError, match=r"shallow clone.*fetch-depth: 0"):
        resolve_context(ContextOptions(), "main", cwd=clone, env={})


def test_flags_outside_git_and_unreadable_body(tmp_path: Path) -> None:
    body = tmp_path / "body.md"
    body.write_text("Closes #4\n")
    ctx = resolve_context(ContextOptions(branch="feature/4-x", body_file=str(body)), "main", cwd=tmp_path, env={})
    assert (ctx.branch, ctx.body, ctx.root, ctx.commits, ctx.changed_files) == ("feature/4-x", "Closes #4\n", None, (), None)
    with pytest.raises(ContextError, match="not in a git repository"):
        resolve_context(ContextOptions(), "main", cwd=tmp_path, env={})
    with pytest.raises(UsageError, match=r"--body-file .*missing\.md: no such file"):
        resolve_context(ContextOptions(branch="x", body_file=str(tmp_path / "missing.md")), "main", cwd=tmp_path, env={})


def test_feature_branch_that_merged_main(repo: GitRepo) -> None:
    branch_off(repo, "feature/3-x", "Feature work")
    repo.git("checkout", "-q", "main")
    repo.write("other.md", "main moved on\n")
    repo.commit("Someone else's work, fixes #99", date="2025-03-04T10:00:00+00:00")
    repo.git("checkout", "-q", "feature/3-x")
    repo.git("merge", "-q", "--no-ff", "-m", "Merge branch 'main' into feature/3-x", "main")
    ctx = _resolve(repo)
    assert ctx.start == repo.git("rev-parse", "main")
    assert [c.message for c in ctx.commits] == ["Feature work", "Merge branch 'main' into feature/3-x"]
    assert [c.path for c in ctx.changed_files or ()] == []  # main's file is not the branch's change


def test_other_actions_events_use_github_ref(repo: GitRepo, tmp_path: Path) -> None:
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"inputs": {}}))
    repo.git("checkout", "-q", "--detach")  # actions/checkout leaves HEAD detached
    ctx = _resolve(repo, GITHUB_EVENT_PATH=str(event), GITHUB_EVENT_NAME="workflow_dispatch",
                   GITHUB_REF="refs/heads/dev/v0.1.9")
    assert (ctx.source, ctx.branch, ctx.event) == ("github-actions", "dev/v0.1.9", "workflow_dispatch")


def test_branch_flag_uses_the_remote_tracking_branch(repo: GitRepo) -> None:
    base = repo.git("rev-parse", "HEAD")
    branch_off(repo, "dev/v0.1.9", "Release work", files={"docs/r.md": "r\n"})
    tip = repo.git("rev-parse", "HEAD")
    repo.git("update-ref", "refs/remotes/origin/dev/v0.1.9", tip)  # as a CI clone has it
    repo.git("checkout", "-q", "main")
    repo.git("branch", "-q", "-D", "dev/v0.1.9")
    ctx = _resolve(repo, ContextOptions(branch="dev/v0.1.9"))
    assert (ctx.branch, ctx.head, ctx.start, ctx.head_in_worktree) == ("dev/v0.1.9", tip, base, False)
    assert [c.message for c in ctx.commits] == ["Release work"]


def test_branch_flag_naming_no_branch_here_is_an_error_not_head(repo: GitRepo) -> None:
    branch_off(repo, "feature/3-x")
    with pytest.raises(ContextError) as raised:
        _resolve(repo, ContextOptions(branch="dev/v0.1.9"))
    assert str(raised.value) == ("branch 'dev/v0.1.9' is not in this clone (neither refs/heads/dev/v0.1.9 nor"
                                 " refs/remotes/origin/dev/v0.1.9): fetch it (`git fetch origin dev/v0.1.9`),"
                                 " or pass --head COMMIT")
    # the checked-out branch, and an explicit --head, need no such branch
    assert _resolve(repo, ContextOptions(branch="feature/3-x")).head == repo.git("rev-parse", "HEAD")
    assert _resolve(repo, ContextOptions(branch="dev/v0.1.9", head="HEAD")).head == repo.git("rev-parse", "HEAD")
