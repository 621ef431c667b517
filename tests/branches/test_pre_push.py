"""The pre-push hooks through the real pre-commit (`try-repo --hook-stage pre-push`), with
the variables pre-commit sets at pre-push (`PRE_COMMIT_REMOTE_BRANCH`, `PRE_COMMIT_FROM_REF`,
`PRE_COMMIT_TO_REF`). Slow (pre-commit builds the hook's environment once per session)."""
from __future__ import annotations

from branches.scenario import REPORTS_DIR, branch_off, report_text
from conftest import GitRepo


def _push_env(repo: GitRepo, remote_branch: str) -> dict[str, str]:
    return {"PRE_COMMIT_REMOTE_BRANCH": f"refs/heads/{remote_branch}",
            "PRE_COMMIT_LOCAL_BRANCH": f"refs/heads/{remote_branch}",
            "PRE_COMMIT_FROM_REF": repo.git("rev-parse", "main"), "PRE_COMMIT_TO_REF": repo.git("rev-parse", "HEAD"),
            "PRE_COMMIT_REMOTE_NAME": "origin", "PRE_COMMIT_REMOTE_URL": "https://github.com/massgen/MassGen.git"}


def test_branch_hook_blocks_a_push_without_reference(hook_repo, repo: GitRepo) -> None:
    branch_off(repo, "video-tool", "Add the video tool")
    run = hook_repo.try_repo(repo, "policycheck-branch", "--hook-stage", "pre-push", env=_push_env(repo, "video-tool"))
    assert run.code == 1, run.out + run.err
    assert "Failed" in run.out
    assert "branch:video-tool:1:1: error branch-issue-reference feature branch 'video-tool'" in run.out


def test_branch_hook_uses_the_remote_branch_name(hook_repo, repo: GitRepo) -> None:
    branch_off(repo, "wip", "Add the video tool")  # pushed as `git push origin wip:feature/12-video-tool`
    run = hook_repo.try_repo(repo, "policycheck-branch", "--hook-stage", "pre-push",
                             env=_push_env(repo, "feature/12-video-tool"))
    assert run.code == 0, run.out + run.err
    assert "Passed" in run.out


def test_release_hook_needs_the_report(hook_repo, repo: GitRepo) -> None:
    branch_off(repo, "dev/v0.1.8", "Release work")
    run = hook_repo.try_repo(repo, "policycheck-release", "--hook-stage", "pre-push", env=_push_env(repo, "dev/v0.1.8"))
    assert run.code == 1 and "release-report-missing release v0.1.8 adds no case-study report" in run.out, run.out
    repo.write(f"{REPORTS_DIR}/video-understanding.md", report_text("0.1.8"))
    repo.commit("Case study v0.1.8", date="2025-03-04T10:00:00+00:00")
    run = hook_repo.try_repo(repo, "policycheck-release", "--hook-stage", "pre-push", env=_push_env(repo, "dev/v0.1.8"))
    assert run.code == 0, run.out + run.err
