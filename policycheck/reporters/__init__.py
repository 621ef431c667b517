"""Reporters, chosen by name. Each writes one Report to the stream it is given, and nothing else."""
from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TextIO

from policycheck.findings import Report

ReportFn = Callable[[Report, TextIO], None]

# name -> module defining `write(report, stream)`; imported only when chosen.
REPORTERS: dict[str, str] = {
    "text": "policycheck.reporters.text",
    "json": "policycheck.reporters.json_report",
    "github": "policycheck.reporters.github",  # workflow-command annotations
    "markdown": "policycheck.reporters.markdown",  # the job summary
    "sarif": "policycheck.reporters.sarif",  # GitHub code scanning
}


def get_reporter(name: str) -> ReportFn:
    write: ReportFn = importlib.import_module(REPORTERS[name]).write
    return write
