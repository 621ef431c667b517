"""A replay of real MassGen release merges, rebuilt in a temporary repository from the corpus.

The corpus holds MassGen's files at the v0.1.12 release merge, not its history, so the
releases are rebuilt in order: `main` starts as the corpus without the reports that the
replayed releases added; each `dev/vX.Y.Z` branch adds (or does not add) the real report
file, is checked as its release PR would be, and is merged into `main` with a merge commit,
as MassGen's release PRs were. PROCESS.md records that only 8 of 37 release merges added a
report and none after v0.1.8: v0.1.1 and v0.1.8 shipped theirs, with their YouTube demos;
v0.1.12 shipped none.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import GitRepo, run_policycheck

REPORTS = "docs/source/examples/case_studies"
V011 = f"{REPORTS}/github-issue-market-analysis.md"
V018 = f"{REPORTS}/meta-self-analysis-automation-mode.md"
CONFIG = "massgen/configs/basic/single/single_gpt5nano.yaml"


def _rebuild(repo: GitRepo, corpus: Path, without: tuple[str, ...]) -> None:
    for part in ("massgen", "docs"):
        shutil.copytree(corpus / part, repo.path / part, dirs_exist_ok=True)
    for relpath in without:
        (repo.path / relpath).unlink()
    repo.commit("MassGen before the replayed releases", date="2025-10-01T10:00:00+00:00")


def _release(repo: GitRepo, version: str, files: dict[str, str], day: int) -> dict:
    """Branch dev/vX.Y.Z from main, commit, check it as the release PR, then merge it."""
    repo.git("checkout", "-q", "-b", f"dev/v{version}", "main")
    for relpath, text in files.items():
        repo.write(relpath, text)
    repo.commit(f"Release work for v{version}", date=f"2025-10-{day:02d}T10:00:00+00:00")
    run = run_policycheck("check-release", "--format", "json", cwd=repo.path, env=repo.env)
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--no-ff", "-m", f"Merge pull request from massgen/dev/v{version}", f"dev/v{version}")
    return {"code": run.code, "findings": json.loads(run.out)["findings"] if run.out else [], "err": run.err}


def _rules(result: dict) -> list[tuple[str, str, int, int]]:
    return [(f["rule"], f["path"], f["line"], f["column"]) for f in result["findings"]]


def test_release_merges_in_order(git_repo: GitRepo, corpus: Path) -> None:
    _rebuild(git_repo, corpus, without=(V011, V018))
    v011 = _release(git_repo, "0.1.1", {V011: (corpus / V011).read_text(encoding="utf-8")}, day=3)
    assert (v011["code"], v011["findings"]) == (0, []), v011
    v018 = _release(git_repo, "0.1.8", {V018: (corpus / V018).read_text(encoding="utf-8")}, day=10)
    assert (v018["code"], v018["findings"]) == (0, []), v018
    config = (corpus / CONFIG).read_text(encoding="utf-8").replace('effort: "medium"', 'effort: "low"', 1)
    v0112 = _release(git_repo, "0.1.12", {CONFIG: config}, day=20)
    assert v0112["code"] == 1
    assert _rules(v0112) == [("release-report-missing", "branch:dev/v0.1.12", 1, 1)]
    merges = git_repo.git("log", "--merges", "--format=%s", "main").splitlines()
    assert len(merges) == 3  # the history now holds three real-shaped release merges


def test_report_without_its_video_fails(git_repo: GitRepo, corpus: Path) -> None:
    _rebuild(git_repo, corpus, without=(V018,))
    lines = (corpus / V018).read_text(encoding="utf-8").splitlines(keepends=True)
    result = _release(git_repo, "0.1.8", {V018: "".join(line for line in lines if "youtu" not in line)}, day=10)
    assert result["code"] == 1
    demo = next(number for number, line in enumerate(lines, 1) if 'id="demo"' in line)  # where the video belongs
    assert [(f["path"], f["line"], f["column"]) for f in result["findings"]] == [(V018, demo, 1)]
    assert "video" in result["findings"][0]["message"]


def test_report_landing_a_release_late_is_for_the_wrong_version(git_repo: GitRepo, corpus: Path) -> None:
    _rebuild(git_repo, corpus, without=(V018,))
    result = _release(git_repo, "0.1.9", {V018: (corpus / V018).read_text(encoding="utf-8")}, day=12)
    assert result["code"] == 1
    assert _rules(result) == [("release-report-version", V018, 1, 1)]
