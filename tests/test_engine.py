"""The engine: severity from the rule, the fact and the policy; typed locations on stamping."""
from __future__ import annotations

from pathlib import Path

from helpers import finding

from policycheck import engine
from policycheck.findings import BRANCH, COMMIT, FILE, Fact, Location
from policycheck.policy import Policy, load_policy


def _policy(tmp_path: Path, body: str = "") -> Policy:
    (tmp_path / ".policycheck.yaml").write_text("version: 1\n" + body)
    return load_policy(cwd=tmp_path)


def test_stamp_uses_rule_default_then_fact_then_policy(tmp_path: Path) -> None:
    policy = _policy(tmp_path)
    where = Location(FILE, "a.yaml")
    stamped = engine.stamp("yaml-duplicate-key", Fact("dup", 3, 4), where, policy)
    assert stamped == finding("yaml-duplicate-key", "error", "a.yaml", 3, 4, "dup", None)
    warned = engine.stamp("file-encoding", Fact("bom", severity="warning"), where, policy)
    assert warned is not None and warned.severity == "warning"
    policy = _policy(tmp_path, "rules:\n  file-encoding: error\n  yaml-duplicate-key: 'off'\n")
    strict = engine.stamp("file-encoding", Fact("bom", severity="warning"), where, policy)
    assert strict is not None and strict.severity == "error"
    assert engine.stamp("yaml-duplicate-key", Fact("dup"), where, policy) is None


def test_a_fact_about_another_place_is_reported_there(tmp_path: Path) -> None:
    policy = _policy(tmp_path)
    branch = Location(BRANCH, "feature/x")
    in_commit = engine.stamp("branch-issue-reference", Fact("m", 2, 5, path=Location(COMMIT, "abc123")), branch, policy)
    assert in_commit is not None and (in_commit.location.kind, in_commit.path, in_commit.line) == (COMMIT, "commit:abc123", 2)
    other_file = engine.stamp("case-study-config-invalid", Fact("m", 7, 3, path="c.yaml"), Location(FILE, "r.md"), policy)
    assert other_file is not None and (other_file.location, other_file.path) == (Location(FILE, "c.yaml", 7, 3), "c.yaml")
    on_branch = engine.stamp("branch-issue-reference", Fact("m", end_line=1, end_column=9), branch, policy)
    assert on_branch is not None and on_branch.location == Location(BRANCH, "feature/x", 1, 1, 1, 9)
    assert on_branch.path == "branch:feature/x"


def test_identity_ignores_positions_in_the_message() -> None:
    first = finding("yaml-duplicate-key", "error", "a.yaml", 9, 1, "duplicate key 'x' (first defined at line 3)")
    moved = finding("yaml-duplicate-key", "error", "a.yaml", 12, 1, "duplicate key 'x' (first defined at line 6)")
    other = finding("yaml-duplicate-key", "error", "a.yaml", 12, 1, "duplicate key 'y' (first defined at line 6)")
    assert first.identity() == moved.identity() != other.identity()
    assert first.identity() != finding("yaml-duplicate-key", "error", "b.yaml", 9, 1, first.message).identity()
