"""`policycheck ci --comment` on the MassGen corpus as a release pull request that breaks one
config and lacks its case-study report: the GitHub requests it makes, from the stand-in's log
(one per referenced issue, one page of the file list per 100 files, two for the comment), and
its wall time (printed: `pytest -s` shows it)."""
from __future__ import annotations

import shutil
import time
from pathlib import Path

from branches.scenario import BASE_DATE, FILLED_ISSUE, REPO, WORK_DATE
from conftest import GitRepo, run_policycheck
from github_server import FakeGitHub, github_server  # noqa: F401 (the fixture)
from test_ci import Actions, pr_payload

BRANCH = "dev/v0.1.13"
BROKEN = "massgen/configs/basic/single/single_agent.yaml"
NOTES = 149  # files that are neither configs nor reports: with the config, 150 files, two pages of 100


def corpus_release_pr(repo: GitRepo, corpus: Path, server: FakeGitHub) -> tuple[str, str]:
    shutil.copytree(corpus, repo.path, dirs_exist_ok=True)
    base = repo.commit("The corpus", date=BASE_DATE)
    repo.git("checkout", "-q", "-b", BRANCH)
    assert (repo.path / BROKEN).is_file()
    repo.write(BROKEN, "agents: [\n")
    for index in range(NOTES):
        repo.write(f"notes/release-{index:03}.txt", f"note {index}\n")
    head = repo.commit("Release work", date=WORK_DATE)
    server.page_size_cap = 100  # GitHub's largest page
    server.add_pull(REPO, 21, BRANCH, base="main", body="Closes #101, see #102")
    server.add_pull_files(REPO, 21, [("modified", BROKEN), *(("added", f"notes/release-{i:03}.txt")
                                                              for i in range(NOTES))])
    for number in (101, 102):
        server.add_issue(REPO, number, body=FILLED_ISSUE, created_at="2025-03-02T09:00:00Z")
    return base, head


def test_release_pr_on_the_corpus_makes_few_requests(corpus: Path, git_repo: GitRepo, tmp_path: Path,
                                                     github_server: FakeGitHub) -> None:
    base, head = corpus_release_pr(git_repo, corpus, github_server)
    payload = pr_payload(BRANCH, head, base, body="Closes #101, see #102", title="feat: v0.1.13", number=21)
    actions = Actions(git_repo, tmp_path, "pull_request", payload)
    started = time.perf_counter()
    run = run_policycheck("ci", "--comment", cwd=git_repo.path, env=actions.env(github_server), timeout=60)
    wall = time.perf_counter() - started
    assert run.code == 1, run.out + run.err
    report = actions.summary.read_text(encoding="utf-8")
    assert "`release-report-missing`" in report and "`yaml-syntax`" in report
    log = [(e.method, e.path) for e in github_server.log]
    files = f"/repos/{REPO}/pulls/21/files"
    assert [p for m, p in log if p.startswith(files)] == [f"{files}?per_page=100", f"{files}?page=2&per_page=100"]
    for number in (101, 102):
        assert len(github_server.requests_to(f"/issues/{number}")) <= 1
    comments = f"/repos/{REPO}/issues/21/comments"
    assert [(m, p) for m, p in log if p.startswith(comments)] == [("GET", f"{comments}?per_page=100"),
                                                                 ("POST", comments)]
    issues = sum(1 for _, p in log if p.startswith((f"/repos/{REPO}/issues/101", f"/repos/{REPO}/issues/102")))
    assert len(log) == 2 + issues + 2, log
    print(f"\ncorpus release PR: {len(log)} GitHub requests ({issues} issue, 2 file pages, 2 comment),"
          f" {wall:.2f} s wall time for `policycheck ci --comment`")
