"""`audit --history`: each past release, whether its tree held its report with a video, and
how many releases late one landed, from a real repository's tags and release merges."""
from __future__ import annotations

import json

from audit.history_repo import LATE, RANGE, build_history, release
from branches.scenario import REPORTS_DIR, report_text
from conftest import GitRepo, run_policycheck

from policycheck.audit.history import find_releases, merged_branch, release_history, report_folders
from policycheck.policy import load_policy
from policycheck.sources import git


def _history(repo: GitRepo, *args: str) -> list[dict]:
    run = run_policycheck("audit", "--history", "--offline", "--format", "json", *args, cwd=repo.path, env=repo.env)
    assert run.code == 0, run.err
    return json.loads(run.out)["history"]


def test_each_release_its_report_and_how_late(repo: GitRepo) -> None:
    build_history(repo)
    assert _history(repo) == [
        {"release": "v0.1.0", "ok": False, "report": None, "late_releases": None},
        {"release": "v0.1.1", "ok": False, "report": LATE, "late_releases": 1},
        {"release": "v0.1.2", "ok": False, "report": RANGE, "late_releases": 1},  # its own report has no video
        {"release": "v0.1.3", "ok": True, "report": RANGE, "late_releases": 0},  # the range's upper end
    ]


def test_since_starts_the_history_there(repo: GitRepo) -> None:
    build_history(repo)
    assert [entry["release"] for entry in _history(repo, "--since", "v0.1.2")] == ["v0.1.2", "v0.1.3"]


def test_a_tag_names_the_tree_and_a_merge_without_one_still_counts(repo: GitRepo) -> None:
    build_history(repo)
    policy = load_policy(cwd=repo.path)
    sources = {r.version: r.source for r in find_releases(repo.path, policy, "main")}
    assert sources == {"0.1.0": "tag v0.1.0", "0.1.1": "tag v0.1.1", "0.1.2": "merge of dev/v0.1.2",
                       "0.1.3": "tag v0.1.3"}


def test_a_report_removed_before_its_release_is_not_counted(repo: GitRepo) -> None:
    release(repo, "dev/v0.2.0", {f"{REPORTS_DIR}/gone.md": report_text("0.2.0")}, number=2)
    repo.git("rm", "-q", f"{REPORTS_DIR}/gone.md")
    repo.commit("Remove the report")
    repo.git("tag", "v0.2.0")  # the tag, on the later commit, names the tree that shipped
    entries = release_history(repo.path, load_policy(cwd=repo.path), "main")
    assert [(e.release.name, e.ok, e.report) for e in entries] == [("v0.2.0", False, None)]


def test_the_default_policy_reads_both_report_folders() -> None:
    assert report_folders(load_policy()) == ("docs/source/examples/case_studies", "docs/case_studies")


def test_merge_subjects_name_their_branch() -> None:
    assert merged_branch("Merge pull request #516 from massgen/dev/v0.1.12") == "dev/v0.1.12"
    assert merged_branch("Merge branch 'dev/v0.1.2' into main") == "dev/v0.1.2"
    assert merged_branch("Merge remote-tracking branch 'origin/dev/v0.1.3'") == "dev/v0.1.3"
    assert merged_branch("Release v0.1.2") is None


def test_no_releases_is_an_empty_history(repo: GitRepo) -> None:
    assert _history(repo) == []


def test_folder_files_reads_each_revision_in_one_process(repo: GitRepo) -> None:
    first = repo.git("rev-parse", "HEAD")  # no docs/ at all yet
    repo.write("docs/case_studies/a.md", "# A\n")
    repo.write("docs/case_studies/deeper/b.md", "# B\n")
    (repo.path / "docs" / "case_studies" / "link.md").symlink_to("a.md")
    second = repo.commit("Reports")
    found = git.folder_files(repo.path, [first, second], ("docs/case_studies", "docs/missing"))
    blob = repo.git("rev-parse", f"{second}:docs/case_studies/a.md")
    assert found[0] == {}
    assert set(found[1]) == {"docs/case_studies/a.md", "docs/case_studies/deeper/b.md"}  # no symlink
    assert found[1]["docs/case_studies/a.md"] == blob
    assert found == [git.tree_files(repo.path, rev, ("docs/case_studies",)) for rev in (first, second)]
