"""Policy patterns read a bounded text (`regexes.PolicyPattern`): a pattern the load-time check
lets through but that is quadratic when searched (`.*x`) cannot hold a run on a long title."""
from __future__ import annotations

import re

from policycheck.regexes import MAX_SUBJECT, PolicyPattern, catastrophic


def test_a_quadratic_pattern_passes_the_load_check() -> None:
    assert catastrophic(r".*.*x(?P<version>\d+)") is None  # polynomial, not exponential: the bound saves it


def test_a_pattern_reads_at_most_max_subject_characters() -> None:
    pattern = PolicyPattern(re.compile(r"v(?P<version>\d+)$"))
    assert pattern.search("a" * (MAX_SUBJECT - 2) + "v1")["version"] == "1"  # type: ignore[index]
    assert pattern.search("a" * MAX_SUBJECT + "v1") is None
    assert [m["version"] for m in PolicyPattern(re.compile(r"v(?P<version>\d)")).finditer("v1 v2")] == ["1", "2"]


def test_a_file_is_searched_line_by_line() -> None:
    pattern = PolicyPattern(re.compile(r'(?m)^__version__\s*=\s*"(?P<version>[\d.]+)"'))
    text = "x" * 100_000 + '\n"""doc"""\n__version__ = "0.1.13"\n'
    assert pattern.search_lines(text)["version"] == "0.1.13"  # type: ignore[index]

