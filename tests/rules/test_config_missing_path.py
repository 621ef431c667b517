"""config-missing-path: paths a config names are resolved against the repository root (the
temporary root reproduces the real layout: the config under massgen/configs/, the files it
names next to it)."""
from __future__ import annotations

from pathlib import Path

import pytest
from configs.config_helpers import check, mutate, position
from rules.support import assert_rule, repository

RULE = "config-missing-path"
CONFIG = "massgen/configs/a.yaml"
SMALL = ("agents:\n  - id: a\n    backend:\n      type: openai\n      model: m\n      upload_files:\n"
         "        - image_path: pics/a.jpg\n        - image_path: pics/b.jpg\n"
         "orchestrator:\n  context_paths:\n    - path: docs\n      permission: read\n")
CT = "tools/custom_tools/claude_custom_tool_with_mcp_example.yaml"
SKIP = "debug/skip_coordination_test.yaml"
IMAGE = "basic/single/single_gpt5nano_image_understanding.yaml"
TOOL = "massgen/tool/_basic/_two_num_tool.py"
CONTEXT = "massgen/configs/resources/v0.0.21-example"
PICTURE = "massgen/configs/resources/v0.0.27-example/multimodality.jpg"


def _layout(root: Path) -> None:
    """The files the three configs name, as they exist in the real repository."""
    for rel in (TOOL, PICTURE):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("", encoding="utf-8")
    (root / CONTEXT).mkdir(parents=True, exist_ok=True)


MISSING = [
    ("custom-tool", CT, (TOOL, "massgen/tool/_basic/two_num_tool.py"), 'path: ^"massgen/tool/_basic/two_num_tool.py"'),
    ("context-path", SKIP, (CONTEXT, "massgen/configs/resources/v0.0.22-example"),
     'path: ^"massgen/configs/resources/v0.0.22'),
    ("upload-image", IMAGE, (PICTURE, "massgen/configs/resources/multimodality.jpg"), 'image_path: ^"massgen'),
    ("absolute", SKIP, (CONTEXT, "/nonexistent/policycheck/folder"), 'path: ^"/nonexistent'),
]


@pytest.mark.parametrize("rel,edit,at", [m[1:] for m in MISSING], ids=[m[0] for m in MISSING])
def test_missing_path_is_a_warning_at_the_value(rel: str, edit: tuple[str, str], at: str, corpus: Path,
                                                tmp_path: Path) -> None:
    path = mutate(corpus, tmp_path, rel, [edit])
    _layout(tmp_path)
    findings = check(tmp_path, path)
    assert [(f.rule, f.severity, f.line, f.column) for f in findings if f.rule == RULE] == [
        (RULE, "warning", *position(path.read_text(encoding="utf-8"), at))]
    assert not [f for f in findings if f.severity == "error"]


@pytest.mark.parametrize("rel", [CT, SKIP, IMAGE])
def test_existing_paths_pass(rel: str, corpus: Path, tmp_path: Path) -> None:
    path = mutate(corpus, tmp_path, rel, [])
    _layout(tmp_path)
    assert [f for f in check(tmp_path, path) if f.rule == RULE] == []


def test_paths_resolve_against_the_root_not_the_config_folder(corpus: Path, tmp_path: Path) -> None:
    path = mutate(corpus, tmp_path, CT, [])
    (path.parent / TOOL).parent.mkdir(parents=True)  # beside the config: the wrong place
    (path.parent / TOOL).write_text("", encoding="utf-8")
    assert [f.rule for f in check(tmp_path, path) if f.rule == RULE] == [RULE]


@pytest.mark.parametrize("value", ["${MASSGEN_HOME}/docs", "${WORKSPACE}", "https://example.invalid/a.pdf"])
def test_placeholders_and_urls_are_not_flagged(value: str, corpus: Path, tmp_path: Path) -> None:
    path = mutate(corpus, tmp_path, SKIP, [(CONTEXT, value)])
    assert [f for f in check(tmp_path, path) if f.rule == RULE] == []


def test_each_missing_path_at_its_value(tmp_path: Path) -> None:
    root = repository(tmp_path, {CONFIG: SMALL, "pics/a.jpg": ""})
    document = assert_rule(RULE, ["check-config"], root, [(8, 23), (11, 13)])
    assert {f["severity"] for f in document["findings"]} == {"warning"}


def test_existing_paths_pass_in_a_small_repository(tmp_path: Path) -> None:
    root = repository(tmp_path, {CONFIG: SMALL, "pics/a.jpg": "", "pics/b.jpg": "", "docs/index.md": ""})
    assert_rule(RULE, ["check-config"], root, [])
