"""Branch classes and issue references from the default policy (MassGen's real spellings)."""
from __future__ import annotations

from pathlib import Path

import pytest

from policycheck.branches.classify import classify
from policycheck.branches.context import BranchContext
from policycheck.branches.references import find_references, strongest
from policycheck.branches.targets import version_covers
from policycheck.policy import load_policy
from policycheck.sources.git import Commit

POLICY = load_policy(cwd=Path(__file__).parent)


@pytest.mark.parametrize("branch, base, title, kind, version", [
    ("dev/v0.1.12", "main", None, "release", "0.1.12"),
    ("dev/v0.1.12", "dev/v0.1.13", None, "exempt", None),
    ("dev/v0.0.29-p1", "main", None, "exempt", None),
    ("v0.0.8-patch1", "main", None, "exempt", None), ("someone/v0.1.2-post1", "dev/v0.1.3", None, "exempt", None),
    ("v0.1.2-postcard", "main", None, "feature", None), ("v0.0.15-2fa", "main", None, "feature", None),
    ("v0.1.4-post1", "main", None, "exempt", None),
    ("v0.0.31-hotfix", "main", None, "exempt", None),
    ("docs_for_v0.1.1", "main", None, "exempt", None),
    ("docs-for-v0.0.30", "main", None, "exempt", None),
    ("Docs_for_v0.1.5", "main", None, "exempt", None),
    ("doc_for_v0.0.25", "main", None, "exempt", None),
    ("Henry-patch-2", "main", None, "exempt", None),
    ("dependabot/pip/requests-2.32.4", "main", None, "exempt", None),
    ("main", "main", None, "exempt", None),
    ("issue_403", "dev/v0.1.9", None, "feature", None),
    ("feature/video-tool", "dev/v0.1.9", None, "feature", None),
    ("release-prep", "main", "feat: v0.1.9", "release", "0.1.9"),
    ("release-prep", "main", "feat: v0.1.9 and more", "release", "0.1.9"),
    ("release-prep", "main", "fix: v0.1.9", "feature", None),
])
def test_classify(branch: str, base: str, title: str | None, kind: str, version: str | None) -> None:
    found = classify(branch, base, title, POLICY)
    assert (found.kind, found.version) == (kind, version)


def _ctx(branch: str, body: str | None = None, messages: tuple[str, ...] = ()) -> BranchContext:
    commits = tuple(Commit(str(i) * 40, message, 0) for i, message in enumerate(messages))
    return BranchContext("flags", branch, "main", None, None, body=body, body_path="body.md", commits=commits)


@pytest.mark.parametrize("branch, number, column", [
    ("feature/123-video", 123, 9), ("issue_123", 123, 7), ("123-video", 123, 1), ("fix/gh-45", 45, 8),
    ("issues-7/part", 7, 8),
])
def test_branch_name_references(branch: str, number: int, column: int) -> None:
    refs = find_references(_ctx(branch), POLICY, "massgen/MassGen")
    assert [(r.number, r.source, r.line, r.column) for r in refs] == [(number, "branch", 1, column)]


@pytest.mark.parametrize("branch", ["feature/v2-api", "feature/2fa", "release-2024", "video-tool", "0810_update_x_link",
                                    "0727_change_logo", "dev/v0.1.8", "feature/0810-x"])
def test_branch_names_without_references(branch: str) -> None:
    assert find_references(_ctx(branch), POLICY, "massgen/MassGen") == []


def test_body_references_strongest_first() -> None:
    body = ("Follow-up to #3 and other/repo#9.\n"
            "See https://github.com/massgen/MassGen/issues/8 and https://github.com/else/where/issues/5\n"
            "Resolves #12, closes #13\n&#123; [issue-number]\n")
    refs = find_references(_ctx("video-tool", body), POLICY, "massgen/MassGen")
    assert [(r.number, r.line, r.column, r.tier) for r in refs] == [
        (12, 3, 10, 1), (13, 3, 22, 1), (8, 2, 47, 2), (3, 1, 14, 3)]
    assert [r.number for r in strongest(refs)] == [12, 13]


def test_commit_references_come_after_the_body() -> None:
    refs = find_references(_ctx("video-tool", "", ("Start", "Wire it up\n\nFixes #21")), POLICY, "massgen/MassGen")
    assert [(r.number, r.source, r.path.display(), r.line, r.column) for r in refs] == [
        (21, "commit", "commit:111111111111", 3, 7)]


def test_versions_and_ranges() -> None:
    assert version_covers("0.1.8", "0.1.8", "0.1.8")
    assert version_covers("0.0.12", "0.0.14", "0.0.13") and not version_covers("0.0.12", "0.0.14", "0.0.15")
    assert not version_covers(None, None, "0.1.8") and not version_covers("0.1.10", "0.1.10", "0.1.1")
