"""Wrong verdicts seen on MassGen's real history (issue 8, items 1-5 and 7), each rebuilt in a
small real repository or event payload: the verdict, the rule and the line."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from branches.scenario import REPO, branch_off
from conftest import GitRepo, Run, run_policycheck

from policycheck.branches.classify import classify_context
from policycheck.branches.context import ContextOptions, resolve_context
from policycheck.policy import load_policy
from policycheck.sources import git


def _findings(run: Run) -> list[tuple[str, str, int, int]]:
    return [(f["rule"], f["path"], f["line"], f["column"]) for f in json.loads(run.out)["findings"]]


def _check(repo: GitRepo, *args: str, env: dict[str, str] | None = None) -> Run:
    return run_policycheck("check-branch", "--offline", "--format", "json", *args, cwd=repo.path,
                           env=env or repo.env)


# --- 1. a date prefix is no issue number ------------------------------------------------------

@pytest.mark.parametrize("branch", ["0810_update_x_link", "0727_change_logo"])
def test_a_date_prefix_is_not_an_issue_number(repo: GitRepo, branch: str) -> None:
    branch_off(repo, branch, "Update", files={"massgen/x.py": "X = 1\n"})
    run = _check(repo)
    assert run.code == 1, run.err
    assert _findings(run) == [("branch-issue-reference", f"branch:{branch}", 1, 1)]


def test_a_reference_form_still_counts(repo: GitRepo) -> None:
    branch_off(repo, "feature/810-x-link", "Update", files={"massgen/x.py": "X = 1\n"})
    run = _check(repo)
    assert (run.code, _findings(run)) == (0, [("branch-issue-unverified", "branch:feature/810-x-link", 1, 9)])


# --- 2. merge, revert and squash boilerplate names other work ---------------------------------

def test_merge_and_revert_boilerplate_is_no_reference(repo: GitRepo) -> None:
    branch_off(repo, "video-tool", "Merge pull request #31 from someone/other\n\nCloses #5",
               "Merge branch 'main' into video-tool", "Merge remote-tracking branch 'origin/main' into video-tool",
               "Add the cache (#44)", 'Revert "Add the cache (#44)"\n\nThis reverts commit 0123456789abcdef.',
               files={"massgen/x.py": "X = 1\n"})
    run = _check(repo)
    assert run.code == 1, run.err
    assert _findings(run) == [("branch-issue-reference", "branch:video-tool", 1, 1)]
    assert "5 commit messages" in json.loads(run.out)["findings"][0]["message"]


def test_a_real_reference_under_boilerplate_still_counts(repo: GitRepo) -> None:
    branch_off(repo, "video-tool", "Add the cache (#44)\n\n* Merge branch 'main' into x\n\nFixes #12",
               files={"massgen/x.py": "X = 1\n"})
    run = _check(repo)
    sha = repo.git("rev-parse", "HEAD")[:12]
    assert (run.code, _findings(run)) == (0, [("branch-issue-unverified", f"commit:{sha}", 5, 7)])


# --- 3. a fork's main is a feature ------------------------------------------------------------

def _fork_event(tmp_path: Path, head_sha: str, head_repo: dict[str, str] | None) -> Path:
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"repository": {"full_name": REPO}, "pull_request": {
        "number": 7, "title": "Improve the tool", "body": "", "labels": [],
        "head": {"ref": "main", "sha": head_sha, "repo": head_repo},
        "base": {"ref": "main", "repo": {"full_name": REPO}}}}))
    return event


@pytest.mark.parametrize("head_repo, code, expected", [
    ({"full_name": "someone/MassGen"}, 1, [("branch-issue-reference", "branch:main", 1, 1)]),
    (None, 1, [("branch-issue-reference", "branch:main", 1, 1)]),  # a deleted fork
    ({"full_name": REPO}, 0, []),  # the repository's own main: exempt
])
def test_pull_request_from_a_fork_main(repo: GitRepo, tmp_path: Path, head_repo: dict[str, str] | None,
                                       code: int, expected: list[tuple[str, str, int, int]]) -> None:
    branch_off(repo, "fork-work", "Improve", files={"massgen/x.py": "X = 1\n"})
    event = _fork_event(tmp_path, repo.git("rev-parse", "HEAD"), head_repo)
    run = _check(repo, env=dict(repo.env, GITHUB_EVENT_PATH=str(event), GITHUB_EVENT_NAME="pull_request"))
    assert (run.code, _findings(run)) == (code, expected), run.err
    assert ("main is the base branch" in run.err) == (code == 0)


# --- 4. MassGen's post-release spellings are exempt -------------------------------------------

@pytest.mark.parametrize("branch", ["v0.0.8-patch1", "v0.0.7patch1", "v0.0.15-2", "pre-release",
                                    "someone/v0.1.2-post1"])
def test_post_release_spellings_are_exempt(repo: GitRepo, branch: str) -> None:
    branch_off(repo, branch, "Patch", files={"massgen/x.py": "X = 1\n"})
    run = _check(repo)
    assert (run.code, _findings(run)) == (0, []), run.err
    assert f"policycheck: {branch}: exempt branch ({branch} matches the exempt pattern" in run.err


# --- 5. docs-only changes need no case study --------------------------------------------------

def test_docs_only_branch_is_exempt_with_the_reason(repo: GitRepo) -> None:
    branch_off(repo, "update-guide", "Docs", files={"docs/source/guide.rst": "Guide\n", "README.md": "# New\n"})
    run = _check(repo)
    assert (run.code, _findings(run)) == (0, []), run.err
    assert run.err == ("policycheck: update-guide: exempt branch (changes only documentation (2 files, all"
                       " matching branches.docs_only)); no case-study issue needed\n")


def test_docs_and_code_is_a_feature(repo: GitRepo) -> None:
    branch_off(repo, "update-guide", "Docs and code", files={"docs/guide.md": "Guide\n", "massgen/x.py": "X = 1\n"})
    run = _check(repo)
    assert (run.code, _findings(run)) == (1, [("branch-issue-reference", "branch:update-guide", 1, 1)])


def test_docs_only_globs_come_from_the_policy(repo: GitRepo) -> None:
    repo.write(".policycheck.yaml", "version: 1\nbranches:\n  docs_only: []\n")
    repo.commit("Policy")
    branch_off(repo, "update-guide", "Docs", files={"docs/guide.md": "Guide\n"})
    run = _check(repo)
    assert (run.code, _findings(run)) == (1, [("branch-issue-reference", "branch:update-guide", 1, 1)])


# --- 7. check-branch computes only the names-only diff, and only when it decides ---------------

def test_check_branch_never_computes_the_rename_diff(repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    branch_off(repo, "video-tool", "Work", files={"massgen/x.py": "X = 1\n"})
    asked: list[str] = []

    def refuse(*args: object) -> None:
        raise AssertionError("the rename-detecting diff was computed")

    real_paths = git.changed_paths
    monkeypatch.setattr(git, "changed_files", refuse)
    monkeypatch.setattr(git, "changed_paths", lambda *args: asked.append("paths") or real_paths(*args))
    context = resolve_context(ContextOptions(), "main", cwd=repo.path, env={})
    assert asked == []  # resolving the context computes no diff at all
    kind = classify_context(context, load_policy(cwd=repo.path))
    assert (kind.kind, asked) == ("feature", ["paths"])
    release = resolve_context(ContextOptions(branch="dev/v0.1.9", head="HEAD"), "main", cwd=repo.path, env={})
    assert classify_context(release, load_policy(cwd=repo.path)).kind == "release" and asked == ["paths"]
