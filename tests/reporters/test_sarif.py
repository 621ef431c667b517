"""The `sarif` reporter: SARIF 2.1.0 valid against the published schema, as GitHub code
scanning takes it (every rule, physical locations, fingerprints, suppressions, category)."""
from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from branches.scenario import branch_off, isolated_git, repo  # noqa: F401 (fixtures)
from casestudy.support import CONFIG, GOOD_REPORT, REPORTS
from conftest import SHARED, GitRepo
from helpers import finding, report
from reporters.support import run_format
from rules.support import repository

from policycheck.findings import ERROR, Finding, Location, Outcome
from policycheck.policy import load_policy
from policycheck.reporters.ruledocs import rule_doc
from policycheck.reporters.sarif import document
from policycheck.reporters.workspace import GitHubRun
from policycheck.rules import RULES
from policycheck.runner import Runner

SCHEMA = SHARED / "schemas" / "sarif-2.1.0.json"
BROKEN = "agent:\n  backend: {type: openai, model: gpt-4o}\n"  # no id: a config-schema error


@pytest.fixture
def sarif_schema() -> dict[str, Any]:
    """The SARIF 2.1.0 schema from the shared folder; tests that need it skip where it is absent."""
    if not SCHEMA.is_file():
        pytest.skip(f"SARIF schema not found at {SCHEMA}: put the shared folder beside the clone, or set"
                    " POLICYCHECK_SHARED to a folder holding schemas/sarif-2.1.0.json")
    schema: dict[str, Any] = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return schema


def _valid(log: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    import jsonschema

    errors = [f"{list(e.absolute_path)}: {e.message}" for e in jsonschema.Draft4Validator(schema).iter_errors(log)]
    assert errors == []
    return log


def _sarif(args: list[str], cwd: Path, stdin: str | None = None) -> tuple[int, dict[str, Any]]:
    code, out = run_format(args, cwd, "sarif", stdin)
    return code, json.loads(out)


def test_a_config_run_validates_and_carries_every_rule(tmp_path: Path, sarif_schema: dict[str, Any]) -> None:
    root = repository(tmp_path / "repo", {"massgen/configs/a.yaml": BROKEN})
    code, log = _sarif(["check-config", "massgen/configs/a.yaml"], root)
    assert code == 1
    run = _valid(log, sarif_schema)["runs"][0]
    assert log["version"] == "2.1.0"
    assert run["automationDetails"] == {"id": "policycheck/check-config/"}
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == list(RULES)
    schema_rule = rules[list(RULES).index("config-schema")]
    doc = rule_doc("config-schema")
    assert schema_rule["shortDescription"] == {"text": RULES["config-schema"].SUMMARY}
    assert schema_rule["fullDescription"] == {"text": doc.section("What")}
    assert schema_rule["help"]["text"] == doc.text and schema_rule["help"]["markdown"].startswith("**config-schema**")
    result = run["results"][0]
    assert result["ruleId"] == "config-schema" and result["level"] == "error"
    assert result["ruleIndex"] == list(RULES).index("config-schema")
    assert result["locations"] == [{"physicalLocation": {
        "artifactLocation": {"uri": "massgen/configs/a.yaml", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 1, "startColumn": 1}}}]
    assert "suppressions" not in result


def test_fingerprints_hash_the_identity_and_ignore_lines_and_path_spelling(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    run = GitHubRun(str(tmp_path))
    here = finding("yaml-duplicate-key", ERROR, "a.yaml", 4, 1, "duplicate key 'a' (first defined at line 1)")
    moved = finding("yaml-duplicate-key", ERROR, str(tmp_path / "a.yaml"), 9, 3,
                    "duplicate key 'a' (first defined at line 6)")
    prints = [document(report([f]), run)["runs"][0]["results"][0]["partialFingerprints"] for f in (here, moved)]
    assert prints[0] == prints[1]
    identity = here.identity().encode("utf-8")
    assert prints[0] == {"policycheck/v1": hashlib.sha256(identity).hexdigest()}


def test_regions_and_uris(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sarif_schema: dict[str, Any]) -> None:
    monkeypatch.chdir(tmp_path)
    spanning = Finding("yaml-syntax", ERROR, Location("file", "odd:name, 1.yaml", 3, 7, 5, 2), "bad", "fix it")
    outside = finding("yaml-syntax", ERROR, "/elsewhere/b.yaml", 1, 1, "bad")
    log = _valid(document(report([spanning, outside]), GitHubRun(str(tmp_path))), sarif_schema)
    first, second = log["runs"][0]["results"]
    assert first["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "odd%3Aname%2C%201.yaml", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 3, "startColumn": 7, "endLine": 5, "endColumn": 2}}
    assert first["message"] == {"text": "bad\nhint: fix it"}
    assert second["locations"][0]["physicalLocation"]["artifactLocation"] == {"uri": "file:///elsewhere/b.yaml"}
    assert log["runs"][0]["automationDetails"] == {"id": "policycheck/"}


def test_branch_findings_sit_at_their_anchor(repo: GitRepo, isolated_git: Path, sarif_schema: dict[str, Any]) -> None:
    repo.write(".policycheck.yaml", "version: 1\nrules:\n  branch-issue-unverified: warning\n")
    repo.commit("Policy")
    branch_off(repo, "someone/issue_12-x", "Work")
    code, log = _sarif(["check-branch", "--offline"], repo.path)
    assert code == 0
    run = _valid(log, sarif_schema)["runs"][0]
    assert run["automationDetails"] == {"id": "policycheck/check-branch/"}
    result, = run["results"]
    assert result["level"] == "warning"
    assert result["message"]["text"].startswith("branch:someone/issue_12-x:1:15: references issue #12")
    assert result["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": ".policycheck.yaml", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 3, "startColumn": 1}}
    assert result["properties"] == {"subject": "branch:someone/issue_12-x", "kind": "branch"}


def test_release_findings_validate(repo: GitRepo, isolated_git: Path, sarif_schema: dict[str, Any]) -> None:
    branch_off(repo, "dev/v0.1.8", "Release work", files={"massgen/x.py": "X = 1\n"})
    code, log = _sarif(["check-release", "--offline"], repo.path)
    assert code == 1
    run = _valid(log, sarif_schema)["runs"][0]
    assert run["automationDetails"] == {"id": "policycheck/check-release/"}
    result, = run["results"]
    assert result["ruleId"] == "release-report-missing" and result["level"] == "error"
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == ".policycheck.yaml"


def test_issue_findings_validate(tmp_path: Path, sarif_schema: dict[str, Any]) -> None:
    root = repository(tmp_path / "repo", {})
    code, log = _sarif(["check-issue", "--body-file", "-"], root, stdin="## Prompt\n\nhello\n")
    assert code == 1
    results = _valid(log, sarif_schema)["runs"][0]["results"]
    assert {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results} == {".policycheck.yaml"}


POLICY = ("version: 1\nwaivers:\n  - {rule: config-schema, path: 'massgen/configs/*.yaml', reason: legacy,"
          " expires: 2999-01-01}\n")


def test_when_every_result_is_waived_the_run_and_rules_stay(tmp_path: Path, sarif_schema: dict[str, Any]) -> None:
    root = repository(tmp_path / "repo", {"massgen/configs/a.yaml": BROKEN}, policy=POLICY)
    code, log = _sarif(["check-config", "massgen/configs/a.yaml"], root)
    assert code == 0
    run = _valid(log, sarif_schema)["runs"][0]
    assert len(run["tool"]["driver"]["rules"]) == len(RULES)
    assert [r["suppressions"] for r in run["results"]] == [
        [{"kind": "external", "status": "accepted", "justification": "legacy"}]]


def test_an_inline_waiver_is_an_in_source_suppression(tmp_path: Path, sarif_schema: dict[str, Any]) -> None:
    waived = GOOD_REPORT.replace("Both agents checked opening hours before voting.",
                                 '<!-- policycheck: disable=case-study-placeholder reason="rerun pending" -->'
                                 "\n\nResults: TBD")
    root = repository(tmp_path / "repo", {"massgen/configs/basic/two_agents.yaml": CONFIG, f"{REPORTS}/r.md": waived})
    code, log = _sarif(["check-case-study", f"{REPORTS}/r.md"], root)
    assert code == 0
    result, = _valid(log, sarif_schema)["runs"][0]["results"]
    assert result["locations"][0]["physicalLocation"]["region"] == {"startLine": 51, "startColumn": 10}
    assert result["suppressions"] == [{"kind": "inSource", "status": "accepted",
                                       "justification": "rerun pending (inline waiver at line 49)"}]


def test_every_kind_of_location_has_a_physical_location(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        sarif_schema: dict[str, Any]) -> None:
    root = repository(tmp_path / "repo", {}, policy="version: 1\nbranches: {}\nissues: {}\n")
    monkeypatch.chdir(root)
    kinds = [("file", "docs/r.md"), ("branch", "feature/x"), ("commit", "abc123def456"), ("pr-body", "pull/12/body"),
             ("issue", "o/n#3"), ("policy", str(root / ".policycheck.yaml"))]
    runner = Runner(load_policy())
    runner.add(Outcome([Finding("branch-issue-reference", ERROR, Location(kind, name, 2, 3), f"m-{kind}")
                        for kind, name in kinds], Counter(file=1)))
    results = _valid(document(runner.finalize(), GitHubRun(str(root))), sarif_schema)["runs"][0]["results"]
    where = {r["message"]["text"].rsplit("m-", 1)[1]: r["locations"][0]["physicalLocation"] for r in results}
    anchor = {"artifactLocation": {"uri": ".policycheck.yaml", "uriBaseId": "%SRCROOT%"},
              "region": {"startLine": 2, "startColumn": 1}}  # the `branches` section
    assert where == {
        "file": {"artifactLocation": {"uri": "docs/r.md", "uriBaseId": "%SRCROOT%"},
                 "region": {"startLine": 2, "startColumn": 3}},
        "branch": anchor, "commit": anchor, "pr-body": anchor, "issue": anchor,
        "policy": {"artifactLocation": {"uri": ".policycheck.yaml", "uriBaseId": "%SRCROOT%"},
                   "region": {"startLine": 2, "startColumn": 3}}}


def test_a_fixable_finding_carries_its_edit_as_a_sarif_fix(tmp_path: Path, sarif_schema: dict[str, Any]) -> None:
    config = "massgen/configs/a.yaml"
    root = repository(tmp_path, {config: "agent:\n  id: a\n  backend: {type: openai, model: gpt-4o}\nui:\n"
                                         "  type: rich_terminal\n"})
    code, log = _sarif(["check-config"], root)
    results = [r for r in _valid(log, sarif_schema)["runs"][0]["results"] if r["ruleId"] == "config-ineffective-key"]
    assert code == 0 and len(results) == 1 and len(results[0]["fixes"]) == 1
    change = results[0]["fixes"][0]["artifactChanges"][0]
    assert change["artifactLocation"] == {"uri": config, "uriBaseId": "%SRCROOT%"}
    assert change["replacements"] == [{"deletedRegion": {"startLine": 5, "startColumn": 3, "endLine": 5,
                                                         "endColumn": 7},
                                       "insertedContent": {"text": "display_type"}}]
    assert results[0]["fixes"][0]["description"]["text"].endswith("(safe)")
