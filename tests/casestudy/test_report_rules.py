"""One test per report rule: a minimal report that breaks only that rule, line and column asserted.

Each starts from GOOD_REPORT (which passes every rule) in a tiny repository with one valid
config, changes one thing, and runs the real pipeline with the built-in default policy.
"""
from __future__ import annotations

from pathlib import Path

from casestudy.support import GOOD_REPORT, write_report
from helpers import run_files

from policycheck.policy import load_policy


def findings(repo: Path, text: str, **policy_yaml: str) -> list[tuple[str, str, int, int]]:
    path = write_report(repo, text)
    if policy_yaml:
        (repo / ".policycheck.yaml").write_text("version: 1\n" + "".join(policy_yaml.values()), encoding="utf-8")
    report = run_files("case-study", [str(path)], load_policy(cwd=repo))
    return [(f.rule, f.severity, f.line, f.column) for f in report.findings if f.waived is None]


def test_good_report_passes_every_rule(repo: Path) -> None:
    assert findings(repo, GOOD_REPORT) == []


def test_schema_no_video(repo: Path) -> None:
    text = GOOD_REPORT.replace("[![Demo](https://img.youtube.com/vi/abcdefghijk/0.jpg)](https://www.youtube.com/watch?v=abcdefghijk)",
                               "The recording is on the team drive.")
    assert findings(repo, text) == [("case-study-schema", "error", 43, 1)]  # at the Demo heading


def test_schema_no_video_and_no_demo_section_points_at_the_title(repo: Path) -> None:
    text = GOOD_REPORT.replace("# MassGen v0.1.9", "   # MassGen v0.1.9").replace(
        "[![Demo](https://img.youtube.com/vi/abcdefghijk/0.jpg)](https://www.youtube.com/watch?v=abcdefghijk)",
        "The recording is on the team drive.").replace('<h2 id="demo">🎥 Demo</h2>', "Recording")
    assert findings(repo, text) == [("case-study-schema", "error", 1, 4),
                                    ("case-study-section-missing", "error", 33, 1)]  # Demo: at TESTING PHASE


def test_schema_no_video_points_at_an_indented_html_demo_heading(repo: Path) -> None:
    text = GOOD_REPORT.replace(
        "[![Demo](https://img.youtube.com/vi/abcdefghijk/0.jpg)](https://www.youtube.com/watch?v=abcdefghijk)",
        "The recording is on the team drive.").replace('<h2 id="demo">', '<div>Soon: <h2 id="demo">')
    assert findings(repo, text) == [("case-study-schema", "error", 43, 12)]


def test_schema_title_without_version(repo: Path) -> None:
    text = GOOD_REPORT.replace("# MassGen v0.1.9: Two Agents", "# MassGen: Two Agents")
    assert findings(repo, text) == [("case-study-schema", "error", 1, 1)]


def test_schema_video_host_not_allowed_by_policy(repo: Path) -> None:
    policy = "case_studies:\n  video_hosts: [vimeo]\n"
    assert findings(repo, GOOD_REPORT, policy=policy) == [("case-study-schema", "error", 43, 1)]


def test_section_missing(repo: Path) -> None:
    text = GOOD_REPORT.replace("### Success Criteria\n\nEvery stop in the plan is open at the planned time.\n\n", "")
    # the template nests it under Evaluation Analysis (absent here) under PLANNING PHASE
    assert findings(repo, text) == [("case-study-section-missing", "error", 3, 1)]


def test_section_missing_points_at_its_parent_heading(repo: Path) -> None:
    text = GOOD_REPORT.replace('<h1 id="planning-phase">📋 PLANNING PHASE</h1>',
                               '<h1 id="planning-phase">📋 PLANNING PHASE</h1>\n\n  <h2>📝 Evaluation Design</h2>')
    text = text.replace("### Baseline Command\n", "### Command Used\n")
    assert findings(repo, text) == [("case-study-section-missing", "error", 5, 3)]


def test_section_missing_with_no_parent_points_at_the_title(repo: Path) -> None:
    text = GOOD_REPORT.replace("# MassGen v0.1.9",
                               "  # MassGen v0.1.9").replace('<h1 id="planning-phase">📋 PLANNING PHASE</h1>', "")
    text = text.replace("### Prompt\n", "### Task\n")
    assert findings(repo, text) == [("case-study-section-missing", "error", 1, 3)]


def test_section_missing_picks_the_parent_nested_as_in_the_template(repo: Path) -> None:
    """Two headings share the key `evaluation-analysis`: a missing Results belongs under the
    later, top-level EVALUATION & ANALYSIS, not the planning phase's Evaluation Analysis."""
    text = GOOD_REPORT.replace("### Results & Failure Modes",
                               "## 🔧 Evaluation Analysis\n\n### Results & Failure Modes")
    text = text.replace("## Results\n", '<h1 id="evaluation-analysis">📊 EVALUATION & ANALYSIS</h1>\n\n## Outcome\n')
    lines = text.splitlines()
    assert lines[20] == "## 🔧 Evaluation Analysis" and lines[48].startswith("<h1 id=\"evaluation-analysis\">")
    assert findings(repo, text) == [("case-study-section-missing", "error", 49, 1)]


def test_a_profile_named_issue_still_requires_its_sections(repo: Path) -> None:
    """Whether a document is a report or an issue is the target's own field, never the
    profile's name: a team's profile called `issue` keeps its required sections."""
    policy = ("case_studies:\n  default_profile: issue\n  profiles:\n    - name: issue\n      sections:\n"
              "        - {name: Budget, aliases: [budget]}\n")
    assert findings(repo, GOOD_REPORT, policy=policy) == [("case-study-section-missing", "error", 1, 1)]


def test_section_missing_alias_from_policy(repo: Path) -> None:
    text = GOOD_REPORT.replace("### Success Criteria", "### Definition of Done")
    assert findings(repo, text) == [("case-study-section-missing", "error", 3, 1)]
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


def test_broken_html_image_and_link_at_their_columns(repo: Path) -> None:
    text = GOOD_REPORT.replace("The agents agreed too early and skipped opening hours.",
                               'The agents agreed: <img src="too-early.png"> see <a href="gone.md">log</a>')
    text = text.replace("- Opening-hours lookups during coordination.",
                        '<p>Sketch <img src="sketch.png"></p>')
    assert text.splitlines()[22].index("<img") == 19 and text.splitlines()[30].index("<img") == 10
    assert findings(repo, text) == [("case-study-broken-link", "error", 23, 20),
                                    ("case-study-broken-link", "error", 23, 50),
                                    ("case-study-broken-link", "error", 31, 11)]


def test_broken_link_after_a_no_break_space_in_a_heading(repo: Path) -> None:
    text = GOOD_REPORT.replace("## Results\n", "## \u00a0[Results](missing.md)\n")
    assert findings(repo, text) == [("case-study-broken-link", "error", 47, 5)]


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
    text = GOOD_REPORT.replace("(../../../../massgen/configs/basic/two_agents.yaml)",
                               "(../../massgen/configs/basic/two_agents.yaml)")
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
    assert lines[24] == "### Success Criteria" and lines[2].startswith('<h1 id="planning-phase">')
    assert lines[42] == '<h2 id="demo">🎥 Demo</h2>' and lines[32] == '<h1 id="testing-phase">🚀 TESTING PHASE</h1>'
    assert lines[40].startswith("Same as the baseline: `massgen/configs/")
    assert lines[46] == "## Results" and lines[48].startswith("Both agents checked")
    assert lines[52].startswith("Lookups during") and lines[56] == "- [x] Planning phase completed"
    assert lines[17].startswith("massgen --config ") and lines[12].startswith("[two_agents.yaml](")


def test_config_invalid_follows_each_runs_policy(repo: Path) -> None:
    """The configs' errors are remembered for one run only (`CheckContext.config_errors`):
    a later run under a policy that waives the config's error sees it waived, and a run
    under the first policy again sees it again (no cache keyed by a reusable id(policy))."""
    import gc

    broken = repo / "massgen" / "configs" / "basic" / "broken.yaml"
    broken.write_text("agents:\n  - id: a\n    backend:\n      type: openai\n      model: gpt-4o-mini\n"
                      "  - id: a\n    backend:\n      type: openai\n      model: gpt-4o-mini\n", encoding="utf-8")
    text = GOOD_REPORT.replace("Same as the baseline: `massgen/configs/basic/two_agents.yaml`.",
                               "Now `massgen/configs/basic/broken.yaml`.")
    waiver = ("waivers:\n  - {rule: config-agent-ids, path: 'massgen/configs/basic/broken.yaml', reason: being fixed,"
              " expires: 2099-12-31}\n")
    for policy, expected in ((None, [("case-study-config-invalid", "error", 41, 6)]), (waiver, []),
                             (None, [("case-study-config-invalid", "error", 41, 6)])):
        (repo / ".policycheck.yaml").unlink(missing_ok=True)
        gc.collect()  # a freed policy's id may be reused: nothing may be keyed by it
        assert (findings(repo, text, policy=policy) if policy else findings(repo, text)) == expected


def test_section_empty_at_an_html_headings_column(repo: Path) -> None:
    text = GOOD_REPORT.replace('<h2 id="desired-features">🎯 Desired Features</h2>\n\n'
                               "- Opening-hours lookups during coordination.",
                               '<div><h2 id="desired-features">🎯 Desired Features</h2></div>\n\n<!-- later -->')
    assert text.splitlines()[28].startswith("<div><h2")
    assert findings(repo, text) == [("case-study-section-empty", "error", 29, 6)]


def test_make_target_says_what_the_document_is(repo: Path) -> None:
    from policycheck.markdown.target import make_target
    from policycheck.pipeline import CheckContext

    (repo / ".policycheck.yaml").write_text(
        "version: 1\ncase_studies:\n  default_profile: issue\n  profiles:\n    - name: issue\n", encoding="utf-8")
    ctx = CheckContext(load_policy(cwd=repo), "r.md", "r.md")
    report, issue = make_target(GOOD_REPORT, "r.md", ctx, "case_studies"), make_target(GOOD_REPORT, "i.md", ctx,
                                                                                       "issues")
    assert (report.kind, report.is_issue, report.profile.name) == ("report", False, "issue")
    assert (issue.kind, issue.is_issue) == ("issue", True)


def test_section_missing_follows_the_policys_own_template(repo: Path) -> None:
    (repo / "tpl.md").write_text("# MassGen v{{version}}: {{title}}\n\n## Setup\n\n### Baseline Command\n",
                                 encoding="utf-8")
    policy = 'case_studies:\n  template: "tpl.md"\n'
    text = GOOD_REPORT.replace("### Baseline Command\n", "  ## Setup\n\n### Invocation\n")
    assert text.splitlines()[14] == "  ## Setup"
    assert findings(repo, text, policy=policy) == [("case-study-section-missing", "error", 15, 3)]
