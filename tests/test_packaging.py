"""The wheel ships the schemas and the default policy inside the package."""
from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import PROJECT


def test_wheel_contains_schemas_and_default_policy(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(tmp_path), str(PROJECT)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    [wheel] = tmp_path.glob("policycheck-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for schema in (PROJECT / "schemas").glob("*.schema.json"):
        assert f"policycheck/schemas/{schema.name}" in names
    assert "policycheck/data/default-policy.yaml" in names
    assert "policycheck/data/default-policy.json" in names  # the parsed default (policy._default_doc)
    for template in (PROJECT / "policycheck" / "casestudy" / "templates").glob("*.md"):
        assert f"policycheck/casestudy/templates/{template.name}" in names
    assert not any(n.startswith("tests/") for n in names)
