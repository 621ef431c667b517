"""The one rule-test helper (yamllint's `RuleTestCase.check`, for policycheck): write files into
a fresh repository root, run a command of the CLI in-process with `--format json`, and assert
the exact (line, column) pairs one rule reports.

    def test_reports_each_missing_key(tmp_path):
        root = repository(tmp_path, {"massgen/configs/a.yaml": "agents:\\n  - {}\\n"})
        assert_rule("config-schema", ["check-config"], root, [(2, 5), (2, 5)])
"""
from __future__ import annotations

import contextlib
import io
import json
import os
from pathlib import Path
from typing import Any

from policycheck.cli import main

DEFAULT_POLICY = "version: 1\n"


def repository(root: Path, files: dict[str, str], policy: str | None = DEFAULT_POLICY) -> Path:
    """A repository root holding `files` (POSIX paths relative to it) and, unless `policy` is
    None, a `.policycheck.yaml` with that text, which marks the root as in a real checkout."""
    root.mkdir(parents=True, exist_ok=True)
    if policy is not None:
        (root / ".policycheck.yaml").write_text(policy, encoding="utf-8")
    for relpath, text in files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def run_json(args: list[str], cwd: Path, stdin: str | None = None) -> dict[str, Any]:
    """The JSON report of `policycheck ARGS --format json` run in `cwd` (exit code under "exit")."""
    out = io.StringIO()
    previous = os.getcwd()
    os.chdir(cwd)
    try:
        with contextlib.redirect_stdout(out):
            if stdin is None:
                code = main([*args, "--format", "json"])
            else:
                code = _with_stdin(args, stdin)
    finally:
        os.chdir(previous)
    document: dict[str, Any] = json.loads(out.getvalue())
    document["exit"] = code
    return document


def _with_stdin(args: list[str], stdin: str) -> int:
    import sys

    saved = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8")), encoding="utf-8")
    try:
        return main([*args, "--format", "json"])
    finally:
        sys.stdin = saved


def positions(rule: str, document: dict[str, Any], waived: bool = False) -> list[tuple[int, int]]:
    """The sorted (line, column) pairs of `rule` among the active (or the waived) findings."""
    findings = document["waived" if waived else "findings"]
    return sorted((f["line"], f["column"]) for f in findings if f["rule"] == rule)


def assert_rule(rule: str, args: list[str], cwd: Path, expected: list[tuple[int, int]],
                stdin: str | None = None, waived: bool = False) -> dict[str, Any]:
    """Run the command and assert that `rule` reports exactly `expected` (line, column) pairs.

    Returns the JSON report, for assertions on messages or on other rules."""
    document = run_json(args, cwd, stdin)
    found = positions(rule, document, waived)
    assert found == sorted(expected), f"{rule}: expected {sorted(expected)}, got {found}: {document['findings']}"
    return document
