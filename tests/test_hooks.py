"""Every hook in .pre-commit-hooks.yaml, run through the real pre-commit on example trees.

tests/hooks/<hook-id>/pass/ must pass and tests/hooks/<hook-id>/fail/ must fail. Hooks that
run at pre-push (no files) are exercised by their own tests with the remote-branch variables.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PROJECT, GitRepo
from ruamel.yaml import YAML

HOOKS = YAML(typ="safe").load((PROJECT / ".pre-commit-hooks.yaml").read_text())
EXAMPLES = PROJECT / "tests" / "hooks"
FILE_HOOKS = [h["id"] for h in HOOKS if "pre-commit" in h.get("stages", [])]


def test_manifest_is_valid_for_pre_commit() -> None:
    proc = subprocess.run([sys.executable, "-m", "pre_commit", "validate-manifest", str(PROJECT / ".pre-commit-hooks.yaml")],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_every_file_hook_has_examples() -> None:
    for hook in FILE_HOOKS:
        assert (EXAMPLES / hook / "pass").is_dir() and (EXAMPLES / hook / "fail").is_dir(), hook


def _load_example(repo: GitRepo, source: Path) -> None:
    shutil.copytree(source, repo.path, dirs_exist_ok=True)
    repo.git("add", "-A")


@pytest.mark.parametrize("hook", FILE_HOOKS)
@pytest.mark.parametrize("outcome", ["pass", "fail"])
def test_hook_on_examples(hook_repo, git_repo: GitRepo, hook: str, outcome: str) -> None:
    source = EXAMPLES / hook / outcome
    if not source.is_dir():
        pytest.fail(f"missing example folder {source}")
    _load_example(git_repo, source)
    run = hook_repo.try_repo(git_repo, hook, "--all-files")
    output = run.out + run.err
    if outcome == "pass":
        assert run.code == 0, output
        assert "Passed" in output and "Skipped" not in output
    else:
        assert run.code == 1, output
        assert "Failed" in output and ": error " in output, output


def test_audit_hook_runs_by_hand(hook_repo, git_repo: GitRepo) -> None:
    """policycheck-audit is manual-stage only: READY passes, a broken config makes it NOT READY."""
    hook = next(h for h in HOOKS if h["id"] == "policycheck-audit")
    assert hook["stages"] == ["manual"] and hook["pass_filenames"] is False
    git_repo.commit("Empty")
    ready = hook_repo.try_repo(git_repo, "policycheck-audit", "--hook-stage", "manual", "--all-files")
    assert ready.code == 0 and "READY: the next release" in ready.out, ready.out + ready.err
    _load_example(git_repo, EXAMPLES / "policycheck-config" / "fail")
    git_repo.commit("A broken config")
    blocked = hook_repo.try_repo(git_repo, "policycheck-audit", "--hook-stage", "manual", "--all-files")
    assert blocked.code == 1 and "NOT READY: the next release: blocked by configs" in blocked.out, blocked.out
