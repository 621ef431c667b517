"""One test per report rule: a minimal report that breaks only that rule, line and column asserted.

Each starts from GOOD_REPORT (which passes every rule) in a tiny repository with one valid
config, changes one thing, and runs the real pipeline with the built-in default policy.
"""
from __future__ import annotations

from pathlib import Path

from casestudy.support import GOOD_REPORT, write_report

from policycheck.pipeline import check_files
from policycheck.policy import load_policy


def findings(repo: Path, text: str, **policy_yaml: str) -> list[tuple[str, str, int, int]]:
    path = write_report(repo, text)
    if policy_yaml:
        (repo / ".policycheck.yaml").write_text("version: 1\n" + "".join(policy_yaml.values()), encoding="utf-8")
    report = check_files("case-study", [str(path)], load_policy(cwd=repo))
    return [(f.rule, f.severity, f.line, f.column) for f in report.findings if f.waived is None]


def test_good_report_passes_every_rule(repo: Path) -> None:
    assert findings(repo, GOOD_REPORT) == []


def test_schema_no_video(repo: Path) -> None:
    text = GOOD_REPORT.replace("[![Demo](https://img.youtube.com/vi/abcdefghijk/0.jpg)](https://www.youtube.com/watch?v=abcdefghijk)",
                               "The recording is on the team drive.")
    assert findings(repo, text) == [("case-study-schema", "error", 1, 1)]


def test_schema_title_without_version(repo: Path) -> None:
    text = GOOD_REPORT.replace("# MassGen v0.1.9: Two Agents", "# MassGen: Two Agents")
    assert findings(repo, text) == [("case-study-schema", "error", 1, 1)]


def test_schema_video_host_not_allowed_by_policy(repo: Path) -> None:
    policy = "case_studies:\n  video_hosts: [vimeo]\n"
    assert findings(repo, GOOD_REPORT, policy=policy) == [("case-study-schema", "error", 1, 1)]


def test_section_missing(repo: Path) -> None:
    text = GOOD_REPORT.replace("### Success Criteria\n\nEvery stop in the plan is open at the planned time.\n\n", "")
    assert findings(repo, text) == [("case-study-section-missing", "error", 1, 1)]


def test_section_missing_alias_from_policy(repo: Path) -> None:
    text = GOOD_REPORT.replace("### Success Criteria", "### Definition of Done")
    assert findings(repo, text) == [("case-study-section-missing", "error", 1, 1)]
    policy = ("case_studies:\n  profiles:\n    - name: mine\n      sections:\n"
              "        - {name: Success Criteria, aliases: [success-criteria, definition-of-done]}\n")
    assert findings(repo, text, policy=policy) == []


def test_section_empty(repo: Path) -> None:
    text = GOOD_REPORT.replace("Every stop in the plan is open at the planned time.", "<!-- to do -->")
    assert findings(repo, text) == [("case-study-section-empty", "error", 25, 1)]


def test_command_missing_in_legacy_report(repo: Path) -> None:
    text = ("# MassGen v0.0.3: Old Style\n\n## Agents\n\nTwo agents.\n\n"
            "[![d](https://img.youtube.com/vi/abcdefghijk/0.jpg)](https://youtu.be/abcdefghijk)\n")
    assert findings(repo, text) == [("case-study-command-missing", "error", 1, 1)]
    with_command = text + "\n```bash\nmassgen --config @examples/basic/two_agents \"go\"\n```\n"
    assert findings(repo, with_command) == []


def test_config_missing(repo: Path) -> None:
    text = GOOD_REPORT.replace("Same as the baseline: `massgen/configs/basic/two_agents.yaml`.",
                               "Same as the baseline: `massgen/configs/basic/three_agents.yaml`.")
    assert findings(repo, text) == [("case-study-config-missing", "error", 41, 24)]


def test_config_invalid(repo: Path) -> None:
    broken = repo / "massgen" / "configs" / "basic" / "broken.yaml"
    broken.write_text("agents:\n  - id: a\n    backend:\n      type: openai\n      model: gpt-4o-mini\n"
                      "  - id: a\n    backend:\n      type: openai\n      model: gpt-4o-mini\n", encoding="utf-8")
    text = GOOD_REPORT.replace("Same as the baseline: `massgen/configs/basic/two_agents.yaml`.",
                               "Now `massgen/configs/basic/broken.yaml`.")
    found = findings(repo, text)
    assert found == [("case-study-config-invalid", "error", 41, 6)]


def test_command_config_unresolved(repo: Path) -> None:
    text = GOOD_REPORT.replace('massgen --config @examples/basic/two_agents "Plan one day in Lisbon"',
                               'massgen --config my_local.yaml "Plan one day in Lisbon"')
    assert findings(repo, text) == [("case-study-command-config", "error", 18, 18)]


def test_broken_link_and_image(repo: Path) -> None:
    text = GOOD_REPORT.replace("Both agents checked opening hours before voting.",
                               "Both agents checked [the hours](notes/hours.md) ![chart](img/chart.png).")
    assert findings(repo, text) == [("case-study-broken-link", "error", 49, 21),
                                    ("case-study-broken-link", "error", 49, 49)]


def test_broken_link_written_for_the_old_folder(repo: Path) -> None:
    text = GOOD_REPORT.replace("(../../../../massgen/configs/basic/two_agents.yaml)", "(../../massgen/configs/basic/two_agents.yaml)")
    assert findings(repo, text) == [("case-study-broken-link", "error", 13, 1)]


def test_placeholder(repo: Path) -> None:
    text = GOOD_REPORT.replace("Lookups during coordination fixed the failure.", "Lookups fixed it. Numbers: TBD")
    assert findings(repo, text) == [("case-study-placeholder", "error", 53, 28)]


def test_placeholder_inside_comment_is_ignored(repo: Path) -> None:
    text = GOOD_REPORT.replace("Lookups during coordination fixed the failure.",
                               "Lookups fixed it. <!-- [Insert your evaluation prompt here] -->")
    assert findings(repo, text) == []


def test_unchecked_box_is_a_warning(repo: Path) -> None:
    text = GOOD_REPORT.replace("- [x] Planning phase completed", "- [ ] Planning phase completed")
    assert findings(repo, text) == [("case-study-unchecked-box", "warning", 57, 1)]


def test_waiver_without_reason(repo: Path) -> None:
    text = GOOD_REPORT.replace("## Results\n", "<!-- policycheck: disable=case-study-placeholder -->\n## Results\n")
    assert findings(repo, text) == [("markdown-waiver", "error", 47, 1)]


def test_waiver_naming_unknown_rule(repo: Path) -> None:
    text = GOOD_REPORT.replace("## Results\n", '<!-- policycheck: disable=no-such-rule reason="x" -->\n## Results\n')
    assert findings(repo, text) == [("markdown-waiver", "error", 47, 1)]


def test_line_anchors_of_the_good_report() -> None:
    """The lines asserted above, read off GOOD_REPORT itself."""
    lines = GOOD_REPORT.splitlines()
    assert lines[24] == "### Success Criteria"
    assert lines[40].startswith("Same as the baseline: `massgen/configs/")
    assert lines[46] == "## Results" and lines[48].startswith("Both agents checked")
    assert lines[52].startswith("Lookups during") and lines[56] == "- [x] Planning phase completed"
    assert lines[17].startswith("massgen --config ") and lines[12].startswith("[two_agents.yaml](")
