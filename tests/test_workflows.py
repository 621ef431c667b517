"""Workflow files and action.yml validate against the GitHub schemas bundled in check-jsonschema,
and zizmor (offline) finds nothing in them."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PROJECT

WORKFLOWS = sorted([*(PROJECT / ".github" / "workflows").glob("*.yml"), *(PROJECT / "examples" / "workflows").glob("*.yml"),
                    *(PROJECT / "docs" / "workflows").glob("*.yml")])
ACTION = PROJECT / "action.yml"


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_is_valid(workflow: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
                           str(workflow)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_action_is_valid() -> None:
    proc = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-actions",
                           str(ACTION)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_zizmor_finds_nothing() -> None:
    zizmor = Path(sys.executable).with_name("zizmor")
    proc = subprocess.run([str(zizmor), "--offline", "--no-progress", "--format", "plain", str(ACTION),
                           *map(str, WORKFLOWS)], capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "No findings to report" in proc.stdout + proc.stderr
