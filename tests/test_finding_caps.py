"""Findings that explode: one rule lists at most MAX_PER_FILE findings in one file, then one
finding says how many more, where the first of them stands; a 1 MiB file of mistakes stays
a short report within the memory bound."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import clean_env, policycheck_script

from policycheck.checking import MAX_PER_FILE

MIB = 1 << 20
HEAD = "agents:\n  - id: a\n    backend: {type: openai, model: gpt-4o}\n"


KEY_LINE = len("unknown_key_0000000: 1\n")
IN_A_MIB = (MIB - len(HEAD)) // KEY_LINE  # unknown keys in a file of at most 1 MiB


def unknown_keys(count: int) -> str:
    return HEAD + "".join(f"unknown_key_{n:07d}: 1\n" for n in range(count))


def duplicate_agents(size: int) -> str:
    line = "  - {id: a, backend: {type: claude}}\n"
    return "agents:\n" + line * ((size - 8) // len(line))


def check(repo: Path, *paths: str) -> tuple[int, list[dict[str, object]]]:
    result = subprocess.run([policycheck_script(), "check-config", "--format", "json", *paths], cwd=repo,
                            env=clean_env(), capture_output=True, text=True, timeout=120)
    return result.returncode, json.loads(result.stdout)["findings"]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    return tmp_path


def test_unknown_keys_are_capped_per_file(repo: Path) -> None:
    (repo / "a.yaml").write_text(unknown_keys(IN_A_MIB))
    (repo / "b.yaml").write_text(unknown_keys(150))
    assert (repo / "a.yaml").stat().st_size <= MIB
    code, findings = check(repo, "a.yaml", "b.yaml")
    assert code == 0  # warnings
    for path, total in (("a.yaml", IN_A_MIB), ("b.yaml", 150)):
        mine = [f for f in findings if f["path"] == path and f["rule"] == "config-unknown-key"]
        assert len(mine) == MAX_PER_FILE + 1
        assert [f["line"] for f in mine[:MAX_PER_FILE]] == list(range(4, 4 + MAX_PER_FILE))
        more = mine[MAX_PER_FILE]
        assert (more["line"], more["column"], more["severity"]) == (4 + MAX_PER_FILE, 1, "warning")
        assert more["message"] == (f"{total - MAX_PER_FILE} more config-unknown-key findings here, from this"
                                   f" line on, not listed (only the first {MAX_PER_FILE} are)")


def test_a_rule_under_the_cap_lists_everything(repo: Path) -> None:
    (repo / "a.yaml").write_text(unknown_keys(MAX_PER_FILE))
    code, findings = check(repo, "a.yaml")
    listed = [f for f in findings if f["rule"] == "config-unknown-key"]
    assert code == 0 and len(listed) == MAX_PER_FILE and not any("more" in str(f["message"]) for f in listed)


def test_duplicate_agents_are_capped(repo: Path) -> None:
    (repo / "a.yaml").write_text(duplicate_agents(MIB // 5))  # within the budget of YAML values (MAX_ITEMS)
    code, findings = check(repo, "a.yaml")
    ids = [f for f in findings if f["rule"] == "config-agent-ids"]
    assert code == 1 and len(ids) == MAX_PER_FILE + 1
    assert (ids[-1]["line"], ids[-1]["severity"]) == (MAX_PER_FILE + 3, "error")


PEAK = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, timeout=120)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


@pytest.mark.parametrize("name", ["unknown keys", "duplicate agents"])
def test_a_mebibyte_of_mistakes_stays_under_200_mb(repo: Path, name: str) -> None:
    (repo / "a.yaml").write_text(unknown_keys(IN_A_MIB) if name == "unknown keys" else duplicate_agents(MIB))
    peak = subprocess.run([sys.executable, "-c", PEAK, policycheck_script(), "check-config", "a.yaml"], cwd=repo,
                          env=clean_env(), capture_output=True, text=True, timeout=150, check=True)
    assert int(peak.stdout) < 200 * 1024  # KiB; up to 865 MB before the cap
