"""case-study-config-missing: configs a report means to be run exist. Paths quoted in a prompt,
a transcript or sample output are not configs to run (issue 8, item 14): only a MassGen
command's `--config`, a link's target and what the config sections name count."""
from __future__ import annotations

from pathlib import Path

from casestudy.support import GOOD_REPORT, REPORTS, report_repository
from rules.support import assert_rule

from policycheck.markdown.model import parse_document

RULE = "case-study-config-missing"
MOVED = "https://github.com/example/project/blob/main/massgen/configs/basic/moved.yaml"
ARGS = ["check-case-study", f"{REPORTS}/r.md"]
PROMPT = "Plan one day in Lisbon for a first-time visitor."
SAMPLE_PROMPT = "Check that /home/ana/work/massgen/configs/basic/draft.yaml loads, then plan a day."
TRANSCRIPT = """\
The agents agreed too early and skipped opening hours.

> [agent_a] reading /home/ana/work/massgen/configs/basic/draft.yaml ... done
> [agent_b] wrote `massgen/configs/scratch/notes.yaml` for the next round
"""


def _quoting(report: str) -> str:
    """The report with a prompt and a transcript that name configs that do not exist."""
    return (report.replace(PROMPT, SAMPLE_PROMPT)
            .replace("The agents agreed too early and skipped opening hours.\n", TRANSCRIPT))


def test_paths_in_a_prompt_and_a_transcript_are_not_configs_to_run(tmp_path: Path) -> None:
    report = _quoting(GOOD_REPORT)
    assert "draft.yaml" in report.splitlines()[7] and "notes.yaml" in report.splitlines()[25]
    document = assert_rule(RULE, ARGS, report_repository(tmp_path, report), [])
    assert document["exit"] == 0 and document["findings"] == []


def test_a_commands_config_a_link_and_the_config_sections_count(tmp_path: Path) -> None:
    report = _quoting(GOOD_REPORT)
    report = report.replace('massgen --config @examples/basic/two_agents "Plan one day in Lisbon"',
                            f'massgen --config massgen/configs/basic/gone.yaml "{SAMPLE_PROMPT}"')
    report = report.replace("basic/two_agents.yaml)", "basic/old.yaml)")
    report = report.replace("`massgen/configs/basic/two_agents.yaml`.", "`massgen/configs/basic/renamed.yaml`.")
    report = report.replace("fixed the failure.", f"fixed the failure ([config]({MOVED})).")
    lines = report.splitlines()
    assert [lines[n - 1].find(p) + 1 for n, p in ((13, "../"), (18, "massgen/"), (44, "massgen/"), (56, "https:"))] == [
        19, 18, 24, 57]
    document = assert_rule(RULE, ARGS, report_repository(tmp_path, report), [(13, 19), (18, 18), (44, 24), (56, 57)])
    assert document["exit"] == 1
    assert [f["message"] for f in document["findings"] if f["rule"] == RULE][1] == (
        "config 'massgen/configs/basic/gone.yaml' does not exist (looked for massgen/configs/basic/gone.yaml)")
    # the one place a missing --config is reported: not again by case-study-command-config
    assert [f for f in document["findings"] if f["rule"] == "case-study-command-config"] == []


def test_the_model_says_where_each_reference_is_written(tmp_path: Path) -> None:
    text = ("# MassGen v0.1.9: x\n\n```bash\nmassgen --config massgen/configs/a/b.yaml\n```\n\n"
            "[cfg](https://example.com/massgen/configs/a/c.yaml) and massgen/configs/a/d.yaml\n\n"
            "```\nmassgen/configs/a/e.yaml\n```\n")
    doc = parse_document(text, str(tmp_path / "r.md"), tmp_path)
    assert [(r.text.rsplit("/", 1)[-1], r.line, r.context) for r in doc.config_refs] == [
        ("b.yaml", 4, "command"), ("c.yaml", 7, "link"), ("d.yaml", 7, "text"), ("e.yaml", 10, "code")]


def test_existing_configs_pass(tmp_path: Path) -> None:
    assert_rule(RULE, ARGS, report_repository(tmp_path, GOOD_REPORT), [])
