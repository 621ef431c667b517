"""`policycheck check-release` through the installed script: a release (dev/vX.Y.Z into main,
or a PR titled `feat: vX.Y.Z`) ships a case-study report for its version, with a video."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from branches.scenario import REPO, REPORTS_DIR, branch_off, report_text, run_online
from conftest import GitRepo, run_policycheck
from github_server import FakeGitHub

REPORT = f"{REPORTS_DIR}/video-understanding.md"


@dataclass(frozen=True)
class Case:
    name: str
    files: dict[str, str]
    code: int
    expected: tuple[tuple[str, str, int, int], ...]


CASES = [
    Case("good-report", {REPORT: report_text("0.1.8")}, 0, ()),
    Case("report-without-video", {REPORT: report_text("0.1.8", video=False)}, 1, ()),  # see the test below
    Case("report-for-wrong-version", {REPORT: report_text("0.1.7")}, 1,
         (("release-report-version", REPORT, 1, 1),)),
    Case("no-report", {"massgen/feature.py": "VALUE = 1\n"}, 1,
         (("release-report-missing", "branch:dev/v0.1.8", 1, 1),)),
]


def _findings(out: str) -> list[tuple[str, str, int, int]]:
    return [(f["rule"], f["path"], f["line"], f["column"]) for f in json.loads(out)["findings"]]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_release_branch(repo: GitRepo, case: Case) -> None:
    branch_off(repo, "dev/v0.1.8", "Release work", files=case.files)
    run = run_policycheck("check-release", "--format", "json", cwd=repo.path, env=repo.env)
    assert run.code == case.code, run.out + run.err
    if case.name == "report-without-video":
        found = json.loads(run.out)["findings"]
        demo = report_text("0.1.8", video=False).splitlines().index("## Demo") + 1  # the missing video's place
        assert [(f["path"], f["line"], f["column"]) for f in found] == [(REPORT, demo, 1)]
        assert "video" in found[0]["message"]
    else:
        assert _findings(run.out) == list(case.expected)


def test_missing_report_says_what_to_add_and_where(repo: GitRepo) -> None:
    branch_off(repo, "dev/v0.1.8")
    run = run_policycheck("check-release", cwd=repo.path, env=repo.env)
    assert run.code == 1
    assert run.out.splitlines()[:2] == [
        "branch:dev/v0.1.8:1:1: error release-report-missing release v0.1.8 adds no case-study report"
        f" (git diff {repo.git('rev-parse', 'main')[:12]}..{repo.git('rev-parse', 'HEAD')[:12]} changes no file"
        " matching the case_studies globs) and its PR body links none",
        f"    hint: add the report under {REPORTS_DIR}/: `policycheck new case-study --version 0.1.8"
        ' --title "..."`, then record the run and link its video']


def test_video_rule_holds_when_the_case_study_rule_is_off(repo: GitRepo) -> None:
    repo.write(".policycheck.yaml", "version: 1\nrules:\n  case-study-schema: 'off'\n")
    repo.commit("Policy", date="2025-03-01T11:00:00+00:00")
    branch_off(repo, "dev/v0.1.8", files={REPORT: report_text("0.1.8", video=False)})
    run = run_policycheck("check-release", "--format", "json", cwd=repo.path, env=repo.env)
    assert run.code == 1
    assert _findings(run.out) == [("release-report-video", REPORT, 1, 1)]


def test_report_range_covers_the_release(repo: GitRepo) -> None:
    text = report_text("0.1.8").replace("MassGen v0.1.8:", "MassGen v0.1.7-0.1.9:", 1)
    branch_off(repo, "dev/v0.1.8", files={REPORT: text})
    assert run_policycheck("check-release", cwd=repo.path, env=repo.env).code == 0


def test_pr_body_may_link_a_report_already_on_main(repo: GitRepo, tmp_path: Path) -> None:
    repo.write(REPORT, report_text("0.1.8"))
    repo.commit("Report written ahead of the release", date="2025-03-01T12:00:00+00:00")
    branch_off(repo, "dev/v0.1.8")
    body = tmp_path / "body.md"
    body.write_text(f"Release v0.1.8.\n\nCase study: https://github.com/{REPO}/blob/main/{REPORT}\n")
    assert run_policycheck("check-release", cwd=repo.path, env=repo.env).code == 1
    run = run_policycheck("check-release", "--body-file", str(body), cwd=repo.path, env=repo.env)
    assert run.code == 0, run.out + run.err
    assert run.out.strip() == "1 file checked: 0 errors, 0 warnings"


def test_release_by_title_and_other_branches(repo: GitRepo) -> None:
    branch_off(repo, "release-prep")
    titled = run_policycheck("check-release", "--title", "feat: v0.1.9", cwd=repo.path, env=repo.env)
    assert titled.code == 1 and "release v0.1.9 adds no case-study report" in titled.out
    plain = run_policycheck("check-release", cwd=repo.path, env=repo.env)
    assert plain.code == 0 and "not a release (feature branch)" in plain.err
    repo.git("branch", "dev/v0.1.8")  # --branch names a branch of this clone
    into_dev = run_policycheck("check-release", "--branch", "dev/v0.1.8", "--base", "dev/v0.1.9", cwd=repo.path,
                               env=repo.env)
    assert into_dev.code == 0 and "not a release (exempt branch)" in into_dev.err


def test_checks_the_head_not_the_work_tree(repo: GitRepo) -> None:
    branch_off(repo, "dev/v0.1.8", files={REPORT: report_text("0.1.8")})
    repo.git("checkout", "-q", "main")  # the work tree no longer holds the report
    run = run_policycheck("check-release", "--branch", "dev/v0.1.8", cwd=repo.path, env=repo.env)
    assert run.code == 0, run.out + run.err
    assert not (repo.path / REPORT).exists()  # read from an export, nothing written here


def test_pull_request_in_github_actions_uses_the_file_list(repo: GitRepo, github_server: FakeGitHub,
                                                          tmp_path: Path) -> None:
    branch_off(repo, "dev/v0.1.8", files={REPORT: report_text("0.1.8")})
    head = repo.git("rev-parse", "HEAD")
    github_server.add_pull_files(REPO, 77, [("modified", "massgen/cli.py"), ("modified", "README.md"),
                                            ("added", REPORT)])
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"action": "opened", "number": 77, "repository": {"full_name": REPO}, "pull_request": {
        "number": 77, "title": "feat: v0.1.8", "body": None, "labels": [],
        "head": {"ref": "dev/v0.1.8", "sha": head}, "base": {"ref": "main", "sha": repo.git("rev-parse", "main")}}}))
    env = dict(repo.env, GITHUB_TOKEN=github_server.token, GITHUB_API_URL=github_server.url, GITHUB_ACTIONS="true",
               GITHUB_EVENT_NAME="pull_request", GITHUB_EVENT_PATH=str(event), GITHUB_REPOSITORY=REPO,
               POLICYCHECK_GITHUB_BACKOFF="0", POLICYCHECK_CACHE_DIR=str(tmp_path / "cache"))
    run = run_policycheck("check-release", cwd=repo.path, env=env)
    assert run.code == 0, run.out + run.err
    assert len(github_server.requests_to("/pulls/77/files")) == 2  # two pages, no other request
    assert len(github_server.log) == 2
    github_server.add_pull_files(REPO, 77, [("modified", "massgen/cli.py")])
    assert run_policycheck("check-release", cwd=repo.path, env=env).code == 1


def test_pull_request_unreachable_github_is_exit_3(repo: GitRepo, github_server: FakeGitHub, tmp_path: Path) -> None:
    branch_off(repo, "dev/v0.1.8", files={REPORT: report_text("0.1.8")})
    github_server.fail(503, times=10)
    run = run_online(repo, github_server, tmp_path, "check-release", "--repo", REPO, "--pr", "77")
    assert run.code == 3
    assert run.err.strip() == (f"policycheck: error: GitHub at {github_server.url} answered 503 for the files of pull"
                               f" request #77 in {REPO} after 3 retries")


def test_pr_body_linking_a_missing_report_says_so(repo: GitRepo, tmp_path: Path) -> None:
    branch_off(repo, "dev/v0.1.8")
    body = tmp_path / "body.md"
    body.write_text(f"Case study: [report](./{REPORTS_DIR}/not-written-yet.md)\n")
    run = run_policycheck("check-release", "--body-file", str(body), cwd=repo.path, env=repo.env)
    assert run.code == 1
    assert f"and its PR body links {REPORTS_DIR}/not-written-yet.md, which does not exist" in run.out


def test_policy_waiver_for_a_release_branch(repo: GitRepo) -> None:
    repo.write(".policycheck.yaml", "version: 1\nwaivers:\n  - rule: release-report-missing\n    path: 'branch:dev/v*'\n"
                                    "    reason: the v0.1.8 report ships with v0.1.9\n    expires: 2099-01-31\n")
    repo.commit("Policy", date="2025-03-01T11:00:00+00:00")
    branch_off(repo, "dev/v0.1.8")
    run = run_policycheck("check-release", cwd=repo.path, env=repo.env)
    assert run.code == 0, run.out + run.err
    assert "(waived: the v0.1.8 report ships with v0.1.9)" in run.out


def test_report_in_an_export_ignored_folder_is_found(repo: GitRepo) -> None:
    # read from an export of the head: `git archive` would drop docs/ and call the report missing
    branch_off(repo, "dev/v0.1.8", files={".gitattributes": "docs/ export-ignore\n", REPORT: report_text("0.1.8")})
    repo.git("checkout", "-q", "main")
    run = run_policycheck("check-release", "--branch", "dev/v0.1.8", "--format", "json", cwd=repo.path, env=repo.env)
    assert run.code == 0, run.out + run.err
    assert json.loads(run.out)["findings"] == [] and json.loads(run.out)["summary"]["files"] == 1


def test_report_over_the_size_limit_is_not_read(repo: GitRepo) -> None:
    # the policy's limit applies to the report as check-case-study reads it: one finding, no
    # verdict on a title that was never read
    repo.write(".policycheck.yaml", "version: 1\nlimits:\n  max_file_bytes: 1500\n")
    branch_off(repo, "dev/v0.1.8", files={REPORT: report_text("0.1.7") + "\nPadding.\n" * 40})
    run = run_policycheck("check-release", "--format", "json", cwd=repo.path, env=repo.env)
    assert run.code == 1, run.out + run.err
    [finding] = json.loads(run.out)["findings"]
    assert (finding["rule"], finding["path"], finding["line"], finding["column"]) == ("file-too-large", REPORT, 1, 1)
    assert "1500" in finding["message"]


def test_branch_that_is_not_in_the_clone_is_exit_2(repo: GitRepo) -> None:
    run = run_policycheck("check-release", "--branch", "dev/v0.1.9", cwd=repo.path, env=repo.env)
    assert run.code == 2 and run.out == ""
    assert run.err.splitlines() == [("policycheck: error: branch 'dev/v0.1.9' is not in this clone (neither"
                                     " refs/heads/dev/v0.1.9 nor refs/remotes/origin/dev/v0.1.9): fetch it"
                                     " (`git fetch origin dev/v0.1.9`), or pass --head COMMIT")]


def test_a_failing_own_report_is_what_is_reported_not_old_titles(repo: GitRepo) -> None:
    old = f"{REPORTS_DIR}/older.md"
    repo.write(old, report_text("0.1.1"))
    repo.commit("An older report")
    own = report_text("0.1.9").replace("Every video is opened and described.", "TBD")
    branch_off(repo, "dev/v0.1.9", files={REPORT: own, old: report_text("0.1.1") + "\nA touch-up.\n"})
    run = run_policycheck("check-release", "--format", "json", cwd=repo.path, env=repo.env)
    findings = [(f["path"], f["rule"], f["line"]) for f in json.loads(run.out)["findings"]]
    assert run.code == 1
    assert findings == [(REPORT, "case-study-placeholder", own.splitlines().index("TBD") + 1)]


def test_unverified_reference_with_a_token_but_no_repository_hints_at_repo(git_repo: GitRepo) -> None:
    git_repo.write("a.txt", "a\n")
    git_repo.commit("Initial commit")
    git_repo.git("checkout", "-q", "-b", "feature/12-x")
    git_repo.commit("Work")
    run = run_policycheck("check-branch", "--format", "json", cwd=git_repo.path,
                          env=dict(git_repo.env, GITHUB_TOKEN="ghp_notused"))
    [finding] = json.loads(run.out)["findings"]
    assert finding["rule"] == "branch-issue-unverified"
    assert finding["hint"].startswith("pass --repo OWNER/NAME")
