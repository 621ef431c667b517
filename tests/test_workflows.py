"""Workflow files validate against the GitHub workflow schema bundled in check-jsonschema."""
from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import PROJECT

WORKFLOWS = sorted([*(PROJECT / ".github" / "workflows").glob("*.yml"), *(PROJECT / "examples" / "workflows").glob("*.yml")])


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_is_valid(workflow) -> None:
    proc = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
                           str(workflow)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
