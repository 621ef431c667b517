"""Run a command of the CLI in-process in a folder, in one output format (as `rules.support`
does for JSON), with standard input when given."""
from __future__ import annotations

import contextlib
import io
import os
import sys
from pathlib import Path

from policycheck.cli import main


def run_format(args: list[str], cwd: Path, fmt: str, stdin: str | None = None) -> tuple[int, str]:
    """(exit code, standard output) of `policycheck ARGS --format FMT` run in `cwd`."""
    out = io.StringIO()
    previous, saved_stdin = os.getcwd(), sys.stdin
    os.chdir(cwd)
    if stdin is not None:
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8")), encoding="utf-8")
    try:
        with contextlib.redirect_stdout(out):
            code = main([*args, "--format", fmt])
    finally:
        os.chdir(previous)
        sys.stdin = saved_stdin
    return code, out.getvalue()
