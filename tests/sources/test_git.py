"""policycheck.sources.git on real repositories (the only module that runs git)."""
from __future__ import annotations

import os
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


def test_export_tree_ignores_export_attributes(git_repo: GitRepo, tmp_path: Path) -> None:
    # `git archive` would leave out docs/ (export-ignore) and rewrite $Format:...$ (export-subst)
    git_repo.write(".gitattributes", "docs/ export-ignore\nstamp.txt export-subst\n")
    git_repo.write("docs/report.md", "# MassGen v0.1.8: report\n")
    git_repo.write("stamp.txt", "built from $Format:%H$\n")
    git_repo.write("tools/run.sh", "#!/bin/sh\n")
    git_repo.git("update-index", "--add", "--chmod=+x", "tools/run.sh")
    (git_repo.path / "link.md").symlink_to("/etc/passwd")
    head = git_repo.commit("Attributes")
    git.export_tree(git_repo.path, head, tmp_path / "export")
    export = tmp_path / "export"
    assert (export / "docs" / "report.md").read_text() == "# MassGen v0.1.8: report\n"
    assert (export / "stamp.txt").read_text() == "built from $Format:%H$\n"
    assert (export / "tools" / "run.sh").read_text() == "#!/bin/sh\n"
    assert not (export / "link.md").exists() and not (export / "link.md").is_symlink()  # links may point out
    assert sorted(p.relative_to(export).as_posix() for p in export.rglob("*") if p.is_file()) == [
        ".gitattributes", "docs/report.md", "stamp.txt", "tools/run.sh"]


def test_export_of_an_unknown_revision_is_a_git_failure(git_repo: GitRepo, tmp_path: Path) -> None:
    git_repo.write("a.md", "one\n")
    git_repo.commit("One")
    with pytest.raises(git.GitFailure, match=r"^git ls-tree 0{40} failed in .*: fatal: "):
        git.export_tree(git_repo.path, "0" * 40, tmp_path / "export")
    assert not (tmp_path / "export").exists()


def test_git_runs_without_the_developers_environment(git_repo: GitRepo,
                                                     tmp_path_factory: pytest.TempPathFactory) -> None:
    # the autouse fixture (tests/sources/conftest.py): no GIT_DIR & co., no global config
    assert {k for k in os.environ if k.startswith("GIT_")} == {"GIT_CONFIG_GLOBAL", "GIT_CONFIG_NOSYSTEM"}
    assert os.environ["GIT_CONFIG_GLOBAL"] == os.devnull and os.environ["GIT_CONFIG_NOSYSTEM"] == "1"
    assert Path.home().is_relative_to(tmp_path_factory.getbasetemp())
    assert git._out(git_repo.path, "config", "--global", "--list") == ""
