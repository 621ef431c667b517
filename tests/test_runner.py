"""The check runner: checks return outcomes; the runner finalizes once (waivers, expired
waivers once, sorting, counts by subject), and nested checks ask it for what blocks."""
from __future__ import annotations

import datetime
import io
import json
import subprocess
from collections import Counter
from pathlib import Path

from conftest import clean_env
from helpers import finding

from policycheck.branches.branch_check import check_branch
from policycheck.branches.context import ContextOptions, resolve_context
from policycheck.findings import BRANCH, COMMIT, FILE, ISSUE, POLICY, PR_BODY, Finding, Location, Outcome
from policycheck.pipeline import check_files
from policycheck.policy import Policy, load_policy
from policycheck.reporters import json_report, text
from policycheck.runner import Runner

TODAY = datetime.date(2026, 11, 26)
EXPIRED = "  - {rule: config-unknown-key, path: 'nowhere/*', reason: old, expires: 2026-11-25}\n"


def _policy(tmp_path: Path, body: str = "") -> Policy:
    (tmp_path / ".policycheck.yaml").write_text("version: 1\n" + body)
    return load_policy(cwd=tmp_path)


def test_waivers_cover_matching_findings_until_they_expire(tmp_path: Path) -> None:
    policy = _policy(tmp_path, (
        "waivers:\n"
        "  - {rule: yaml-syntax, path: 'cfg/*.yaml', reason: being rewritten, expires: 2026-12-31}\n"
        "  - {rule: file-encoding, path: '**', reason: old, expires: 2026-11-25}\n"))
    runner = Runner(policy, today=TODAY)
    runner.add(Outcome([
        finding("yaml-syntax", "error", str(tmp_path / "cfg" / "a.yaml"), 1, 1, "bad"),
        finding("yaml-syntax", "error", str(tmp_path / "other" / "b.yaml"), 1, 1, "bad"),
        finding("file-encoding", "error", str(tmp_path / "cfg" / "a.yaml"), 2, 1, "latin-1"),
    ], Counter(file=2)))
    report = runner.finalize()
    waived = [(Path(f.path).name, f.rule, f.waived) for f in report.waived]
    assert waived == [("a.yaml", "yaml-syntax", "being rewritten")]
    active = [(Path(f.path).name, f.rule, f.line) for f in report.active]
    assert ("b.yaml", "yaml-syntax", 1) in active and ("a.yaml", "file-encoding", 2) in active
    expired = [f for f in report.active if f.rule == "policy-waiver-expired"]
    assert len(expired) == 1
    assert (expired[0].location.kind, expired[0].location.name, expired[0].line) == (POLICY, policy.source, 4)
    assert expired[0].severity == "warning" and "expired on 2026-11-25" in expired[0].message
    assert report.exit_code() == 1 and report.files == 2


def test_findings_are_sorted_by_path_line_column(tmp_path: Path) -> None:
    runner = Runner(_policy(tmp_path), today=TODAY)
    runner.add(Outcome([finding("r", "error", "b", 1, 1, "m"), finding("r", "error", "a", 9, 2, "m")]))
    runner.add(Outcome([finding("r", "error", "a", 9, 1, "m"), finding("r", "error", "a", 2, 5, "m")]))
    report = runner.finalize()
    assert [(f.path, f.line, f.column) for f in report.findings] == [("a", 2, 5), ("a", 9, 1), ("a", 9, 2), ("b", 1, 1)]


def test_exit_code_counts_warnings_only_when_strict(tmp_path: Path) -> None:
    runner = Runner(_policy(tmp_path), today=TODAY)
    runner.add(Outcome([finding("r", "warning", "a", 1, 1, "m")]))
    report = runner.finalize()
    assert report.exit_code() == 0 and report.exit_code(strict=True) == 1
    runner = Runner(_policy(tmp_path), today=TODAY)
    runner.add(Outcome([finding("r", "error", "a", 1, 1, "m", waived="ok")]))
    assert runner.finalize().exit_code(strict=True) == 0


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                   env=clean_env(GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.invalid",
                                 GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.invalid"))


def test_one_run_of_a_file_check_and_a_branch_check_reports_an_expired_waiver_once(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    config = repo / "massgen" / "configs" / "a.yaml"
    config.parent.mkdir(parents=True)
    config.write_text("agent:\n  id: a\n  backend: {type: openai, model: gpt-4o}\n")
    policy = _policy(repo, "waivers:\n" + EXPIRED)
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "base")
    _git(repo, "checkout", "-qb", "feature/no-issue")
    _git(repo, "commit", "-q", "--allow-empty", "-m", "work without a reference")
    context = resolve_context(ContextOptions(), "main", cwd=repo, env={})
    runner = Runner(policy, offline=True, today=TODAY)
    runner.add(check_files(runner, "config", [str(config)]))
    runner.add(check_branch(runner, context))
    report = runner.finalize()
    assert [f.rule for f in report.findings].count("policy-waiver-expired") == 1
    assert (report.checked["file"], report.checked["branch"], report.checked["issue"]) == (1, 1, 0)
    assert text.summary_line(report).startswith("1 file and 1 branch checked: 1 error, 1 warning")
    branch_findings = [f for f in report.findings if f.location.kind == BRANCH]
    assert [(f.rule, f.path, f.line) for f in branch_findings] == [("branch-issue-reference", "branch:feature/no-issue", 1)]


def test_a_nested_check_sees_the_policy_waivers_but_does_not_finalize(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    config = repo / "massgen" / "configs" / "a.yaml"
    config.parent.mkdir(parents=True)
    config.write_text("agent:\n  backend: {type: openai, model: gpt-4o}\n")  # no id: an error
    policy = _policy(repo, "waivers:\n  - {rule: config-schema, path: 'massgen/configs/a.yaml', reason: wip,"
                           " expires: 2099-01-01}\n" + EXPIRED)
    runner = Runner(policy, today=TODAY)
    assert runner.config_errors(str(config)) == []  # waived by the policy
    assert runner.finalize().findings[0].rule == "policy-waiver-expired"  # once, by the run itself


def test_every_kind_of_location_survives_the_text_and_json_reporters(tmp_path: Path) -> None:
    locations = [Location(FILE, "docs/r.md", 3, 2, 3, 9), Location(POLICY, str(tmp_path / ".policycheck.yaml"), 4, 1),
                 Location(BRANCH, "feature/x", 1, 9), Location(COMMIT, "abc123def456", 2, 1),
                 Location(PR_BODY, "pull/12/body", 5, 7), Location(ISSUE, "o/n#3", 6, 1)]
    runner = Runner(_policy(tmp_path), today=TODAY)
    runner.add(Outcome([Finding("r", "error", loc, f"m{i}") for i, loc in enumerate(locations)],
                       Counter(file=1, branch=1, issue=1)))
    report = runner.finalize()
    out = io.StringIO()
    text.write(report, out)
    lines = out.getvalue().splitlines()
    for expected in ("docs/r.md:3:2: error r m0", "branch:feature/x:1:9: error r m2", "commit:abc123def456:2:1: error r m3",
                     "pull/12/body:5:7: error r m4", "o/n#3:6:1: error r m5"):
        assert expected in lines
    assert lines[-1] == "1 file, 1 branch and 1 issue checked: 6 errors, 0 warnings"
    out = io.StringIO()
    json_report.write(report, out)
    document = json.loads(out.getvalue())
    kinds = {f["message"]: (f["kind"], f["path"], f["line"], f["column"]) for f in document["findings"]}
    assert kinds["m2"] == (BRANCH, "branch:feature/x", 1, 9) and kinds["m3"] == (COMMIT, "commit:abc123def456", 2, 1)
    assert kinds["m0"] == (FILE, "docs/r.md", 3, 2) and kinds["m5"] == (ISSUE, "o/n#3", 6, 1)
    assert [f["end_column"] for f in document["findings"] if f["message"] == "m0"] == [9]
    assert document["summary"]["checked"] == {"file": 1, "branch": 1, "issue": 1}


def test_a_finding_without_a_file_is_anchored_at_the_policy_line_that_governs_it(tmp_path: Path) -> None:
    policy = _policy(tmp_path, "branches:\n  skip_labels: [skip]\nrules:\n  branch-issue-label: warning\n")
    assert policy.anchor("branch-issue-reference", "branch") == Location(POLICY, policy.source, 2)
    assert policy.anchor("branch-issue-label", "branch") == Location(POLICY, policy.source, 5)
    assert policy.anchor("issue-schema", "issue") == Location(POLICY, policy.source, 1)  # no `issues:` section
    (tmp_path / ".policycheck.yaml").unlink()
    default = load_policy(cwd=tmp_path)
    assert default.anchor("branch-issue-reference", "branch") == Location(POLICY, str(tmp_path / ".policycheck.yaml"))
