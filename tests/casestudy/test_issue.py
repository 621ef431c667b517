"""The planning-phase check of case-study issues: the real issue template unfilled and
filled, one test per issue rule, and `check-issue --body-file` as a user runs it."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from casestudy.support import GOOD_ISSUE as FILLED

from policycheck.casestudy.issue import check_issue_text
from policycheck.findings import FILE, Location, Report
from policycheck.policy import Policy, load_policy
from policycheck.runner import Runner


def check_issue_body(body: str | None, name: str, policy: Policy) -> Report:
    """check-issue's whole run on a body: one check, finalized."""
    runner = Runner(policy)
    runner.add(check_issue_text(runner, body, Location(FILE, name)))
    return runner.finalize()


def issues(repo: Path, body: str, policy_text: str | None = None) -> list[tuple[str, int, int]]:
    if policy_text is not None:
        (repo / ".policycheck.yaml").write_text(policy_text, encoding="utf-8")
    report = check_issue_body(body, "issue.md", load_policy(cwd=repo))
    return [(f.rule, f.line, f.column) for f in report.active]


def test_real_template_unfilled_fails_on_every_planning_section(corpus: Path) -> None:
    body = (corpus / ".github" / "ISSUE_TEMPLATE" / "case_study.md").read_text(encoding="utf-8")
    report = check_issue_body(body, "case_study.md", load_policy(cwd=corpus))
    empty = sorted((f.line, f.message.split("'")[1]) for f in report.active if f.rule == "issue-section-empty")
    assert empty == [(11, "Context and Motivation"), (16, "Prompt"), (23, "Baseline Config"), (30, "Baseline Command"),
                     (39, "Results & Failure Modes"), (42, "Success Criteria")]
    placeholders = [(f.line, f.column) for f in report.active if f.rule == "issue-placeholder"]
    assert (20, 1) in placeholders and (34, 55) in placeholders  # the prompt and `xxx.yaml` in the command
    assert [(f.line, f.column) for f in report.active if f.rule == "issue-section-content"] == [(23, 1)]
    assert not [f for f in report.active if f.rule == "issue-section-missing"]


def test_real_template_filled_passes(corpus: Path) -> None:
    """The template's own headings, with its instructions replaced by a real plan."""
    template = (corpus / ".github" / "ISSUE_TEMPLATE" / "case_study.md").read_text(encoding="utf-8")
    front_matter = template.split("---", 2)[:2]
    body = "---".join([*front_matter, "\n" + FILLED])
    report = check_issue_body(body, "case_study.md", load_policy(cwd=corpus))
    assert [(f.rule, f.line, f.message) for f in report.active] == []


def test_filled_issue_passes(repo: Path) -> None:
    assert issues(repo, FILLED) == []


def test_section_missing(repo: Path) -> None:
    body = FILLED.replace(
        "### Success Criteria\nSearches are shared between rounds and the answer cites each framework's docs.\n", "")
    assert body.splitlines()[19] == "## 🔧 Evaluation Analysis"
    assert issues(repo, body) == [("issue-section-missing", 20, 1)]  # under the heading it belongs to


def test_section_missing_without_its_parent_is_at_the_first_line(repo: Path) -> None:
    body = FILLED.replace("## Context and Motivation", "## Why")
    assert issues(repo, body) == [("issue-section-missing", 1, 1)]  # an issue body has no title


def test_section_empty(repo: Path) -> None:
    body = FILLED.replace("Both agents searched for the same pages in every round and ran out of budget.",
                          "<!-- describe the failure -->")
    assert issues(repo, body) == [("issue-section-empty", 22, 1)]


def test_section_holding_only_a_placeholder_is_empty_and_a_placeholder(repo: Path) -> None:
    body = FILLED.replace("Compare three Python web frameworks for a small team.",
                          "[Insert your evaluation prompt here]")
    assert issues(repo, body) == [("issue-section-empty", 7, 1), ("issue-placeholder", 9, 1)]


def test_config_section_without_a_config(repo: Path) -> None:
    body = FILLED.replace("`massgen/configs/basic/two_agents.yaml`", "The usual two agents.")
    assert issues(repo, body) == [("issue-section-content", 12, 1)]


def test_config_section_with_a_yaml_block_counts(repo: Path) -> None:
    body = FILLED.replace("`massgen/configs/basic/two_agents.yaml`",
                          "```yaml\nagents:\n  - id: a\n    backend: {type: openai, model: gpt-4o}\n```")
    assert issues(repo, body) == []


def test_command_section_without_a_command(repo: Path) -> None:
    body = FILLED.replace(
        'uv run massgen --config massgen/configs/basic/two_agents.yaml "Compare three Python web frameworks"',
                          "run it the usual way")
    assert issues(repo, body) == [("issue-section-content", 15, 1)]


def test_placeholder(repo: Path) -> None:
    body = FILLED.replace("ran out of budget.", "ran out of budget.\nCost numbers: TBD")
    policy = 'version: 1\nissues:\n  placeholders: ["TBD"]\n'
    assert issues(repo, body, policy) == [("issue-placeholder", 24, 15)]


def test_a_line_holding_a_placeholder_does_not_count_as_content(repo: Path) -> None:
    body = FILLED.replace("ran out of budget.", "ran out of budget (numbers TBD).")
    policy = 'version: 1\nissues:\n  placeholders: ["TBD"]\n'
    assert issues(repo, body, policy) == [("issue-section-empty", 22, 1), ("issue-placeholder", 23, 87)]


def test_schema_needs_headings(repo: Path) -> None:
    policy = "version: 1\nissues:\n  sections: []\n"
    assert issues(repo, "Just a paragraph, no headings.\n", policy) == [("issue-schema", 1, 1)]


def test_waiver_without_reason_and_waived_findings(repo: Path) -> None:
    body = FILLED.replace("### Baseline Config\n",
                          "<!-- policycheck: disable=issue-section-content -->\n### Baseline Config\n")
    body = body.replace("`massgen/configs/basic/two_agents.yaml`", "The usual two agents.")
    assert issues(repo, body) == [("issue-waiver", 12, 1), ("issue-section-content", 13, 1)]
    waived = body.replace("disable=issue-section-content -->",
                          'disable=issue-section-content reason="config pasted below the fold" -->')
    report = check_issue_body(waived, "issue.md", load_policy(cwd=repo))
    assert [(f.rule, f.line, f.waived) for f in report.findings] == [
        ("issue-section-content", 13, "config pasted below the fold (inline waiver at line 12)")]
    assert report.exit_code() == 0


def test_empty_and_none_bodies(repo: Path) -> None:
    for body in ("", None):
        found = issues(repo, body)  # type: ignore[arg-type]
        assert ("issue-schema", 1, 1) in found
        assert sum(1 for f in found if f[0] == "issue-section-missing") == 6


def test_body_over_the_size_limit(repo: Path) -> None:
    policy = "version: 1\nlimits:\n  max_file_bytes: 100\n"
    assert issues(repo, FILLED, policy) == [("file-too-large", 1, 1)]


def test_check_issue_cli_file_stdin_and_json(repo: Path, cli: Any) -> None:
    (repo / "good.md").write_text(FILLED, encoding="utf-8")
    run = cli("check-issue", "--body-file", "good.md", cwd=repo)
    assert (run.code, run.out.strip()) == (0, "1 issue checked: 0 errors, 0 warnings")
    bad = FILLED.replace("`massgen/configs/basic/two_agents.yaml`", "The usual two agents.")
    run = cli("check-issue", "--body-file", "-", "--format", "json", cwd=repo, stdin=bad)
    assert run.code == 1
    report = json.loads(run.out)
    assert [(f["rule"], f["path"], f["line"], f["column"]) for f in report["findings"]] == [
        ("issue-section-content", "<stdin>", 12, 1)]


def test_check_issue_cli_bad_input_is_one_clear_line(repo: Path, cli: Any) -> None:
    # a body that cannot be decoded is a finding, as in check-case-study (test_review_regressions)
    (repo / "folder").mkdir()
    for args, message in (
        (("--body-file", "folder"), "policycheck: error: folder: is a directory, not a file"),
        (("--body-file", "missing.md"), "policycheck: error: missing.md: no such file"),
        ((), "policycheck: error: pass either --body-file FILE or --number N"),
    ):
        run = cli("check-issue", *args, cwd=repo)
        assert (run.code, run.err.strip(), run.out) == (2, message, "")


def test_issue_report_is_the_check_before_finalizing(repo: Path) -> None:
    """A nested check (check-branch reading an issue) must not report the policy's expired
    waivers as the issue's defects: the check leaves finalizing to the runner."""
    (repo / ".policycheck.yaml").write_text(
        "version: 1\nwaivers:\n  - {rule: issue-placeholder, path: 'x.md', reason: old, expires: 2020-01-01}\n",
        encoding="utf-8")
    policy = load_policy(cwd=repo)
    body = FILLED.replace("## Context and Motivation", "## Why")
    nested = check_issue_text(Runner(policy), body, Location(FILE, "issue.md"))
    assert [(f.rule, f.line, f.column) for f in nested.findings] == [
        ("issue-section-missing", 1, 1)]
    assert [(f.rule, f.line, f.column) for f in check_issue_body(body, "issue.md", policy).active] == [
        ("policy-waiver-expired", 3, 1), ("issue-section-missing", 1, 1)]  # sorted by path: the policy first
