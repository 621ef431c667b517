"""A replay of real MassGen releases, rebuilt in a temporary repository from the corpus.

The corpus holds MassGen's files at the v0.1.12 release merge, not its history, so each
release is rebuilt: `main` holds the corpus without the release's report, and `dev/vX.Y.Z`
adds (or does not add) the real report file, as the real release merge did. PROCESS.md
records that only 8 of 37 release merges added a report and none after v0.1.8: v0.1.8 and
v0.1.1 shipped theirs (with their YouTube demos), v0.1.12 shipped none.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import GitRepo, run_policycheck

REPORTS = "docs/source/examples/case_studies"


def _rebuild(repo: GitRepo, corpus: Path, without: tuple[str, ...] = ()) -> None:
    for part in ("massgen", "docs"):
        shutil.copytree(corpus / part, repo.path / part, dirs_exist_ok=True)
    for relpath in without:
        (repo.path / relpath).unlink()
    repo.commit("MassGen before the release", date="2025-11-01T10:00:00+00:00")


def _release(repo: GitRepo, version: str, files: dict[str, str]) -> dict:
    repo.git("checkout", "-q", "-b", f"dev/v{version}")
    for relpath, text in files.items():
        repo.write(relpath, text)
    repo.commit(f"feat: v{version}", date="2025-11-03T10:00:00+00:00")
    run = run_policycheck("check-release", "--format", "json", cwd=repo.path, env=repo.env)
    return {"code": run.code, "findings": json.loads(run.out)["findings"] if run.out else [], "err": run.err}


@pytest.mark.parametrize("version, report", [
    ("0.1.8", "meta-self-analysis-automation-mode.md"),
    ("0.1.1", "github-issue-market-analysis.md"),
])
def test_release_that_added_its_report_passes(git_repo: GitRepo, corpus: Path, version: str, report: str) -> None:
    path = f"{REPORTS}/{report}"
    _rebuild(git_repo, corpus, without=(path,))
    result = _release(git_repo, version, {path: (corpus / path).read_text(encoding="utf-8")})
    assert result["code"] == 0, result
    assert result["findings"] == []


def test_release_without_report_fails(git_repo: GitRepo, corpus: Path) -> None:
    _rebuild(git_repo, corpus)
    config = "massgen/configs/basic/single/single_gpt5nano.yaml"
    text = (corpus / config).read_text(encoding="utf-8")
    result = _release(git_repo, "0.1.12", {config: text.replace('effort: "medium"', 'effort: "low"', 1)})
    assert result["code"] == 1
    assert [(f["rule"], f["path"], f["line"], f["column"]) for f in result["findings"]] == [
        ("release-report-missing", "branch:dev/v0.1.12", 1, 1)]


def test_report_without_its_video_fails(git_repo: GitRepo, corpus: Path) -> None:
    path = f"{REPORTS}/meta-self-analysis-automation-mode.md"
    _rebuild(git_repo, corpus, without=(path,))
    lines = (corpus / path).read_text(encoding="utf-8").splitlines(keepends=True)
    stripped = "".join(line for line in lines if "youtu" not in line)
    result = _release(git_repo, "0.1.8", {path: stripped})
    assert result["code"] == 1
    assert [(f["path"], f["line"], f["column"]) for f in result["findings"]] == [(path, 1, 1)]
    assert "video" in result["findings"][0]["message"]


def test_report_landing_in_a_later_release_is_for_the_wrong_version(git_repo: GitRepo, corpus: Path) -> None:
    path = f"{REPORTS}/meta-self-analysis-automation-mode.md"
    _rebuild(git_repo, corpus, without=(path,))
    result = _release(git_repo, "0.1.9", {path: (corpus / path).read_text(encoding="utf-8")})
    assert result["code"] == 1
    assert [(f["rule"], f["path"], f["line"], f["column"]) for f in result["findings"]] == [
        ("release-report-version", path, 1, 1)]
