"""A small MassGen-shaped history, built in a real repository, and what it says.

    v0.1.0  tag on main                     no report
    v0.1.1  dev/v0.1.1 merged (tag too)     no report: covered one release later
    v0.1.2  dev/v0.1.2 merged, no tag       report for v0.1.1 with a video (late), v0.1.2's without one
    v0.1.3  `memory` merged, tagged v0.1.3  report titled v0.1.2-v0.1.3 with a video (old folder)
    v0.1.4  dev/v0.1.4 open, not merged     a feature merged into it without a reference
"""
from __future__ import annotations

from branches.scenario import REPORTS_DIR, report_text
from conftest import GitRepo

OLD_DIR = "docs/case_studies"
LATE = f"{REPORTS_DIR}/late-report.md"
NO_VIDEO = f"{REPORTS_DIR}/no-video.md"
RANGE = f"{OLD_DIR}/range-report.md"
OWN = f"{REPORTS_DIR}/own-report.md"


def merge(repo: GitRepo, branch: str, into: str = "main", number: int = 1) -> str:
    repo.git("checkout", "-q", into)
    repo.git("merge", "-q", "--no-ff", "-m", f"Merge pull request #{number} from massgen/{branch}", branch)
    return repo.git("rev-parse", "HEAD")


def release(repo: GitRepo, branch: str, files: dict[str, str], tag: str | None = None, number: int = 1) -> str:
    repo.git("checkout", "-q", "-b", branch, "main")
    for path, text in files.items():
        repo.write(path, text)
    repo.commit(f"Work on {branch}", date="2025-03-03T10:00:00+00:00")
    merged = merge(repo, branch, number=number)
    if tag:
        repo.git("tag", tag)
    return merged


def build_history(repo: GitRepo) -> GitRepo:
    repo.git("tag", "v0.1.0")
    release(repo, "dev/v0.1.1", {"massgen/a.py": "A = 1\n"}, tag="v0.1.1", number=2)
    release(repo, "dev/v0.1.2", {LATE: report_text("0.1.1"), NO_VIDEO: report_text("0.1.2", video=False)}, number=3)
    release(repo, "memory", {RANGE: report_text("0.1.2").replace("v0.1.2:", "v0.1.2-v0.1.3:", 1)}, tag="v0.1.3",
            number=4)
    return repo


def open_release(repo: GitRepo, report: bool, feature: str = "video-tool") -> None:
    """dev/v0.1.4 with two features merged in (`feature`, by default one with no issue
    reference, and feature/42-memory) and, if asked, its report."""
    repo.git("checkout", "-q", "-b", "dev/v0.1.4", "main")
    repo.write("massgen/b.py", "B = 1\n")
    repo.commit("Start v0.1.4", date="2025-03-04T10:00:00+00:00")
    repo.git("checkout", "-q", "-b", feature)
    repo.write("massgen/video.py", "V = 1\n")
    repo.commit("Add a video tool", date="2025-03-04T11:00:00+00:00")
    merge(repo, feature, into="dev/v0.1.4", number=5)
    repo.git("checkout", "-q", "-b", "feature/42-memory", "dev/v0.1.4")
    repo.write("massgen/memory.py", "M = 1\n")
    repo.commit("Memory", date="2025-03-04T12:00:00+00:00")
    merge(repo, "feature/42-memory", into="dev/v0.1.4", number=6)
    if report:
        repo.write(OWN, report_text("0.1.4"))
        repo.commit("Report for v0.1.4", date="2025-03-04T13:00:00+00:00")
