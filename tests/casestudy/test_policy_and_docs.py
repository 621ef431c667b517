"""The case-study parts of the policy file, the bundled schemas, and the rules' documentation."""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from casestudy.support import GOOD_REPORT, REPORTS, write_report
from rules.support import repository, run_json

CASE_STUDY_RULES = [
    "case-study-schema", "case-study-section-missing", "case-study-section-empty", "case-study-command-missing",
    "case-study-config-missing", "case-study-config-invalid", "case-study-command-config", "case-study-broken-link",
    "case-study-placeholder", "case-study-unchecked-box", "markdown-waiver",
    "issue-schema", "issue-section-missing", "issue-section-empty", "issue-section-content", "issue-placeholder",
    "issue-waiver",
]


def test_bad_profile_in_policy_is_a_clear_error(repo: Path, cli: Any) -> None:
    (repo / ".policycheck.yaml").write_text(
        "version: 1\ncase_studies:\n  profiles:\n    - name: x\n      from: \"one\"\n", encoding="utf-8")
    write_report(repo, GOOD_REPORT)
    run = cli("check-case-study", cwd=repo)
    assert run.code == 2 and run.out == ""
    assert run.err.startswith("policycheck: error: ") and ".policycheck.yaml:5:" in run.err
    assert "case_studies.profiles.0.from" in run.err


def test_unknown_case_study_key_names_the_allowed_ones(repo: Path, cli: Any) -> None:
    (repo / ".policycheck.yaml").write_text("version: 1\ncase_studies:\n  placeholder: [x]\n", encoding="utf-8")
    run = cli("check-case-study", cwd=repo)
    assert run.code == 2 and ".policycheck.yaml:3:3:" in run.err and "'case_studies.placeholder'" in run.err


def test_team_schema_from_the_policy(repo: Path, cli: Any) -> None:
    schema = {"type": "object", "properties": {"checkboxes": {"type": "array", "minItems": 5,
                                                                 "x-message": "the status tracker needs five items"}}}
    (repo / "team.schema.json").write_text(json.dumps(schema), encoding="utf-8")
    (repo / ".policycheck.yaml").write_text('version: 1\ncase_studies:\n  schema: "team.schema.json"\n',
                                            encoding="utf-8")
    write_report(repo, GOOD_REPORT)
    run = cli("check-case-study", f"{REPORTS}/report.md", cwd=repo)
    assert run.code == 1
    assert run.out.splitlines()[0] == (
        f"{REPORTS}/report.md:1:1: error case-study-schema the status tracker needs five items")


def test_bundled_schemas_are_valid_and_printable(cli: Any) -> None:
    import jsonschema

    for name in ("case-study-document", "case-study-report", "case-study-issue"):
        run = cli("schema", name)
        assert run.code == 0
        jsonschema.Draft202012Validator.check_schema(json.loads(run.out))


def test_every_rule_is_registered_and_documented(cli: Any) -> None:
    from policycheck.rules import RULES

    for rule in CASE_STUDY_RULES:
        module = RULES[rule]
        doc = module.__doc__ or ""
        assert doc.startswith(f"{rule}: ") and all(part in doc for part in ("What:", "Why:", "Fix:", "Waive:")), rule
    run = cli("explain", "case-study-placeholder")
    assert run.code == 0 and run.out.startswith("case-study-placeholder (error by default, checks: case-study)")


def test_default_policy_section_is_what_init_writes(repo: Path, cli: Any) -> None:
    run = cli("init", cwd=repo)
    assert run.code == 0
    from policycheck.policy import load_policy

    policy = load_policy(str(repo / ".policycheck.yaml"))
    section = policy.section("case_studies")
    assert [p["name"] for p in section["profiles"]] == ["legacy", "template"]
    assert "[Insert your evaluation prompt here]" in section["placeholders"]
    assert [s["name"] for s in policy.section("issues")["sections"]] == [
        "Prompt", "Config file", "Cmd", "Current behavior", "Expected behavior", "How this ties to end goals"]


def test_mistune_is_not_imported_by_config_checks(repo: Path) -> None:
    import subprocess
    import sys

    code = ("import sys\nfrom policycheck.cli import main\n"
            "try:\n    main(['check-config', 'massgen/configs/basic/two_agents.yaml'])\nexcept SystemExit:\n    pass\n"
            "print('mistune' in sys.modules, 'policycheck.markdown.positions' in sys.modules)")
    proc = subprocess.run([sys.executable, "-c", code], cwd=repo, capture_output=True, text=True)
    assert proc.stdout.strip().splitlines()[-1] == "False False", proc.stdout + proc.stderr


# --- issue 8: the default policy on MassGen's real layouts --------------------------------

def test_reports_in_the_old_folder_are_checked_by_default(tmp_path: Path) -> None:
    """Before v0.1.1 MassGen kept its reports in docs/case_studies/ (with an index.md): the
    default policy checks them there too, and only where `new case-study` writes does it name
    one folder."""
    from policycheck.policy import default_policy_text, load_policy

    root = repository(tmp_path, {
        "docs/case_studies/story.md": "# MassGen v0.0.5: Three Agents Write a Story\n\nThey voted.\n",
        "docs/case_studies/index.md": "# Case studies\n", "docs/case_studies/README.md": "# Case studies\n",
        "docs/case_studies/case-study-template.md": "# MassGen Case Study Template\n"})
    document = run_json(["check-case-study"], root)
    assert document["summary"]["files"] == 1 and document["exit"] == 1
    assert [(f["path"], f["rule"], f["line"], f["column"]) for f in document["findings"]] == [
        ("docs/case_studies/story.md", "case-study-command-missing", 1, 1),
        ("docs/case_studies/story.md", "case-study-schema", 1, 1)]
    assert default_policy_text().count("  directory:") == 1
    assert load_policy(cwd=root).section("case_studies")["directory"] == REPORTS


def test_the_default_policy_names_only_commands_that_exist() -> None:
    """`init` writes these comments: every `policycheck COMMAND` they mention must be one."""
    from policycheck.cli import COMMAND_MODULES
    from policycheck.policy import default_policy_text

    named = set(re.findall(r"`policycheck ([a-z][a-z-]*)", default_policy_text()))
    assert named and named <= set(COMMAND_MODULES), named - set(COMMAND_MODULES)


def test_the_schedule_comment_says_what_reads_each_setting() -> None:
    from policycheck.policy import default_policy_text

    text = default_policy_text()
    block = text[text.index("# The team's release schedule."):text.index("schedule:\n")]
    comment = " ".join(line.removeprefix("# ") for line in block.splitlines())
    assert "decides which day \"today\" is, and so when a policy waiver expires" in comment
    assert "`policycheck audit` reads all four" in comment  # the schedule's other settings are audit's
