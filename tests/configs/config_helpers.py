"""Helpers for config tests: mutate a real corpus config into a temporary repository, check it."""
from __future__ import annotations

from pathlib import Path

from helpers import run_files

from policycheck.findings import Finding
from policycheck.policy import load_policy

CONFIG_DIR = "massgen/configs"


def make_root(root: Path) -> Path:
    """A repository root: a policy file (the defaults) marks it, as in a real checkout."""
    root.mkdir(parents=True, exist_ok=True)
    (root / ".policycheck.yaml").write_text("version: 1\n", encoding="utf-8")
    return root


def mutate(corpus: Path, root: Path, rel: str, edits: list[tuple[str, str]]) -> Path:
    """Copy corpus config `rel` to the same place under `root`, each edit replacing the first
    occurrence of its old text (which must be there: a stale edit fails loudly)."""
    text = (corpus / CONFIG_DIR / rel).read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, f"{rel}: edit target not found: {old!r}"
        text = text.replace(old, new, 1)
    dest = make_root(root) / CONFIG_DIR / rel
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(text, encoding="utf-8")
    return dest


def position(text: str, at: str, occurrence: int = 1) -> tuple[int, int]:
    """1-based line and column of `at` in `text`; a `^` in `at` marks the exact spot."""
    offset = at.index("^") if "^" in at else 0
    snippet = at.replace("^", "", 1)
    index = -1
    for _ in range(occurrence):
        index = text.index(snippet, index + 1)
    index += offset
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def check(root: Path, *paths: Path) -> list[Finding]:
    policy = load_policy(cwd=root)
    return run_files("config", [str(p) for p in paths], policy).findings
