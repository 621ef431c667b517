"""`policycheck audit` on real repositories: the verdict and the items, stated before running."""
from __future__ import annotations

import json
from pathlib import Path

from audit.history_repo import build_history, merge, open_release
from conftest import PROJECT, GitRepo, run_policycheck

from policycheck.schemas import validator

FRIDAY = "2025-03-07T16:00:00Z"  # 08:00 in Los Angeles, an hour before Friday's release
TUESDAY = "2025-03-04T20:00:00Z"  # 12:00 in Los Angeles, before v0.1.4 missed any release


def _audit(repo: GitRepo, *args: str, now: str = FRIDAY) -> tuple[int, dict]:
    run = run_policycheck("audit", "--offline", "--now", now, "--format", "json", *args, cwd=repo.path, env=repo.env)
    assert run.code in (0, 1), run.err
    data = json.loads(run.out)
    assert not list(validator("audit").iter_errors(data))
    return run.code, data


def _statuses(data: dict) -> list[tuple[str, str]]:
    return [(item["check"], item["status"]) for item in data["checks"]]


def test_a_release_without_its_report_is_not_ready_blocking_items_first(repo: GitRepo) -> None:
    build_history(repo)
    open_release(repo, report=False)
    code, data = _audit(repo)
    assert code == 1 and data["verdict"] == "NOT READY" and data["release"] == "0.1.4"
    assert _statuses(data) == [
        ("case-study reports", "fail"),  # no-video.md, shipped in v0.1.2, has no video
        ("release report", "fail"),
        ("features reference case studies", "fail"),
        ("schedule", "fail"),  # Wednesday's release passed since dev/v0.1.4 began
        ("configs", "pass"),
        ("waivers", "pass"),
    ]
    checks = {item["check"]: item for item in data["checks"]}
    assert checks["features reference case studies"]["reason"] == (
        "1 of 2 feature merges since v0.1.3 reference no case-study issue: video-tool")
    assert checks["schedule"]["reason"] == "v0.1.4 missed the release of Wed 2025-03-05 09:00 PST and is still not ready"
    assert checks["release report"]["reason"].startswith("branch:dev/v0.1.4: release v0.1.4 adds no case-study report")
    assert data["schedule"]["next_release"] == {"at": "2025-03-07T09:00:00-08:00", "seconds_left": 3600}
    assert [entry["late_releases"] for entry in data["history"]] == [None, 1, 1, 0]


def test_before_a_release_day_passes_the_schedule_is_not_overdue(repo: GitRepo) -> None:
    build_history(repo)
    open_release(repo, report=False)
    _, data = _audit(repo, now=TUESDAY)
    assert ("schedule", "pass") in _statuses(data)
    assert {i["check"]: i["reason"] for i in data["checks"]}["schedule"] == (
        "next release Wed 2025-03-05 09:00 PST (21h 0m left)")


def test_a_release_with_its_report_and_referenced_features_is_ready(repo: GitRepo) -> None:
    repo.git("tag", "v0.1.3")
    open_release(repo, report=True, feature="feature/41-video-tool")
    code, data = _audit(repo, now=TUESDAY)
    assert (code, data["verdict"]) == (0, "READY")
    checks = {item["check"]: item for item in data["checks"]}
    assert checks["release report"] == {"check": "release report", "status": "pass",
                                        "reason": "dev/v0.1.4 adds its report for v0.1.4 with a video", "fix": ""}
    assert checks["features reference case studies"]["reason"] == (
        "2 feature merges since v0.1.3, each with an issue reference (unverified offline):"
        " feature/41-video-tool (#41), feature/42-memory (#42)")


def test_text_is_a_scorecard_without_colour_off_a_terminal(repo: GitRepo) -> None:
    repo.git("tag", "v0.1.3")
    open_release(repo, report=True)
    run = run_policycheck("audit", "--now", TUESDAY, cwd=repo.path, env=repo.env)
    assert run.code == 1 and "\x1b[" not in run.out
    lines = run.out.splitlines()
    assert lines[0].split() == ["CHECK", "STATUS", "REASON", "HOW", "TO", "FIX"]
    assert lines[1].startswith("features reference case studies  FAIL    1 of 2 feature merges since v0.1.3")
    assert "  next release    Wed 2025-03-05 09:00 PST  (21h 0m left)" in lines
    assert lines[-1] == "NOT READY: release v0.1.4: blocked by features reference case studies"


def test_markdown_has_the_table_and_a_mermaid_chart(repo: GitRepo, tmp_path: Path) -> None:
    build_history(repo)
    out = tmp_path / "audit.md"
    run = run_policycheck("audit", "--format", "markdown", "--now", FRIDAY, "--output", str(out),
                          cwd=repo.path, env=repo.env)
    text = out.read_text(encoding="utf-8")
    assert run.code == 1 and run.out == ""
    assert text.startswith("## policycheck audit: NOT READY\n")
    assert "```mermaid\npie title Releases and their case-study reports\n" in text
    assert '    "on time" : 1\n    "covered later" : 2\n    "never" : 1\n' in text
    assert "| v0.1.1 | no | 1 | docs/source/examples/case_studies/late-report.md |" in text


def test_without_a_release_branch_the_next_after_the_latest_tag(repo: GitRepo) -> None:
    build_history(repo)
    repo.git("checkout", "-q", "main")
    repo.git("rm", "-q", "docs/source/examples/case_studies/no-video.md")
    repo.commit("Drop the report without a video")
    code, data = _audit(repo, now=TUESDAY)
    assert data["release"] == "0.1.4"
    assert _statuses(data) == [("release report", "warn"), ("configs", "pass"), ("case-study reports", "pass"),
                               ("waivers", "pass"), ("schedule", "pass"), ("features reference case studies", "skip")]
    assert code == 0 and data["verdict"] == "READY"


def test_an_expired_waiver_is_listed_and_flagged(repo: GitRepo) -> None:
    repo.write(".policycheck.yaml", "version: 1\nwaivers:\n  - rule: config-unknown-key\n    path: 'massgen/**'\n"
               "    reason: old configs\n    expires: 2025-03-01\n")
    repo.commit("Policy")
    _, data = _audit(repo, now=TUESDAY)
    assert data["waivers"] == [{"rule": "config-unknown-key", "path": "massgen/**", "reason": "old configs",
                                "expires": "2025-03-01", "expired": True}]
    assert {i["check"]: i for i in data["checks"]}["waivers"]["reason"] == (
        "1 of 1 expired: config-unknown-key on 'massgen/**' (2025-03-01)")


def test_the_bundled_example_says_what_it_skipped() -> None:
    example = PROJECT / "examples" / "massgen-demo"
    run = run_policycheck("audit", "--offline", "--now", FRIDAY, "--format", "json", str(example), cwd=PROJECT)
    data = json.loads(run.out)
    assert data["skipped"] == [f"release, features and history: {example} has no git history of its own"
                               f" (it lies inside the repository at {PROJECT})",
                               "pipeline (case-study issues and pull requests on GitHub): offline (--offline, or no"
                               " GitHub token)"]
    assert data["history"] is None and data["release"] is None
    assert _statuses(data) == [("configs", "fail"), ("case-study reports", "fail"), ("waivers", "pass"),
                               ("schedule", "pass")]  # the example's drafts hold real findings


def test_bad_options_are_one_line_errors(repo: GitRepo) -> None:
    for args, message in ((["--now", "soon"], "--now 'soon' is not an ISO time (such as 2026-12-04T16:00:00Z)"),
                          (["--release", "next"], "--release 'next' is not a version (X.Y.Z)")):
        run = run_policycheck("audit", *args, cwd=repo.path, env=repo.env)
        assert (run.code, run.err) == (2, f"policycheck: error: {message}\n")


def test_a_merged_release_is_judged_by_its_merge_and_its_branch_features(repo: GitRepo) -> None:
    repo.git("tag", "v0.1.3")
    open_release(repo, report=False)
    merge(repo, "dev/v0.1.4", number=7)
    repo.git("tag", "v0.1.4")
    _, data = _audit(repo, "--release", "0.1.4", now=TUESDAY)
    checks = {item["check"]: item for item in data["checks"]}
    assert checks["features reference case studies"]["reason"] == (
        "1 of 2 feature merges since v0.1.3 reference no case-study issue: video-tool")
    assert "the merge that brought dev/v0.1.4 into main" in checks["release report"]["reason"]


def test_an_old_release_branch_that_moved_on_is_not_the_next_release(repo: GitRepo) -> None:
    build_history(repo)
    repo.git("checkout", "-q", "dev/v0.1.2")
    repo.commit("A late fix on an old release branch")
    _, data = _audit(repo, now=TUESDAY)
    assert data["release"] == "0.1.4"  # the next after v0.1.3, not the unmerged dev/v0.1.2
