"""Revisions from input reach git as revisions only: a NUL in an event payload's ref is one
clear error (it was `internal error: ValueError: embedded null byte`), and a push payload's
`before` of `--output=FILE` is no option to `git diff` (it made git create FILE). Found by the
property tests in tests/test_entry_properties.py."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from branches.scenario import REPO
from conftest import GitRepo, run_policycheck

from policycheck.errors import ContextError
from policycheck.sources import git


@pytest.mark.parametrize("ref", ["feature/x\x00y", "main\x00"])
def test_a_nul_in_a_revision_is_a_context_error(git_repo: GitRepo, ref: str) -> None:
    git_repo.commit("one")
    with pytest.raises(ContextError) as caught:
        git.resolve(git_repo.path, ref)
    assert str(caught.value) == f"git rev-parse: {ref + '^{commit}'!r} holds a NUL byte, so it names no ref," \
                                " commit or path"


def test_revisions_that_look_like_options_are_not_options(git_repo: GitRepo, tmp_path: Path) -> None:
    head = git_repo.commit("one")
    written = tmp_path / "written"
    for call in (git.changed_paths, git.changed_files, git.commits):
        with pytest.raises(ContextError):
            call(git_repo.path, f"--output={written}", head)
    assert not written.exists()
    assert git.commits(git_repo.path, None, head)[0].sha == head  # a real revision still works


def _ci(repo: GitRepo, tmp_path: Path, name: str, payload: dict[str, Any]) -> tuple[int, str, str]:
    event = tmp_path / "event.json"
    event.write_text(json.dumps(payload), encoding="utf-8")
    env = dict(repo.env, GITHUB_ACTIONS="true", GITHUB_EVENT_NAME=name, GITHUB_EVENT_PATH=str(event),
               GITHUB_OUTPUT=str(tmp_path / "output"), GITHUB_STEP_SUMMARY=str(tmp_path / "summary"),
               RUNNER_TEMP=str(tmp_path))
    run = run_policycheck("ci", "--offline", cwd=repo.path, env=env)
    return run.code, run.out, run.err


def test_ci_push_before_of_output_writes_no_file(git_repo: GitRepo, tmp_path: Path) -> None:
    head = git_repo.commit("one")
    written = tmp_path / "written"
    payload = {"ref": "refs/heads/main", "before": f"--output={written}", "after": head,
               "repository": {"full_name": REPO}}
    code, out, err = _ci(git_repo, tmp_path, "push", payload)
    assert not written.exists()
    assert (code, out) == (2, "")
    assert err.splitlines() == [f"policycheck: error: git diff failed in {git_repo.path}: fatal: option"
                                f" '--output={written}' must come before non-option arguments"]


def test_ci_pull_request_head_ref_with_a_nul_is_one_line(git_repo: GitRepo, tmp_path: Path) -> None:
    """Without a head sha the branch is looked up by its name."""
    head = git_repo.commit("one")
    payload = {"action": "opened", "repository": {"full_name": REPO},
               "pull_request": {"number": 3, "title": "t", "body": None,
                                "head": {"ref": "feature/x\u0000y", "sha": None, "repo": {"full_name": REPO}},
                                "base": {"ref": "main", "sha": head, "repo": {"full_name": REPO}}}}
    code, out, err = _ci(git_repo, tmp_path, "pull_request", payload)
    assert (code, out) == (2, "")
    assert err.splitlines() == ["policycheck: error: git rev-parse: 'refs/heads/feature/x\\x00y^{commit}' holds a"
                                " NUL byte, so it names no ref, commit or path"]


def test_a_carriage_return_in_a_path_or_message_is_kept(git_repo: GitRepo) -> None:
    """git's output is decoded as it is: text mode turned `x\\r.yaml` into `x\\n.yaml` (a path
    that does not exist, so a pull request's file went unchecked)."""
    base = git_repo.commit("one")
    git_repo.write("a\r\nb\rc.yaml", "x: 1\n")
    head = git_repo.commit("Fix\rit\n\nCloses\r#12")  # git strips a CR only at the end of a line
    assert git.changed_paths(git_repo.path, base, head) == ("a\r\nb\rc.yaml",)
    assert [change.path for change in git.changed_files(git_repo.path, base, head)] == ["a\r\nb\rc.yaml"]
    assert git.commits(git_repo.path, base, head)[0].message.startswith("Fix\rit\n\nCloses\r#12")
