"""The `github` reporter: workflow-command annotations, escaped as the Actions toolkit escapes
them, capped at what GitHub shows, non-file findings at their anchor in the policy file."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from branches.scenario import branch_off, isolated_git, repo  # noqa: F401 (fixtures)
from conftest import GitRepo
from helpers import finding, report
from reporters.support import run_format
from rules.support import repository

from policycheck.findings import ERROR, WARNING, Finding, Location
from policycheck.reporters import github
from policycheck.reporters.github import AnnotationOptions, annotation_lines
from policycheck.reporters.workspace import GitHubRun


@pytest.fixture(autouse=True)
def _in_workspace(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # findings name their files relative to the working directory


def _run(tmp_path: Path) -> GitHubRun:
    return GitHubRun(workspace=str(tmp_path))


def _spanning(line: int, column: int, end_line: int | None, end_column: int | None) -> Finding:
    return Finding("yaml-syntax", ERROR, Location("file", "a.yaml", line, column, end_line, end_column), "bad")


def test_message_and_properties_are_escaped_as_the_toolkit_does(tmp_path: Path) -> None:
    odd = finding("yaml-syntax", ERROR, "odd:name,1.yaml", 3, 7, "100% broken\r\nnext line", "fix: it, now")
    assert annotation_lines(report([odd], file=1), _run(tmp_path)) == [
        "::error file=odd%3Aname%2C1.yaml,line=3,col=7,title=yaml-syntax"
        "::100%25 broken%0D%0Anext line%0Ahint: fix: it, now"]


def test_a_title_and_a_path_cannot_open_another_command(tmp_path: Path) -> None:
    hostile = finding("yaml-syntax", WARNING, "x\n::error::owned.yaml", 1, 1, "a\n::set-output name=x::y")
    line, = annotation_lines(report([hostile]), _run(tmp_path))
    assert line == ("::warning file=x%0A%3A%3Aerror%3A%3Aowned.yaml,line=1,col=1,title=yaml-syntax"
                    "::a%0A::set-output name=x::y")
    assert "\n" not in line and "\r" not in line


@pytest.mark.parametrize(("span", "properties"), [
    ((3, 7, None, None), "line=3,col=7"),
    ((3, 7, 3, 12), "line=3,col=7,endColumn=12"),
    ((3, 7, 5, 2), "line=3,endLine=5"),  # several lines: GitHub takes no columns
])
def test_columns_only_when_the_finding_is_on_one_line(tmp_path: Path, span: tuple[int, int, int | None, int | None],
                                                       properties: str) -> None:
    assert annotation_lines(report([_spanning(*span)]), _run(tmp_path)) == [
        f"::error file=a.yaml,{properties},title=yaml-syntax::bad"]


def test_paths_are_relative_to_the_workspace_and_waived_findings_are_left_out(tmp_path: Path) -> None:
    inside = finding("file-encoding", WARNING, str(tmp_path / "configs" / "a.yaml"), 1, 1, "BOM")
    waived = finding("yaml-syntax", ERROR, "b.yaml", 2, 1, "bad", waived="legacy")
    assert annotation_lines(report([inside, waived]), _run(tmp_path)) == [
        "::warning file=configs/a.yaml,line=1,col=1,title=file-encoding::BOM"]


def test_the_workspace_is_github_workspace_else_the_working_directory(monkeypatch: pytest.MonkeyPatch,
                                                                       tmp_path: Path) -> None:
    assert GitHubRun.from_env({}).workspace == str(tmp_path)
    assert GitHubRun.from_env({"GITHUB_WORKSPACE": "/w"}).relpath("/w/x/a.yaml") == "x/a.yaml"
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path.parent))
    stream = io.StringIO()
    github.write(report([finding("yaml-syntax", ERROR, "a.yaml", 1, 2, "bad")], file=1), stream)
    assert stream.getvalue() == (f"::error file={tmp_path.name}/a.yaml,line=1,col=2,title=yaml-syntax::bad\n"
                                 "1 file checked: 1 error, 0 warnings\n")


def test_errors_first_then_the_changed_files(tmp_path: Path) -> None:
    findings = [finding("file-encoding", WARNING, "a.yaml", 1, 1, "w-a"),
                finding("file-encoding", WARNING, "b.yaml", 1, 1, "w-b"),
                finding("yaml-syntax", ERROR, "c.yaml", 1, 1, "e-c"),
                finding("yaml-syntax", ERROR, "d.yaml", 1, 1, "e-d")]
    lines = annotation_lines(report(findings), _run(tmp_path), AnnotationOptions(diff_files=frozenset({"b.yaml", "d.yaml"})))
    assert [line.rsplit("::", 1)[1] for line in lines] == ["e-d", "e-c", "w-b", "w-a"]


def test_at_most_ten_of_each_level_then_one_notice(tmp_path: Path) -> None:
    errors = [finding("yaml-syntax", ERROR, "e.yaml", n, 1, f"e{n}") for n in range(1, 14)]
    warnings = [finding("file-encoding", WARNING, "w.yaml", n, 1, f"w{n}") for n in range(1, 12)]
    lines = annotation_lines(report(errors + warnings), _run(tmp_path))
    assert [line.split(" ", 1)[0] for line in lines] == ["::error"] * 10 + ["::warning"] * 10 + ["::notice"]
    assert lines[9] == "::error file=e.yaml,line=10,col=1,title=yaml-syntax::e10"
    assert lines[-1] == ("::notice title=policycheck::4 more findings (3 errors, 1 warning) not annotated: GitHub"
                         " shows at most 10 annotations of each level per step. The job summary lists them all.")


def test_no_notice_when_everything_is_shown_and_the_job_cap_counts_the_notice(tmp_path: Path) -> None:
    errors = [finding("yaml-syntax", ERROR, "e.yaml", n, 1, f"e{n}") for n in range(1, 11)]
    assert [line.split(" ", 1)[0] for line in annotation_lines(report(errors), _run(tmp_path))] == ["::error"] * 10
    capped = annotation_lines(report(errors), _run(tmp_path), AnnotationOptions(total=5))
    assert [line.split(" ", 1)[0] for line in capped] == ["::error"] * 4 + ["::notice"]
    assert "6 more findings (6 errors, 0 warnings)" in capped[-1]


POLICY = "version: 1\nissues:\n  labels: [case-study]\nrules:\n  branch-issue-unverified: warning\n"


HINT = "%0Ahint: run without --offline to check the issue on GitHub"


def test_branch_findings_are_annotated_at_their_rules_line(repo: GitRepo, isolated_git: Path) -> None:
    repo.write(".policycheck.yaml", POLICY)
    repo.commit("Policy")
    branch_off(repo, "someone/issue_12-x", "Work")
    code, out = run_format(["check-branch", "--offline"], repo.path, "github")
    assert code == 0
    assert out.splitlines() == [
        "::warning file=.policycheck.yaml,line=5,col=1,title=branch-issue-unverified::branch:someone/issue_12-x:1:15:"
        " references issue #12 (in the branch); not verified: offline (--offline)" + HINT,
        "1 branch checked: 0 errors, 1 warning"]


def test_commit_findings_are_annotated_at_their_rules_line(repo: GitRepo, isolated_git: Path) -> None:
    repo.write(".policycheck.yaml", POLICY)
    repo.commit("Policy")
    branch_off(repo, "topic", "Work for #13")
    sha = repo.git("rev-parse", "HEAD")[:12]
    code, out = run_format(["check-branch", "--offline"], repo.path, "github")
    assert code == 0
    assert out.splitlines()[0] == (
        f"::warning file=.policycheck.yaml,line=5,col=1,title=branch-issue-unverified::commit:{sha}:1:10:"
        " references issue #13 (in the commit); not verified: offline (--offline)" + HINT)


def test_issue_findings_are_annotated_at_the_issues_section(tmp_path: Path) -> None:
    root = repository(tmp_path, {}, policy=POLICY)
    code, out = run_format(["check-issue", "--body-file", "-"], root, "github", stdin="## Prompt\n\nhello\n")
    assert code == 1
    first = out.splitlines()[0]
    assert first.startswith("::error file=.policycheck.yaml,line=2,col=1,title=issue-section-missing::<stdin>:1:1:"
                            " issue has no 'Cmd' section%0Ahint: ")


def test_with_the_built_in_policy_the_anchor_is_where_a_policy_file_would_be(repo: GitRepo,
                                                                             isolated_git: Path) -> None:
    branch_off(repo, "dev/v0.1.8", "Release work", files={"massgen/x.py": "X = 1\n"})
    code, out = run_format(["check-release", "--offline"], repo.path, "github")
    assert code == 1
    assert out.splitlines()[0].startswith(
        "::error file=.policycheck.yaml,line=1,col=1,title=release-report-missing::branch:dev/v0.1.8:1:1: release v0.1.8")
