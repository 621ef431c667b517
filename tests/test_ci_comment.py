"""`policycheck ci --comment`: the pull request comment found again by its marker and edited,
never posted twice, none on a clean PR, "resolved" once clean, the release's "new file" link,
the fork skip, the size cap; and a re-run that re-reads the pull request. Against the GitHub
stand-in's real HTTP server, with the installed script."""
from __future__ import annotations

import json
import subprocess
import urllib.parse
from pathlib import Path

import pytest
from branches.scenario import FILLED_ISSUE, REPO, massgen_repo
from conftest import PROJECT, GitRepo, run_policycheck
from github_server import FakeGitHub, Logged, github_server  # noqa: F401 (the fixture)
from ruamel.yaml import YAML
from test_ci import BROKEN_CONFIG, Actions, _pr, pr_payload

from policycheck.comment import MARKER, MAX_CHARS, MAX_URL, NewFile, PullTarget, body, new_file_url
from policycheck.findings import ERROR, FILE, Finding, Location, Report
from policycheck.reporters.workspace import GitHubRun

FEATURE = "feature/12-tool"
COMMENTS = f"/repos/{REPO}/issues/5/comments"


@pytest.fixture
def repo(git_repo: GitRepo) -> GitRepo:
    return massgen_repo(git_repo)


def feature_pr(repo: GitRepo, tmp_path: Path, server: FakeGitHub, files: dict[str, str],
               head_repo: str = REPO) -> Actions:
    """PR #5 from FEATURE (which references the filled-in issue #12) changing `files`."""
    base, head = _pr(repo, FEATURE, files)
    server.add_pull(REPO, 5, FEATURE, base="main")
    server.add_pull_files(REPO, 5, [("added", path) for path in files])
    server.add_issue(REPO, 12, body=FILLED_ISSUE, created_at="2025-03-02T09:00:00Z")
    return Actions(repo, tmp_path, "pull_request", pr_payload(FEATURE, head, base, head_repo=head_repo))


def writes(server: FakeGitHub) -> list[tuple[str, str]]:
    return [(e.method, e.path) for e in server.log if e.method in ("POST", "PATCH")]


def comment_requests(server: FakeGitHub) -> list[Logged]:
    return [e for e in server.log if "/comments" in e.path]


def test_findings_get_one_comment_edited_on_the_next_run(repo: GitRepo, tmp_path: Path,
                                                         github_server: FakeGitHub) -> None:
    actions = feature_pr(repo, tmp_path, github_server, {BROKEN_CONFIG: "agents: [\n"})
    head = repo.git("rev-parse", "HEAD")
    for earlier in ("looks good", "ship it", "one more"):  # page 1 of the list (the stand-in pages by 2)
        github_server.add_comment(REPO, 5, earlier, bot=False)
    run = actions.run("--comment", server=github_server)
    assert run.code == 1, run.out + run.err
    thread = github_server.comments_on(REPO, 5)
    assert len(thread) == 4
    text = thread[3]["body"]
    assert text.startswith(MARKER + "\n## ❌ policycheck failed: 1 error, 0 warnings\n\n| checked | errors |")
    assert "### `yaml-syntax` (1)" in text and "**Fix:**" in text
    assert f"[{BROKEN_CONFIG}:2](https://github.com/{REPO}/blob/{head}/{BROKEN_CONFIG}#L2)" in text
    assert [(e.method, e.path) for e in comment_requests(github_server)] == [
        ("GET", f"{COMMENTS}?per_page=100"), ("GET", f"{COMMENTS}?page=2&per_page=2"), ("POST", COMMENTS)]
    assert f"policycheck: comment: posted comment {thread[3]['id']} on #5" in run.err

    github_server.log.clear()
    again = actions.run("--comment", server=github_server)
    assert again.code == 1
    assert len(github_server.comments_on(REPO, 5)) == 4  # never a second one
    assert writes(github_server) == [("PATCH", f"/repos/{REPO}/issues/comments/{thread[3]['id']}")]
    assert f"edited comment {thread[3]['id']} on #5" in again.err


def test_clean_pr_without_an_earlier_comment_gets_none(repo: GitRepo, tmp_path: Path,
                                                       github_server: FakeGitHub) -> None:
    actions = feature_pr(repo, tmp_path, github_server, {"massgen/tool.py": "print('hi')\n"})
    run = actions.run("--comment", server=github_server)
    assert run.code == 0, run.out + run.err
    assert github_server.comments_on(REPO, 5) == []
    assert writes(github_server) == []
    assert len(comment_requests(github_server)) == 1  # the list, to find an earlier comment
    assert "policycheck: comment: no findings, so no comment on #5" in run.err


def test_pr_that_becomes_clean_has_its_comment_resolved(repo: GitRepo, tmp_path: Path,
                                                        github_server: FakeGitHub) -> None:
    actions = feature_pr(repo, tmp_path, github_server, {"massgen/tool.py": "print('hi')\n"})
    planted = github_server.add_comment(REPO, 5, f"{MARKER}\nI typed the marker by hand", bot=False)
    ours = github_server.add_comment(REPO, 5, f"{MARKER}\n## ❌ policycheck failed: ...")
    run = actions.run("--comment", server=github_server)
    assert run.code == 0, run.out + run.err
    assert writes(github_server) == [("PATCH", f"/repos/{REPO}/issues/comments/{ours['id']}")]
    assert ours["body"].startswith(f"{MARKER}\n## ✅ policycheck: resolved\n\nNo findings at [")
    assert planted["body"] == f"{MARKER}\nI typed the marker by hand"  # a person's comment is left alone


def test_release_pr_links_the_report_skeleton(repo: GitRepo, tmp_path: Path, github_server: FakeGitHub) -> None:
    base, head = _pr(repo, "dev/v0.1.8", {"massgen/__init__.py": '__version__ = "0.1.8"\n'})
    github_server.add_pull(REPO, 9, "dev/v0.1.8", base="main")
    github_server.add_pull_files(REPO, 9, [("modified", "massgen/__init__.py")])
    actions = Actions(repo, tmp_path, "pull_request", pr_payload("dev/v0.1.8", head, base, number=9,
                                                                 title="feat: v0.1.8"))
    run = actions.run("--comment", server=github_server)
    assert run.code == 1, run.out + run.err
    text = github_server.comments_on(REPO, 9)[0]["body"]
    assert "### `release-report-missing` (1)" in text
    start = text.index(f"(https://github.com/{REPO}/new/dev/v0.1.8?filename=")
    url = text[start + 1:text.index(")", start)]
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)
    assert query["filename"] == ["docs/source/examples/case_studies/v0-1-8-case-study.md"]
    written = run_policycheck("new", "case-study", "--version", "0.1.8", "--title", "v0.1.8 case study",
                              cwd=repo.path, env=repo.env)
    assert written.code == 0, written.err
    assert query["value"] == [(repo.path / query["filename"][0]).read_text(encoding="utf-8")]
    assert len(url) <= MAX_URL


def test_fork_pr_skips_the_comment_and_says_so(repo: GitRepo, tmp_path: Path, github_server: FakeGitHub) -> None:
    actions = feature_pr(repo, tmp_path, github_server, {BROKEN_CONFIG: "agents: [\n"}, head_repo="someone/MassGen")
    run = actions.run("--comment", server=github_server)
    assert run.code == 1, run.out + run.err
    assert comment_requests(github_server) == []
    note = ("comment: skipped: a pull request from a fork gets a read-only token; the workflow_run recipe"
            " (docs/workflows/pr-comment.yml) posts the comment from the base repository")
    assert f"policycheck: {note}" in run.err.splitlines()
    assert actions.summary.read_text(encoding="utf-8").endswith(
        "\n> policycheck comment: skipped: a pull request from a fork gets a read-only token; the workflow\\_run"
        " recipe (docs/workflows/pr-comment.yml) posts the comment from the base repository\n")


def test_rerun_reads_the_pull_request_again(repo: GitRepo, tmp_path: Path, github_server: FakeGitHub) -> None:
    """The payload's body (the first attempt's) lacks the issue; the body on GitHub now has it."""
    base, head = _pr(repo, "add-video-tool", {"massgen/tool.py": "print('hi')\n"})
    pull = github_server.add_pull(REPO, 5, "add-video-tool", base="main", body="Closes #12")
    pull["head"]["sha"], pull["base"]["sha"] = head, base
    github_server.add_pull_files(REPO, 5, [("added", "massgen/tool.py")])
    github_server.add_issue(REPO, 12, body=FILLED_ISSUE, created_at="2025-03-02T09:00:00Z")
    actions = Actions(repo, tmp_path, "pull_request", pr_payload("add-video-tool", head, base, body="no reference"))
    first = actions.run(server=github_server)
    assert first.code == 1, first.out + first.err  # the first attempt reads the payload: no issue referenced
    assert "title=branch-issue-reference::" in first.out
    assert [e for e in github_server.log if e.path == f"/repos/{REPO}/pulls/5"] == []
    github_server.log.clear()
    env = dict(actions.env(github_server), GITHUB_RUN_ATTEMPT="2")
    rerun = run_policycheck("ci", cwd=repo.path, env=env)
    assert rerun.code == 0, rerun.out + rerun.err
    assert [(e.method, e.path) for e in github_server.log if e.path == f"/repos/{REPO}/pulls/5"] == [
        ("GET", f"/repos/{REPO}/pulls/5")]
    assert "policycheck: re-run (attempt 2): pull request #5 re-read from GitHub" in rerun.err
    assert len(github_server.requests_to("/issues/12")) == 1


def test_action_passes_comment_to_ci(tmp_path: Path) -> None:
    """The action's run step, with a stand-in policycheck that prints its arguments."""
    step = next(s for s in YAML(typ="safe").load((PROJECT / "action.yml").read_text())["runs"]["steps"]
                if s.get("id") == "check")
    fake = tmp_path / "policycheck-venv" / "bin" / "policycheck"
    fake.parent.mkdir(parents=True)
    fake.write_text('#!/bin/sh\nprintf "%s\\n" "$@"\n', encoding="utf-8")
    fake.chmod(0o755)
    env = {"PATH": "/usr/bin:/bin", "RUNNER_TEMP": str(tmp_path), "INPUT_CHECKS": "", "INPUT_POLICY": "",
           "INPUT_STRICT": "false", "INPUT_SARIF": "", "INPUT_WORKING_DIRECTORY": "."}
    for flag, expected in (("true", ["ci", "--comment"]), ("false", ["ci"])):
        proc = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=tmp_path, env={**env, "INPUT_COMMENT": flag},
                              capture_output=True, text=True, timeout=30)
        assert (proc.returncode, proc.stdout.splitlines()) == (0, expected), proc.stderr


def _findings(count: int) -> Report:
    findings = [Finding("yaml-syntax", ERROR, Location(FILE, f"massgen/configs/c{i}.yaml", 2, 1),
                        "unexpected end of the stream " + "x" * 80) for i in range(count)]
    report = Report(findings=findings)
    report.checked["file"] = count
    return report


def test_long_comment_stays_under_githubs_limit() -> None:
    run = GitHubRun(workspace="/w", repository=REPO, sha="a" * 40)
    text = body(_findings(2000), run, PullTarget(REPO, 5))
    assert len(text) < MAX_CHARS
    shown = text.count("- **error**")
    assert 100 < shown < 2000
    assert (f"\n**{2000 - shown} findings left out** to keep this comment under 65,536 characters; the job"
            " summary and the JSON report list every finding.\n") in text


def test_new_file_link_drops_a_skeleton_too_long_for_a_url() -> None:
    short = new_file_url("https://github.com", REPO, "dev/v0.1.8", NewFile("docs/a b.md", "# T&1\n"))
    assert short == f"https://github.com/{REPO}/new/dev/v0.1.8?filename=docs/a%20b.md&value=%23%20T%261%0A"
    long = new_file_url("https://github.com", REPO, "dev/v0.1.8", NewFile("docs/a.md", "é" * 3000))
    assert long == f"https://github.com/{REPO}/new/dev/v0.1.8?filename=docs/a.md"


def test_json_report_is_unchanged_by_the_comment(repo: GitRepo, tmp_path: Path, github_server: FakeGitHub) -> None:
    actions = feature_pr(repo, tmp_path, github_server, {BROKEN_CONFIG: "agents: [\n"})
    actions.run("--comment", server=github_server)
    report = json.loads(Path(actions.outputs()["report-json"]).read_text(encoding="utf-8"))
    assert [(f["rule"], f["line"], f["column"]) for f in report["findings"]] == [("yaml-syntax", 2, 1)]


def test_comment_from_a_saved_report_for_a_fork(repo: GitRepo, tmp_path: Path, github_server: FakeGitHub) -> None:
    """The workflow_run recipe: the fork's run saves its report; the base repository's job,
    with no checkout, posts the comment from it."""
    actions = feature_pr(repo, tmp_path, github_server, {BROKEN_CONFIG: "agents: [\n"}, head_repo="someone/MassGen")
    head = repo.git("rev-parse", "HEAD")
    github_server.pulls[REPO, 5]["head"].update(sha=head, repo={"full_name": "someone/MassGen"})
    actions.run("--comment", server=github_server)
    saved = actions.outputs()["report-json"]
    github_server.log.clear()
    empty = tmp_path / "no-checkout"
    empty.mkdir()
    env = dict(actions.env(github_server), GITHUB_EVENT_NAME="workflow_run", GITHUB_WORKSPACE=str(empty))
    run = run_policycheck("ci", "--comment-from", saved, "--pr", "5", "--head-sha", head, cwd=empty, env=env)
    assert run.code == 0, run.out + run.err
    assert [(e.method, e.path.split("?")[0]) for e in github_server.log] == [
        ("GET", f"/repos/{REPO}/pulls/5"), ("GET", COMMENTS), ("POST", COMMENTS)]
    text = github_server.comments_on(REPO, 5)[0]["body"]
    assert f"[{BROKEN_CONFIG}:2](https://github.com/{REPO}/blob/{head}/{BROKEN_CONFIG}#L2)" in text
    assert run.out == ""

    github_server.log.clear()
    other = run_policycheck("ci", "--comment-from", saved, "--pr", "5", "--head-sha", "f" * 40, cwd=empty, env=env)
    assert other.code == 2
    assert other.err.splitlines() == [f"policycheck: error: --comment-from: pull request #5's head is {head[:12]},"
                                      " not ffffffffffff: the report is not about it, so nothing is posted"]
    assert writes(github_server) == []


def test_comment_from_something_that_is_not_a_report(repo: GitRepo, tmp_path: Path,
                                                     github_server: FakeGitHub) -> None:
    bogus = tmp_path / "report.json"
    summary = {"files": 0, "checked": {"file": 0, "branch": 0, "issue": 0}, "errors": 0, "warnings": 0}
    bogus.write_text(json.dumps({"version": 2, "findings": [], "summary": summary}), encoding="utf-8")
    env = dict(repo.env, GITHUB_TOKEN=github_server.token, GITHUB_API_URL=github_server.url, GITHUB_REPOSITORY=REPO)
    run = run_policycheck("ci", "--comment-from", str(bogus), "--pr", "5", cwd=tmp_path, env=env)
    assert run.code == 2
    assert run.err.splitlines() == [f"policycheck: error: --comment-from {bogus}: not a policycheck JSON report:"
                                    " 1 was expected"]
    assert github_server.log == []


def test_comment_from_a_report_with_an_unknown_rule(repo: GitRepo, tmp_path: Path,
                                                    github_server: FakeGitHub) -> None:
    """The report comes from a fork's run: a made-up rule id would reach the comment's headings."""
    bogus = tmp_path / "report.json"
    finding = {"rule": "x` <img src=x>", "severity": "error", "path": "a.yaml", "line": 1, "column": 1,
               "message": "m", "hint": None}
    summary = {"files": 1, "checked": {"file": 1, "branch": 0, "issue": 0}, "errors": 1, "warnings": 0}
    bogus.write_text(json.dumps({"version": 1, "findings": [finding], "summary": summary}), encoding="utf-8")
    env = dict(repo.env, GITHUB_TOKEN=github_server.token, GITHUB_API_URL=github_server.url, GITHUB_REPOSITORY=REPO)
    run = run_policycheck("ci", "--comment-from", str(bogus), "--pr", "5", cwd=tmp_path, env=env)
    assert run.code == 2
    assert run.err.splitlines() == [f"policycheck: error: --comment-from {bogus}: not a policycheck JSON report:"
                                    " unknown rule 'x` <img src=x>'"]
    assert github_server.log == []


def test_comment_recipe_matches_the_pr_workflow() -> None:
    """pr-comment.yml follows pr-checks.yml's runs, reads the artifact that one uploads, checks
    nothing out, and is the only job with write access (to pull requests, nothing else)."""
    load = YAML(typ="safe").load
    checks = load((PROJECT / "docs/workflows/pr-checks.yml").read_text(encoding="utf-8"))
    recipe = load((PROJECT / "docs/workflows/pr-comment.yml").read_text(encoding="utf-8"))
    assert recipe["on"]["workflow_run"]["workflows"] == [checks["name"]]
    uploaded = [s["with"]["name"] for s in checks["jobs"]["policycheck"]["steps"] if "upload-artifact" in s.get("uses", "")]
    steps = recipe["jobs"]["comment"]["steps"]
    downloaded = [s["with"]["name"] for s in steps if "download-artifact" in s.get("uses", "")]
    assert uploaded == downloaded == ["policycheck-report"]
    assert not any("checkout" in s.get("uses", "") for s in steps)
    assert recipe["permissions"] == {} and checks["permissions"] == {}
    assert recipe["jobs"]["comment"]["permissions"] == {"actions": "read", "pull-requests": "write"}
    assert "write" not in checks["jobs"]["policycheck"]["permissions"].values()
    assert "--comment-from \"$REPORT_DIR/report.json\"" in steps[-1]["run"]
