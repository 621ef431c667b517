"""policycheck.sources.git on real repositories (the only module that runs git)."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from conftest import GitRepo
from policycheck.errors import ContextError
from policycheck.sources import git


def _two_branches(repo: GitRepo) -> tuple[str, str]:
    repo.write("a.md", "one\n")
    repo.write("old/name.md", "moved text that is long enough to be detected as a rename\n" * 3)
    repo.write("gone.txt", "x\n")
    base = repo.commit("Base", date="2025-03-01T10:00:00+00:00")
    repo.git("checkout", "-q", "-b", "topic")
    repo.write("a.md", "one\ntwo\n")
    repo.write("b.md", "new\n")
    (repo.path / "old" / "name.md").rename(repo.path / "new.md")
    (repo.path / "gone.txt").unlink()
    repo.commit("Change things\n\nCloses #12", date="2025-03-02T10:00:00+00:00")
    head = repo.commit("Second", date="2025-03-03T10:00:00+00:00")
    return base, head


def test_commits_oldest_first_with_message_and_date(git_repo: GitRepo) -> None:
    base, head = _two_branches(git_repo)
    found = git.commits(git_repo.path, base, head)
    assert [c.message for c in found] == ["Change things\n\nCloses #12", "Second"]
    assert [c.timestamp for c in found] == [1740909600, 1740996000]
    assert found[-1].sha == head
    assert [c.sha for c in git.commits(git_repo.path, None, head)] == [head]


def test_changed_files_speak_githubs_words(git_repo: GitRepo) -> None:
    base, head = _two_branches(git_repo)
    changes = sorted(git.changed_files(git_repo.path, base, head), key=lambda c: c.path)
    assert [(c.status, c.path, c.previous_path) for c in changes] == [
        ("modified", "a.md", None), ("added", "b.md", None), ("removed", "gone.txt", None),
        ("renamed", "new.md", "old/name.md")]


def test_branch_head_and_merge_base(git_repo: GitRepo) -> None:
    base, head = _two_branches(git_repo)
    assert git.current_branch(git_repo.path) == "topic"
    assert git.merge_base(git_repo.path, "main", "topic") == base
    assert git.resolve(git_repo.path, "topic") == head and git.resolve(git_repo.path, "nope") is None
    git_repo.git("checkout", "-q", "--detach")
    assert git.current_branch(git_repo.path) is None
    assert git.toplevel(git_repo.path) == git_repo.path


def test_outside_a_repository(tmp_path: Path) -> None:
    lonely = tmp_path / "lonely"
    lonely.mkdir()
    assert git.toplevel(lonely) is None
    with pytest.raises(ContextError, match="git log failed in"):
        git.commits(lonely, None, "HEAD")


def test_shallow_clone_is_detected(git_repo: GitRepo, tmp_path: Path) -> None:
    _two_branches(git_repo)
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", "-b", "topic", f"file://{git_repo.path}", str(clone)],
                   check=True, env=git_repo.env)
    assert git.is_shallow(clone) and not git.is_shallow(git_repo.path)


def test_export_tree_writes_elsewhere_only(git_repo: GitRepo, tmp_path: Path) -> None:
    _, head = _two_branches(git_repo)
    git_repo.git("checkout", "-q", "main")
    status = git_repo.git("status", "--porcelain")
    git.export_tree(git_repo.path, head, tmp_path / "export")
    assert (tmp_path / "export" / "b.md").read_text() == "new\n"
    assert git_repo.git("status", "--porcelain") == status and not (git_repo.path / "b.md").exists()
