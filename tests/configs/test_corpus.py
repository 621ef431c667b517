"""The real MassGen corpus: every one of the 214 agent configs passes (MassGen accepts them
all), and the only findings are the warnings we can defend, one by one."""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from helpers import run_files

from policycheck.policy import load_policy

# Each is a real finding (see the rule docs): ui.type and top-level display are never read by
# MassGen; `security.level: high` is not a level (MassGen silently applies strict);
# `video_path: "path-here"` names no file (a placeholder left in the real repository).
EXPECTED_WARNINGS = Counter({
    ("config-ineffective-key", "ui.type"): 18,
    ("config-ineffective-key", "top-level display"): 6,
    ("config-mcp-server", "'high' is not a MassGen security level"): 12,
    ("config-missing-path", "'path-here' does not exist"): 1,
})


def _kind(message: str) -> str:
    return next(k for _, k in EXPECTED_WARNINGS if k in message)


def test_every_corpus_config_passes(corpus: Path) -> None:
    policy = load_policy(cwd=corpus)
    report = run_files("config", [], policy)
    assert report.files == 214  # rate_limits/rate_limits.yaml is excluded by the default policy
    assert [f for f in report.findings if f.severity == "error"] == []
    warnings = Counter((f.rule, _kind(f.message)) for f in report.findings)
    assert warnings == EXPECTED_WARNINGS


def test_corpus_through_the_console_script(cli, corpus: Path) -> None:
    run = cli("check-config", "--format", "json", cwd=corpus)
    report = json.loads(run.out)
    assert run.code == 0 and run.err == ""
    assert report["summary"] == {**report["summary"], "files": 214, "errors": 0, "warnings": 37}
    video = [f for f in report["findings"] if f["rule"] == "config-missing-path"]
    assert [(v["path"], v["line"], v["column"]) for v in video] == [
        ("massgen/configs/basic/single/single_qwen_video_understanding.yaml", 10, 21)]


def test_rate_limits_file_is_not_an_agent_config(corpus: Path) -> None:
    """Named explicitly, the one non-agent file fails, as MassGen's validator says."""
    policy = load_policy(cwd=corpus)
    report = run_files("config", [str(corpus / "massgen/configs/rate_limits/rate_limits.yaml")], policy)
    assert [f.rule for f in report.findings if f.severity == "error"] == ["config-schema"]
