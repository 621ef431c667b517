"""policycheck.branches.branch_check and release_check in-process: the head's files, what the checks hand the command,
the rules' shared view of the issue checks, and a rule registry that does not import them."""
from __future__ import annotations

import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

import pytest
from branches.scenario import CONFIG, REPORTS_DIR, branch_off, report_text
from conftest import GitRepo

from policycheck.branches.branch_check import check_branch
from policycheck.branches.context import BranchContext, ContextOptions, resolve_context
from policycheck.branches.release_check import check_release, export_reports, files_at_head
from policycheck.branches.targets import BranchClass, BranchTarget, IssueCheck, Reference
from policycheck.findings import PR_BODY, Location
from policycheck.policy import Policy, load_policy
from policycheck.runner import Runner
from policycheck.sources.git import GitFailure
from policycheck.sources.github import GitHubSettings, Issue


def test_a_failed_export_leaves_no_temporary_folder(repo: GitRepo, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    context = BranchContext("flags", "dev/v0.1.8", "main", head="0" * 40, root=repo.path, head_in_worktree=False)
    policy = load_policy(cwd=repo.path)
    with pytest.raises(GitFailure, match=r"^git [\w-]+ 0{40} failed") as raised, \
            files_at_head(context, [REPORT], policy):
        pass
    assert raised.value is not None and list(temp.iterdir()) == []  # the traceback is alive: no GC cleanup yet


def test_the_export_is_removed_after_the_checks(repo: GitRepo, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    head = repo.git("rev-parse", "HEAD")
    context = BranchContext("flags", "main", "main", head=head, root=repo.path, head_in_worktree=False)
    policy = load_policy(cwd=repo.path)
    with pytest.raises(RuntimeError, match="a check failed"), files_at_head(context, ["README.md"], policy) as folder:
        assert folder is not None and (folder / "README.md").is_file() and folder.parent == temp
        raise RuntimeError("a check failed")
    assert list(temp.iterdir()) == []


def test_the_export_holds_the_reports_and_what_they_name_and_nothing_else(repo: GitRepo, tmp_path: Path) -> None:
    text = report_text("0.1.8").replace("## Conclusion", "See [the notes](notes/run.md) and ![x](../img/a.png).\n\n"
                                        "## Conclusion")
    branch_off(repo, "dev/v0.1.8", "Release", files={REPORT: text, f"{REPORTS_DIR}/notes/run.md": "notes\n",
                                                     "docs/source/examples/img/a.png": "png", "massgen/other.py": "X = 1\n"})
    repo.git("checkout", "-q", "main")
    head = repo.git("rev-parse", "dev/v0.1.8")
    folder = tmp_path / "export"
    folder.mkdir()
    export_reports(repo.path, head, [REPORT], folder, load_policy(cwd=repo.path))
    written = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    assert CONFIG in written  # the report's Baseline Config names it
    assert set(written) - {CONFIG} == {REPORT, f"{REPORTS_DIR}/notes/run.md", "docs/source/examples/img/a.png"}


REPORT = f"{REPORTS_DIR}/video-understanding.md"


def _runner(policy: Policy) -> Runner:
    return Runner(policy, GitHubSettings(api_url="http://127.0.0.1:9", token=None), offline=True)


def test_outcomes_carry_the_note_and_what_was_checked(repo: GitRepo) -> None:
    policy = load_policy(cwd=repo.path)
    branch_off(repo, "dev/v0.1.8")
    context = resolve_context(ContextOptions(), "main", cwd=repo.path, env={})
    release = check_branch(_runner(policy), context)
    assert (release.findings, release.checked) == ([], Counter(branch=1))
    assert release.notes == ["dev/v0.1.8: release branch (dev/v0.1.8 into main); no case-study issue needed"]
    released = check_release(_runner(policy), context)
    assert released.notes == [] and [f.rule for f in released.findings] == ["release-report-missing"]
    branch_off(repo, "feature/3-x")
    feature = resolve_context(ContextOptions(), "main", cwd=repo.path, env={})
    checked = check_branch(_runner(policy), feature)
    assert checked.notes == [] and [f.rule for f in checked.findings] == ["branch-issue-unverified"]
    skipped = check_release(_runner(policy), feature)
    assert (skipped.findings, skipped.checked) == ([], Counter(branch=1))
    assert skipped.notes == ["feature/3-x: not a release (feature branch); nothing to check"]


def _check(number: int, ok: bool) -> IssueCheck:
    issue = Issue("o/r", number, "t", "", ("case-study",), False, 0, "open", "")
    return IssueCheck(Reference(number, "body", Location(PR_BODY, "b"), 1, 1, 1), "o/r", issue, labelled=ok)


def test_open_checks_are_empty_once_one_issue_satisfies_the_branch() -> None:
    context = BranchContext("flags", "feature/1-x", "main", head=None, root=None)
    def target(*checks: IssueCheck) -> BranchTarget:
        return BranchTarget(context, BranchClass("feature"), (), checks, True, "", ("case-study",), "warning")

    failing = (_check(1, ok=False), _check(2, ok=False))
    assert target(*failing).open_checks() == failing
    assert target(*failing, _check(3, ok=True)).open_checks() == ()


def test_the_rule_registry_does_not_import_the_branch_machinery() -> None:
    code = ("import sys, policycheck.rules as r; assert r.rules_for('branch') and r.rules_for('release');"
            " print(sorted(m for m in sys.modules if m in ('policycheck.branches.classify', 'policycheck.branches.context',"
            " 'policycheck.sources.git', 'policycheck.branches.branch_check')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
