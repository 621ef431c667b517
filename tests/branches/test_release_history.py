"""Releases as MassGen's history made them (issue 8, items 8-10), in small real repositories:
a release from a branch not named dev/v..., one already merged, the base as of a commit, and
a summary that counts only what the release check examined."""
from __future__ import annotations

import json
from pathlib import Path

from branches.scenario import REPO, REPORTS_DIR, branch_off, report_text, run_online
from conftest import GitRepo, run_policycheck
from github_server import FakeGitHub

REPORT = f"{REPORTS_DIR}/memory-release.md"
VERSION_FILE = "massgen/__init__.py"


def _findings(out: str) -> list[tuple[str, str, int, int]]:
    return [(f["rule"], f["path"], f["line"], f["column"]) for f in json.loads(out)["findings"]]


def _with_version(repo: GitRepo, version: str) -> None:
    repo.write(VERSION_FILE, f'"""MassGen."""\n__version__ = "{version}"\n')
    repo.commit(f"Version {version}")


def test_a_branch_that_sets_the_version_into_main_is_a_release(repo: GitRepo) -> None:
    _with_version(repo, "0.1.4")
    branch_off(repo, "memory", "Memory")
    _with_version(repo, "0.1.5")
    run = run_policycheck("check-release", "--format", "json", cwd=repo.path, env=repo.env)
    assert run.code == 1 and _findings(run.out) == [("release-report-missing", "branch:memory", 1, 1)]
    assert "release v0.1.5 adds no case-study report" in json.loads(run.out)["findings"][0]["message"]
    branch = run_policycheck("check-branch", cwd=repo.path, env=repo.env)
    assert branch.code == 0 and "memory: release branch (memory into main sets version 0.1.5 in" in branch.err


def test_a_branch_that_leaves_the_version_alone_is_a_feature(repo: GitRepo) -> None:
    _with_version(repo, "0.1.4")
    branch_off(repo, "memory", "Memory", files={"massgen/memory.py": "X = 1\n"})
    run = run_policycheck("check-release", cwd=repo.path, env=repo.env)
    assert run.code == 0 and "memory: not a release (feature branch)" in run.err


def test_an_already_merged_release_is_checked_as_its_merge(repo: GitRepo) -> None:
    branch_off(repo, "dev/v0.1.8", "Release work", files={f"{REPORTS_DIR}/video.md": report_text("0.1.8")})
    repo.git("checkout", "-q", "main")
    repo.write("massgen/other.py", "Y = 2\n")
    repo.commit("Meanwhile on main")
    repo.git("merge", "-q", "--no-ff", "-m", "Merge pull request #7 from someone/dev/v0.1.8", "dev/v0.1.8")
    merge = repo.git("rev-parse", "HEAD")
    repo.commit("After the release")
    repo.git("checkout", "-q", "dev/v0.1.8")
    run = run_policycheck("check-release", cwd=repo.path, env=repo.env)
    assert run.code == 0, run.out + run.err
    assert run.out.strip() == "1 file checked: 0 errors, 0 warnings"
    assert f"..{merge[:12]}: the merge that brought dev/v0.1.8 into main): examined" in run.err


def test_base_commit_keeps_the_base_name_and_judges_the_release_as_it_was(repo: GitRepo) -> None:
    before = repo.git("rev-parse", "HEAD")
    branch_off(repo, "dev/v0.1.8", "Release work", files={"massgen/feature.py": "V = 1\n"})
    head = repo.git("rev-parse", "HEAD")
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--no-ff", "-m", "Merge dev/v0.1.8", "dev/v0.1.8")
    as_it_was = run_policycheck("check-release", "--branch", "dev/v0.1.8", "--base", "main", "--base-commit",
                                before, "--head", head, "--format", "json", cwd=repo.path, env=repo.env)
    assert as_it_was.code == 1 and _findings(as_it_was.out) == [("release-report-missing", "branch:dev/v0.1.8", 1, 1)]
    as_a_commit = run_policycheck("check-release", "--branch", "dev/v0.1.8", "--base", before, "--head", head,
                                  cwd=repo.path, env=repo.env)
    assert as_a_commit.code == 0 and "not a release" in as_a_commit.err  # why --base-commit exists
    missing = run_policycheck("check-release", "--base-commit", "0" * 40, cwd=repo.path, env=repo.env)
    assert missing.code == 2 and missing.err.strip() == (
        f"policycheck: error: --base-commit {'0' * 40} is not a commit in this clone: fetch it first")


def test_the_summary_counts_the_release_report_not_every_report_it_touches(repo: GitRepo) -> None:
    old = {f"{REPORTS_DIR}/old-{n}.md": report_text("0.1.2").replace("# ", "# Old ", 1) for n in range(3)}
    repo.git("checkout", "-q", "-b", "seed")
    for path, text in old.items():
        repo.write(path, text)
    repo.commit("Old reports")
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "seed")
    touched = {path: text + "\nA later note.\n" for path, text in old.items()}
    branch_off(repo, "dev/v0.1.8", "Release", files={**touched, f"{REPORTS_DIR}/new.md": report_text("0.1.8")})
    run = run_policycheck("check-release", cwd=repo.path, env=repo.env)
    assert run.code == 0 and run.out.strip() == "1 file checked: 0 errors, 0 warnings"
    assert run.err.strip().endswith(f"examined {REPORTS_DIR}/new.md (its passing report)")


def test_a_merged_branch_whose_merge_is_tagged_is_that_release(repo: GitRepo) -> None:
    branch_off(repo, "memory", "Memory", files={f"{REPORTS_DIR}/memory.md": report_text("0.1.5")})
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--no-ff", "-m", "Merge pull request #334 from someone/memory", "memory")
    repo.git("tag", "v0.1.5")
    repo.git("checkout", "-q", "memory")
    run = run_policycheck("check-release", cwd=repo.path, env=repo.env)
    assert run.code == 0 and run.out.strip() == "1 file checked: 0 errors, 0 warnings"
    branch = run_policycheck("check-branch", cwd=repo.path, env=repo.env)
    assert "memory: release branch (memory into main was merged as" in branch.err and "tagged v0.1.5)" in branch.err


def test_a_fix_up_that_stamps_a_released_version_is_no_release(repo: GitRepo) -> None:
    _with_version(repo, "0.1.1")
    repo.git("tag", "v0.1.2")  # v0.1.2 shipped without bumping the file, as v0.0.17 did
    branch_off(repo, "someone/v0.1.2-post1", "Patch")
    _with_version(repo, "0.1.2")
    run = run_policycheck("check-release", cwd=repo.path, env=repo.env)
    assert run.code == 0 and "someone/v0.1.2-post1: not a release (exempt branch)" in run.err
    repo.git("checkout", "-q", "main")
    branch_off(repo, "pre-release", "Next")
    _with_version(repo, "0.1.3")  # a version not released yet: a release, whatever the name
    release = run_policycheck("check-release", cwd=repo.path, env=repo.env)
    assert release.code == 1 and "release v0.1.3 adds no case-study report" in release.out


def test_the_pull_requests_file_list_decides_docs_only_when_git_cannot(repo: GitRepo, github_server: FakeGitHub,
                                                                       tmp_path: Path) -> None:
    branch_off(repo, "tidy-docs", "Docs", files={"docs/guide.md": "# Guide\n"})
    github_server.add_pull_files(REPO, 12, [("modified", "docs/guide.md"), ("renamed", "docs/old.md")])
    gone = ("--base", "release-base-not-fetched")  # git cannot list the changes
    run = run_online(repo, github_server, tmp_path, "check-branch", "--repo", REPO, "--pr", "12", *gone)
    assert run.code == 0 and "changes only documentation (2 files, all matching branches.docs_only)" in run.err
    assert [e.path for e in github_server.log] == [f"/repos/{REPO}/pulls/12/files?per_page=100"]  # one page
    github_server.log.clear()
    with_git = run_online(repo, github_server, tmp_path, "check-branch", "--repo", REPO, "--pr", "12")
    assert with_git.code == 0 and "changes only documentation (1 file," in with_git.err  # git's own list
    assert github_server.log == []  # no request when git can say
