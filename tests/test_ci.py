"""`policycheck ci` as the runner runs it: a webhook-shaped payload file, GITHUB_OUTPUT and
GITHUB_STEP_SUMMARY files, real git repositories, and the GitHub stand-in for the PR's files."""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from branches.scenario import (
    CONFIG,
    FILLED_ISSUE,
    REPO,
    REPORTS_DIR,
    UNFILLED_ISSUE,
    branch_off,
    massgen_repo,
    online_env,
    report_text,
)
from conftest import GitRepo, Run, run_policycheck
from github_server import FakeGitHub, github_server  # noqa: F401 (the fixture)

BROKEN_CONFIG = "massgen/configs/basic/single/broken.yaml"
DELIMITED = re.compile(r"^(?P<name>[\w-]+)<<(?P<delim>ghadelimiter_[0-9a-f-]{36})\n(?P<value>.*?)\n(?P=delim)\n",
                       re.S | re.M)


@pytest.fixture
def repo(git_repo: GitRepo) -> GitRepo:
    return massgen_repo(git_repo)


def parse_outputs(text: str) -> dict[str, str]:
    """GITHUB_OUTPUT in the multi-line form, as the runner reads it; every byte accounted for."""
    outputs = {m["name"]: m["value"] for m in DELIMITED.finditer(text)}
    assert "".join(m[0] for m in DELIMITED.finditer(text)) == text
    return outputs


def pr_payload(branch: str, head_sha: str, base_sha: str, body: str | None = None, title: str = "Add a tool",
               head_repo: str = REPO, number: int = 5, action: str = "opened") -> dict[str, Any]:
    return {"action": action, "number": number, "repository": {"full_name": REPO},
            "pull_request": {"number": number, "title": title, "body": body, "labels": [],
                             "head": {"ref": branch, "sha": head_sha, "repo": {"full_name": head_repo}},
                             "base": {"ref": "main", "sha": base_sha, "repo": {"full_name": REPO}}}}


class Actions:
    """The files and variables the runner gives a step."""

    def __init__(self, repo: GitRepo, tmp_path: Path, event: str, payload: dict[str, Any]):
        self.repo, self.tmp = repo, tmp_path
        self.event_file = tmp_path / "event.json"
        self.event_file.write_text(json.dumps(payload), encoding="utf-8")
        self.output, self.summary = tmp_path / "output.txt", tmp_path / "summary.md"
        self.runner_temp = tmp_path / "runner-temp"
        self.runner_temp.mkdir()
        self.output.touch()
        self.summary.touch()
        self.event = event

    def env(self, server: FakeGitHub | None = None) -> dict[str, str]:
        base = online_env(self.repo, server, self.tmp) if server else dict(self.repo.env)
        base.update(GITHUB_ACTIONS="true", GITHUB_EVENT_NAME=self.event, GITHUB_EVENT_PATH=str(self.event_file),
                    GITHUB_OUTPUT=str(self.output), GITHUB_STEP_SUMMARY=str(self.summary),
                    RUNNER_TEMP=str(self.runner_temp), GITHUB_WORKSPACE=str(self.repo.path),
                    GITHUB_REPOSITORY=REPO, GITHUB_SERVER_URL="https://github.com")
        if server:
            base["GITHUB_API_URL"] = server.url
        return base

    def run(self, *args: str, server: FakeGitHub | None = None) -> Run:
        run = run_policycheck("ci", *args, cwd=self.repo.path, env=self.env(server))
        if server:
            assert server.token not in run.out + run.err + self.summary.read_text() + self.output.read_text()
        return run

    def outputs(self) -> dict[str, str]:
        return parse_outputs(self.output.read_text(encoding="utf-8"))


def _pr(repo: GitRepo, branch: str, files: dict[str, str], message: str = "Work") -> tuple[str, str]:
    base = repo.git("rev-parse", "main")
    branch_off(repo, branch, message, files=files)
    return base, repo.git("rev-parse", "HEAD")


def test_pr_with_null_body_and_a_broken_config(repo: GitRepo, tmp_path: Path, github_server: FakeGitHub) -> None:
    base, head = _pr(repo, "feature/12-tool", {BROKEN_CONFIG: "agents: [\n"})
    github_server.add_pull_files(REPO, 5, [("added", BROKEN_CONFIG)])
    github_server.add_issue(REPO, 12, body=FILLED_ISSUE, created_at="2025-03-02T09:00:00Z")
    actions = Actions(repo, tmp_path, "pull_request", pr_payload("feature/12-tool", head, base, body=None))
    run = actions.run(server=github_server)
    assert run.code == 1, run.out + run.err
    lines = run.out.splitlines()
    assert lines[0].startswith(f"::error file={BROKEN_CONFIG},line=2,")
    assert "title=yaml-syntax::" in lines[0]
    outputs = actions.outputs()
    assert {k: outputs[k] for k in ("result", "errors", "warnings", "waived", "sarif-file")} == {
        "result": "fail", "errors": "1", "warnings": "0", "waived": "0", "sarif-file": ""}
    report = json.loads(Path(outputs["report-json"]).read_text(encoding="utf-8"))
    assert Path(outputs["report-json"]).parent == actions.runner_temp
    assert [(f["rule"], f["line"]) for f in report["findings"]] == [("yaml-syntax", 2)]
    summary = actions.summary.read_text(encoding="utf-8")
    assert summary.startswith("## ❌ policycheck failed")
    assert f"https://github.com/{REPO}/blob/{head}/{BROKEN_CONFIG}#L2" in summary
    # one page of the PR's files (the stand-in pages by 2) and one request for issue #12
    assert len(github_server.requests_to("/pulls/5/files")) == 1
    assert len(github_server.requests_to("/issues/12")) == 1


def test_fork_main_is_a_feature_branch(repo: GitRepo, tmp_path: Path) -> None:
    """A fork's `main` (the payload's head repository differs) is not the base branch: it needs
    a case-study issue. Checked out detached at the head, as actions/checkout leaves a PR."""
    base = repo.git("rev-parse", "main")
    repo.git("checkout", "-q", "--detach")
    repo.write("massgen/tool.py", "print('hi')\n")
    head = repo.commit("Add a tool", date="2025-03-03T10:00:00+00:00")
    payload = pr_payload("main", head, base, body=None, head_repo="someone/MassGen")
    actions = Actions(repo, tmp_path, "pull_request", payload)
    run = actions.run("--offline")
    assert run.code == 1, run.out + run.err
    assert [line.split("::")[1].split(" ")[0] for line in run.out.splitlines()[:-1]] == ["error"]
    assert run.out.startswith("::error file=.policycheck.yaml,line=1,col=1,title=branch-issue-reference::"
                              "branch:main:1:1: feature branch 'main' ")
    assert actions.outputs()["result"] == "fail"


def test_release_pr_without_its_report_fails(repo: GitRepo, tmp_path: Path, github_server: FakeGitHub) -> None:
    base, head = _pr(repo, "dev/v0.1.8", {"massgen/__init__.py": '__version__ = "0.1.8"\n'})
    github_server.add_pull_files(REPO, 9, [("modified", "massgen/__init__.py")])
    actions = Actions(repo, tmp_path, "pull_request", pr_payload("dev/v0.1.8", head, base, number=9,
                                                                 title="feat: v0.1.8"))
    run = actions.run(server=github_server)
    assert run.code == 1, run.out + run.err
    assert actions.outputs()["result"] == "fail"
    assert "release" in actions.summary.read_text(encoding="utf-8")
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in run.out.splitlines()[:-1])


def test_release_pr_with_its_report_passes_and_writes_sarif(repo: GitRepo, tmp_path: Path,
                                                            github_server: FakeGitHub) -> None:
    report = f"{REPORTS_DIR}/v0.1.8-video.md"
    base, head = _pr(repo, "dev/v0.1.8", {report: report_text("0.1.8")})
    github_server.add_pull_files(REPO, 9, [("added", report)])
    actions = Actions(repo, tmp_path, "pull_request", pr_payload("dev/v0.1.8", head, base, number=9,
                                                                 title="feat: v0.1.8"))
    sarif = tmp_path / "out.sarif"
    run = actions.run("--sarif", str(sarif), server=github_server)
    assert run.code == 0, run.out + run.err
    outputs = actions.outputs()
    assert (outputs["result"], outputs["errors"], outputs["sarif-file"]) == ("pass", "0", str(sarif))
    assert json.loads(sarif.read_text())["runs"][0]["automationDetails"]["id"] == "policycheck/ci/"
    assert actions.summary.read_text(encoding="utf-8").startswith("## ✅ policycheck passed")


@pytest.mark.parametrize(("body", "code", "result"), [(FILLED_ISSUE, 0, "pass"), (UNFILLED_ISSUE, 1, "fail")])
def test_issues_event_checks_the_payload_body(repo: GitRepo, tmp_path: Path, body: str, code: int,
                                              result: str) -> None:
    payload = {"action": "opened", "repository": {"full_name": REPO},
               "issue": {"number": 31, "title": "[Case Study] video", "body": body,
                         "labels": [{"name": "case-study"}]}}
    actions = Actions(repo, tmp_path, "issues", payload)
    run = actions.run()
    assert run.code == code, run.out + run.err
    assert actions.outputs()["result"] == result
    if code:
        assert f"{REPO}#31" in run.out


def test_issue_without_a_case_study_label_checks_nothing(repo: GitRepo, tmp_path: Path) -> None:
    payload = {"action": "opened", "repository": {"full_name": REPO},
               "issue": {"number": 32, "title": "a bug", "body": None, "labels": [{"name": "bug"}]}}
    actions = Actions(repo, tmp_path, "issues", payload)
    run = actions.run()
    assert run.code == 0
    assert "not a case-study issue" in run.err
    assert actions.outputs()["result"] == "pass"


def test_push_checks_the_changed_files(repo: GitRepo, tmp_path: Path) -> None:
    before = repo.git("rev-parse", "HEAD")
    repo.write(BROKEN_CONFIG, "agents: [\n")
    after = repo.commit("break a config")
    payload = {"ref": "refs/heads/main", "before": before, "after": after, "repository": {"full_name": REPO}}
    actions = Actions(repo, tmp_path, "push", payload)
    run = actions.run()
    assert run.code == 1, run.out + run.err
    assert run.out.splitlines()[0].startswith(f"::error file={BROKEN_CONFIG},line=2,")
    assert actions.outputs()["errors"] == "1"


def test_symlink_out_of_the_workspace_is_not_read(repo: GitRepo, tmp_path: Path) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text("token: s3cr3t-value\n[\n", encoding="utf-8")
    before = repo.git("rev-parse", "HEAD")
    (repo.path / "massgen/configs/basic/single/link.yaml").symlink_to(secret)
    after = repo.commit("link")
    payload = {"ref": "refs/heads/main", "before": before, "after": after, "repository": {"full_name": REPO}}
    actions = Actions(repo, tmp_path, "push", payload)
    run = actions.run()
    assert run.code == 1, run.out + run.err  # not read, and a finding says so
    assert run.out.startswith("::error file=massgen/configs/basic/single/link.yaml,line=1,col=1,title=file-unreadable::"
                              "resolves outside the repository root")
    assert "s3cr3t" not in run.out + run.err + actions.summary.read_text()


def test_outside_actions_is_one_error_line(repo: GitRepo) -> None:
    run = run_policycheck("ci", cwd=repo.path, env=repo.env)
    assert run.code == 2
    assert run.err.splitlines() == ["policycheck: error: policycheck ci runs inside GitHub Actions:"
                                    " GITHUB_EVENT_PATH and GITHUB_EVENT_NAME must be set"]


def test_config_of_the_repository_is_fine(repo: GitRepo, tmp_path: Path) -> None:
    payload = {"repository": {"full_name": REPO}}
    actions = Actions(repo, tmp_path, "workflow_dispatch", payload)
    run = actions.run()
    assert run.code == 0, run.out + run.err
    assert actions.outputs()["result"] == "pass"
    assert CONFIG not in run.out


def test_output_values_cannot_set_another_output() -> None:
    from policycheck.ci import output_text

    text = output_text({"result": "pass\nerrors<<x\n0\nx", "errors": "0"})
    assert parse_outputs(text) == {"result": "pass\nerrors<<x\n0\nx", "errors": "0"}


def test_pull_request_target_reads_the_policy_from_the_base(repo: GitRepo, tmp_path: Path) -> None:
    """The work tree's policy (written by the pull request) is not the one that applies."""
    repo.git("checkout", "-q", "main")
    repo.write(".policycheck.yaml", "version: 1\n")
    base = repo.commit("add a policy")
    branch_off(repo, "docs/readme", "Break the policy", files={".policycheck.yaml": "version: [\n"})
    head = repo.git("rev-parse", "HEAD")
    payload = pr_payload("docs/readme", head, base, body=None)
    actions = Actions(repo, tmp_path, "pull_request_target", payload)
    run = actions.run("--offline")
    assert "policy-" not in run.out, run.out + run.err
    assert (f"pull_request_target: the policy is .policycheck.yaml at the base commit {base[:12]}; the pull"
            " request's files are not checked from the work tree, and nothing from the pull request runs") in run.err
    assert actions.outputs()["result"] in ("pass", "fail")


def test_pull_request_target_anchors_branch_findings_at_the_work_trees_policy_path(repo: GitRepo,
                                                                                 tmp_path: Path) -> None:
    """The base commit's policy is read in memory, so a finding about the branch is annotated
    at the line of `.policycheck.yaml` that governs it, a file GitHub can place, not a copy."""
    repo.git("checkout", "-q", "main")
    repo.write(".policycheck.yaml", "version: 1\n\nrules:\n  branch-issue-reference: error\n")
    base = repo.commit("add a policy")
    branch_off(repo, "feature/video-tool", "Add a video tool", files={".policycheck.yaml": "version: 1\n"})
    actions = Actions(repo, tmp_path, "pull_request_target",
                      pr_payload("feature/video-tool", repo.git("rev-parse", "HEAD"), base, body="no reference"))
    run = actions.run("--offline")
    assert run.code == 1, run.out + run.err
    annotations = [line for line in run.out.splitlines() if line.startswith("::error")]
    assert annotations and all(line.startswith("::error file=.policycheck.yaml,line=4,") for line in annotations)
    assert "policycheck-base-" not in run.out + run.err + actions.summary.read_text()
