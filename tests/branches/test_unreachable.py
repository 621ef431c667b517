"""Issue 8 item 6: without a network, a token in the environment must not block a push.

At pre-push (pre-commit's PRE_COMMIT_* variables, as pre-push sets them) an unreachable GitHub
gives the offline verdict, the findings `--offline` gives, with one warning on stderr; in CI
it stays exit 3 with one line; by hand it is exit 3 unless the policy says otherwise
(`github.unreachable`). The installed script against real sockets on 127.0.0.1: a closed port
(refused), a full accept queue (connect timeout), a listener that never answers (read timeout);
the policy's timeouts keep each wait small."""
from __future__ import annotations

import json
import re
import socket
from pathlib import Path

import pytest
from branches.scenario import FILLED_ISSUE, ISSUE_BEFORE, REPO, branch_off
from conftest import GitRepo, Run, run_policycheck
from github_server import FakeGitHub
from sockets import closed_port, full, silent  # noqa: F401 (fixtures)

TOKEN = "ghp_unreachable_do_not_print_0123456789"
BRANCH = "feature/12-video-tool"
UNVERIFIED = ("branch:feature/12-video-tool:1:9: warning branch-issue-unverified references issue #12 (in the"
              " branch); not verified: ")


def _closed_url() -> str:
    return f"http://127.0.0.1:{closed_port()}"


@pytest.fixture
def full_url(full: int) -> str:
    return f"http://127.0.0.1:{full}"


def _policy(repo: GitRepo, text: str) -> None:
    repo.write(".policycheck.yaml", "version: 1\n" + text)
    repo.commit("Policy", date="2025-03-01T11:00:00+00:00")


def _pre_push(repo: GitRepo) -> dict[str, str]:
    """What pre-commit sets for a pre-push hook (`git push origin feature/12-video-tool`)."""
    return {"PRE_COMMIT_REMOTE_BRANCH": f"refs/heads/{BRANCH}", "PRE_COMMIT_LOCAL_BRANCH": f"refs/heads/{BRANCH}",
            "PRE_COMMIT_FROM_REF": repo.git("rev-parse", "main"), "PRE_COMMIT_TO_REF": repo.git("rev-parse", "HEAD"),
            "PRE_COMMIT_REMOTE_NAME": "origin", "PRE_COMMIT_REMOTE_URL": "https://github.com/massgen/MassGen.git"}


def _ci(repo: GitRepo, tmp_path: Path) -> dict[str, str]:
    """A pull_request event in GitHub Actions."""
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"action": "synchronize", "number": 40, "repository": {"full_name": REPO},
                                 "pull_request": {"number": 40, "title": "Video tool", "body": "Closes #12",
                                                  "head": {"ref": BRANCH, "sha": repo.git("rev-parse", "HEAD")},
                                                  "base": {"ref": "main"}}}), encoding="utf-8")
    return {"GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "pull_request", "GITHUB_EVENT_PATH": str(event),
            "GITHUB_REPOSITORY": REPO}


def _run(repo: GitRepo, tmp_path: Path, url: str, *args: str, token: str = TOKEN, **env: str) -> Run:
    """check-branch with a token in the environment; the token must never be printed."""
    run = run_policycheck("check-branch", "--github-url", url, *args, cwd=repo.path,
                          env=dict(repo.env, GITHUB_TOKEN=token, POLICYCHECK_GITHUB_BACKOFF="0",
                                   POLICYCHECK_CACHE_DIR=str(tmp_path / "cache"), **env))
    assert token not in run.out + run.err
    assert "Traceback" not in run.err
    return run


def _lines(err: str) -> list[str]:
    return err.strip().splitlines()


def _warning(url: str, reason: str, place: str = "pre-push") -> str:
    return (f"policycheck: warning: GitHub was unreachable ({url}: {reason}): checked offline"
            f" (the policy's github.unreachable for {place} is offline)")


def _findings(out: str) -> list[str]:
    """The report's finding lines with the offline reason taken out: what `--offline` also says."""
    return [re.sub(r"not verified: offline \(.*\)$", "not verified: offline", line)
            for line in out.splitlines() if line.startswith("branch:")]


def test_pre_push_refused_gives_the_offline_verdict_with_a_warning(repo: GitRepo, tmp_path: Path) -> None:
    branch_off(repo, BRANCH, "Add the video tool")
    url = _closed_url()
    run = _run(repo, tmp_path, url, **_pre_push(repo))
    assert run.code == 0, run.out + run.err
    assert _lines(run.err) == [_warning(url, "connection refused")]
    assert run.out.splitlines()[0] == UNVERIFIED + "offline (GitHub was unreachable)"
    assert "the issue is checked on GitHub when it can be reached" in run.out.splitlines()[1]
    offline = run_policycheck("check-branch", "--offline", cwd=repo.path, env=dict(repo.env, **_pre_push(repo)))
    assert offline.code == run.code
    assert _findings(run.out) == _findings(offline.out) == [UNVERIFIED + "offline"]


def test_pre_push_offline_verdict_under_strict_blocks(repo: GitRepo, tmp_path: Path) -> None:
    branch_off(repo, BRANCH, "Add the video tool")
    url = _closed_url()
    run = _run(repo, tmp_path, url, "--strict", **_pre_push(repo))
    assert run.code == 1  # the offline verdict's warning, made to block by --strict: not exit 3
    assert _lines(run.err) == [_warning(url, "connection refused")]


def test_pre_push_connect_timeout(repo: GitRepo, tmp_path: Path, full_url: str) -> None:
    _policy(repo, "github:\n  connect_timeout: 0.5\n  timeout: 60\n")
    branch_off(repo, BRANCH, "Add the video tool")
    run = _run(repo, tmp_path, full_url, **_pre_push(repo))
    assert run.code == 0, run.out + run.err
    assert _lines(run.err) == [_warning(full_url, "no connection within 0.5 s")]


def test_pre_push_unanswered_request_is_tried_once(repo: GitRepo, tmp_path: Path, silent: socket.socket) -> None:
    _policy(repo, "github:\n  timeout: 0.5\n  retries: 3\n")
    branch_off(repo, BRANCH, "Add the video tool")
    url = f"http://127.0.0.1:{silent.getsockname()[1]}"
    run = _run(repo, tmp_path, url, **_pre_push(repo))
    assert run.code == 0, run.out + run.err
    assert _lines(run.err) == [_warning(url, "no answer within 0.5 s")]
    silent.setblocking(False)
    silent.accept()  # the one connection made
    with pytest.raises(BlockingIOError):
        silent.accept()  # and no retry


def test_ci_keeps_exit_3(repo: GitRepo, tmp_path: Path) -> None:
    branch_off(repo, BRANCH, "Add the video tool")
    url = _closed_url()
    run = _run(repo, tmp_path, url, **_ci(repo, tmp_path))
    assert run.code == 3 and run.out == ""
    assert _lines(run.err) == [f"policycheck: error: cannot reach GitHub at {url} while reading issue #12 in {REPO}:"
                               " connection refused"]


def test_pre_push_hook_run_inside_ci_keeps_exit_3(repo: GitRepo, tmp_path: Path) -> None:
    branch_off(repo, BRANCH, "Add the video tool")
    url = _closed_url()
    run = _run(repo, tmp_path, url, GITHUB_ACTIONS="true", **_pre_push(repo))
    assert run.code == 3
    assert _lines(run.err) == [f"policycheck: error: cannot reach GitHub at {url} while reading issue #12 in {REPO}:"
                               " connection refused"]


def test_by_hand_is_exit_3_unless_the_policy_says_offline(repo: GitRepo, tmp_path: Path) -> None:
    branch_off(repo, BRANCH, "Add the video tool")
    url = _closed_url()
    run = _run(repo, tmp_path, url, "--repo", REPO)
    assert run.code == 3 and len(_lines(run.err)) == 1
    _policy(repo, "github:\n  unreachable:\n    manual: offline\n")
    again = _run(repo, tmp_path, url, "--repo", REPO)
    assert again.code == 0, again.out + again.err
    assert _lines(again.err) == [_warning(url, "connection refused", place="manual")]


def test_policy_can_make_pre_push_strict(repo: GitRepo, tmp_path: Path) -> None:
    _policy(repo, "github:\n  unreachable:\n    pre-push: error\n")
    branch_off(repo, BRANCH, "Add the video tool")
    url = _closed_url()
    run = _run(repo, tmp_path, url, **_pre_push(repo))
    assert run.code == 3
    assert _lines(run.err) == [f"policycheck: error: cannot reach GitHub at {url} while reading issue #12 in {REPO}:"
                               " connection refused"]


def test_an_answering_github_is_not_unreachable_at_pre_push(repo: GitRepo, tmp_path: Path,
                                                            github_server: FakeGitHub) -> None:
    github_server.add_issue(REPO, 12, body=FILLED_ISSUE, created_at=ISSUE_BEFORE)
    github_server.fail(500, times=10)
    branch_off(repo, BRANCH, "Add the video tool")
    run = _run(repo, tmp_path, github_server.url, token=github_server.token, **_pre_push(repo))
    assert run.code == 3  # GitHub answered: its failure is never taken for "no network"
    assert _lines(run.err) == [f"policycheck: error: GitHub at {github_server.url} answered 500 for issue #12 in"
                               f" {REPO} after 3 retries"]


def test_reachable_github_at_pre_push_is_checked_online(repo: GitRepo, tmp_path: Path,
                                                        github_server: FakeGitHub) -> None:
    github_server.add_issue(REPO, 12, body=FILLED_ISSUE, created_at=ISSUE_BEFORE)
    branch_off(repo, BRANCH, "Add the video tool")
    run = _run(repo, tmp_path, github_server.url, token=github_server.token, **_pre_push(repo))
    assert run.code == 0 and run.err == "" and "branch-issue-unverified" not in run.out, run.out + run.err
    assert [e.path for e in github_server.log] == [f"/repos/{REPO}/issues/12"]


@pytest.mark.parametrize("text, expected", [
    ("github:\n  unreachable:\n    pre-push: maybe\n",
     "4:15: invalid policy: github.unreachable.pre-push: 'maybe' is not one of ['offline', 'error']"),
    ("github:\n  unreachable:\n    laptop: offline\n",
     "4:5: invalid policy: unknown key 'github.unreachable.laptop' (allowed here: ci, manual, pre-push)"),
    ("github:\n  connect_timeout: 0\n",
     "3:20: invalid policy: github.connect_timeout: 0 is less than or equal to the minimum of 0"),
])
def test_bad_settings_are_one_line_policy_errors(repo: GitRepo, tmp_path: Path, text: str, expected: str) -> None:
    _policy(repo, text)
    branch_off(repo, BRANCH, "Add the video tool")
    run = _run(repo, tmp_path, _closed_url(), **_pre_push(repo))
    assert run.code == 2
    assert _lines(run.err) == [f"policycheck: error: {repo.path / '.policycheck.yaml'}:{expected}"]


def test_the_real_pre_push_hook_passes_offline_and_shows_the_warning(hook_repo, repo: GitRepo, tmp_path: Path) -> None:
    """Through pre-commit itself (`try-repo --hook-stage pre-push`): the push is not blocked, and
    the warning is shown although the hook passed (the branch hook is `verbose`)."""
    branch_off(repo, BRANCH, "Add the video tool")
    url = _closed_url()
    env = dict(_pre_push(repo), GITHUB_TOKEN=TOKEN, GITHUB_API_URL=url, POLICYCHECK_CACHE_DIR=str(tmp_path / "cache"))
    run = hook_repo.try_repo(repo, "policycheck-branch", "--hook-stage", "pre-push", env=env)
    assert run.code == 0, run.out + run.err
    assert "Passed" in run.out and TOKEN not in run.out + run.err
    assert _warning(url, "connection refused") in run.out.splitlines()
