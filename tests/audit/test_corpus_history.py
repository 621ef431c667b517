"""The audit on MassGen's real files (the corpus), in a temporary repository with a built
history: tags, release branches, feature branches, and reports that land late.

    v0.0.12  tag on main            the corpus without three reports
    v0.0.13  dev/v0.0.13, tagged    no report
    v0.0.14  dev/v0.0.14, tagged    claude-code-workspace-management.md (v0.0.12-0.0.14)
    v0.1.1   dev/v0.1.1, tagged     github-issue-market-analysis.md (v0.1.1)
    v0.1.8   dev/v0.1.8, tagged     no report
    v0.1.9   dev/v0.1.9, tagged     meta-self-analysis-automation-mode.md (v0.1.8): one release late
    v0.1.10  dev/v0.1.10, open      feature/77-video-tool and quick-fix merged in, no report
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from audit.history_repo import merge, release
from conftest import GitRepo, run_policycheck

REPORTS = "docs/source/examples/case_studies"
WORKSPACE = f"{REPORTS}/claude-code-workspace-management.md"
V011 = f"{REPORTS}/github-issue-market-analysis.md"
V018 = f"{REPORTS}/meta-self-analysis-automation-mode.md"


def _build(repo: GitRepo, corpus: Path) -> None:
    for part in ("massgen", "docs"):
        shutil.copytree(corpus / part, repo.path / part, dirs_exist_ok=True)
    held = {path: (repo.path / path).read_text(encoding="utf-8") for path in (WORKSPACE, V011, V018)}
    for path in held:
        (repo.path / path).unlink()
    repo.commit("MassGen before the replayed releases", date="2025-10-01T10:00:00+00:00")
    repo.git("tag", "v0.0.12")
    for number, (version, files) in enumerate((("0.0.13", {"massgen/v13.py": "X = 13\n"}),
                                               ("0.0.14", {WORKSPACE: held[WORKSPACE]}),
                                               ("0.1.1", {V011: held[V011]}),
                                               ("0.1.8", {"massgen/v18.py": "X = 18\n"}),
                                               ("0.1.9", {V018: held[V018]})), start=10):
        release(repo, f"dev/v{version}", files, tag=f"v{version}", number=number)
    repo.git("checkout", "-q", "-b", "dev/v0.1.10", "main")
    for number, feature in enumerate(("feature/77-video-tool", "quick-fix"), start=20):
        repo.git("checkout", "-q", "-b", feature, "dev/v0.1.10")
        repo.write(f"massgen/{feature.rsplit('/', 1)[-1]}.py", "F = 1\n")
        repo.commit(f"Work on {feature}", date="2025-10-20T10:00:00+00:00")
        merge(repo, feature, into="dev/v0.1.10", number=number)


def test_the_corpus_with_a_built_history(git_repo: GitRepo, corpus: Path) -> None:
    _build(git_repo, corpus)
    run = run_policycheck("audit", "--offline", "--now", "2025-10-21T16:00:00Z", "--format", "json",
                          cwd=git_repo.path, env=git_repo.env)
    data = json.loads(run.out)
    assert run.code == 1 and data["verdict"] == "NOT READY" and data["release"] == "0.1.10"
    checks = {item["check"]: item for item in data["checks"]}
    assert checks["release report"]["status"] == "fail"
    assert "release v0.1.10 adds no case-study report" in checks["release report"]["reason"]
    assert checks["features reference case studies"]["reason"] == (
        "1 of 2 feature merges since v0.1.9 reference no case-study issue: quick-fix")
    assert data["history"] == [
        {"release": "v0.0.12", "ok": False, "report": WORKSPACE, "late_releases": 2},
        {"release": "v0.0.13", "ok": False, "report": WORKSPACE, "late_releases": 1},
        {"release": "v0.0.14", "ok": True, "report": WORKSPACE, "late_releases": 0},
        {"release": "v0.1.1", "ok": True, "report": V011, "late_releases": 0},
        {"release": "v0.1.8", "ok": False, "report": V018, "late_releases": 1},
        {"release": "v0.1.9", "ok": False, "report": None, "late_releases": None},
    ]
