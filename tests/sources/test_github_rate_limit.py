"""A primary rate limit (403 or 429 with `X-RateLimit-Remaining: 0`): wait once for a reset
within `github.max_rate_limit_wait`, else fail at once; either failure says it is a rate limit
and when it resets (exit 3). The installed script against the stand-in GitHub; the tests set
POLICYCHECK_GITHUB_BACKOFF=0, so the wait is zero and the time bound holds."""
from __future__ import annotations

import datetime
import re
import time
from pathlib import Path

import pytest
from conftest import Run, clean_env, run_policycheck
from github_server import FakeGitHub, Scripted, github_server  # noqa: F401 (fixture)

from policycheck.errors import GitHubError
from policycheck.policy import default_settings
from policycheck.sources.github import GitHubClient, GitHubSettings, settings_from

REPO = "a/b"
FILLED = """## Context and Motivation
Agents cannot watch videos.

### Prompt
```
Summarise the videos.
```

### Baseline Config
`massgen/configs/basic/single/demo_agent.yaml`

### Baseline Command
```bash
uv run massgen --config massgen/configs/basic/single/demo_agent.yaml "Summarise the videos"
```

### Results & Failure Modes
The agents answer from titles only.

### Success Criteria
Every video is opened.

## Desired Features
A video tool.
"""

DEFAULTS = default_settings().github  # the built-in policy's `github` settings


def _limit(server: FakeGitHub, reset_in: int, times: int, status: int = 403) -> int:
    reset = int(time.time()) + reset_in
    server.script.append(Scripted(status, {"message": "API rate limit exceeded for user ID 1.",
                                           "documentation_url": "https://docs.github.com/rest/rate-limit"},
                                  {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(reset)}, times=times))
    return reset


def _check_issue(server: FakeGitHub, tmp_path: Path, policy: str = "version: 1\n") -> tuple[Run, float]:
    (tmp_path / ".policycheck.yaml").write_text(policy)
    env = clean_env(GITHUB_TOKEN=server.token, POLICYCHECK_GITHUB_BACKOFF="0",
                    POLICYCHECK_CACHE_DIR=str(tmp_path / "cache"))
    started = time.monotonic()
    run = run_policycheck("check-issue", "--number", "123", "--repo", REPO, "--github-url", server.url,
                          cwd=tmp_path, env=env)
    assert server.token not in run.out + run.err
    return run, time.monotonic() - started


def _one_line(run: Run) -> str:
    lines = run.err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in run.err, run.err
    return lines[0]


def _when(reset: int) -> str:
    return datetime.datetime.fromtimestamp(reset, datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S")


@pytest.mark.parametrize("status", [403, 429])
def test_reset_soon_waits_once_then_passes(github_server: FakeGitHub, tmp_path: Path, status: int) -> None:
    github_server.add_issue(REPO, 123, body=FILLED)
    _limit(github_server, 30, times=1, status=status)
    run, seconds = _check_issue(github_server, tmp_path)
    assert run.code == 0, run.out + run.err
    assert [e.status for e in github_server.log] == [status, 200]  # one more request, after the reset
    assert seconds < 20  # before the fix: 93 s of PyGithub sleeping


def test_still_limited_after_the_wait_says_rate_limit_and_reset(github_server: FakeGitHub, tmp_path: Path) -> None:
    github_server.add_issue(REPO, 123, body=FILLED)
    reset = _limit(github_server, 30, times=5)
    run, seconds = _check_issue(github_server, tmp_path)
    assert run.code == 3 and run.out == ""
    line = _one_line(run)
    assert line.startswith(f"policycheck: error: GitHub API rate limit exceeded at {github_server.url} while reading"
                           f" issue #123 in {REPO}, still after waiting for the reset; it resets at {_when(reset)} UTC"
                           " (in about "), line
    assert line.endswith(" s)")
    assert [e.status for e in github_server.log] == [403, 403]  # bounded: waited once, not per retry
    assert seconds < 20


def test_reset_beyond_max_wait_fails_at_once(github_server: FakeGitHub, tmp_path: Path) -> None:
    github_server.add_issue(REPO, 123, body=FILLED)
    reset = _limit(github_server, 30, times=5)
    run, seconds = _check_issue(github_server, tmp_path, "version: 1\ngithub:\n  max_rate_limit_wait: 10\n")
    assert run.code == 3
    line = _one_line(run)
    assert line.startswith(f"policycheck: error: GitHub API rate limit exceeded at {github_server.url} while"
                           f" reading issue #123 in {REPO}; it resets at {_when(reset)} UTC (in about "), line
    # the reset is 30 s ahead when the server answers; the message counts from when it is
    # written, a few seconds later on a loaded machine
    waited = re.search(r"\(in about (\d+) s\)$", line)
    assert waited is not None and 20 <= int(waited[1]) <= 30, line
    assert [e.status for e in github_server.log] == [403]
    assert seconds < 20


def test_client_really_waits_until_the_reset_when_backoff_is_on(github_server: FakeGitHub, tmp_path: Path) -> None:
    """With a real backoff the one wait is the time to the reset (+1 s), not a retry per attempt."""
    github_server.add_issue(REPO, 123, body=FILLED)
    _limit(github_server, 1, times=1)
    client = GitHubClient(GitHubSettings(api_url=github_server.url, token=github_server.token, backoff=0.01,
                                         retries=3, cache_dir=None))
    started = time.monotonic()
    assert client.issue(REPO, 123).number == 123
    assert 0.9 <= time.monotonic() - started < 5
    assert [e.status for e in github_server.log] == [403, 200]


def test_429_rate_limit_beyond_the_wait(github_server: FakeGitHub, tmp_path: Path) -> None:
    reset = _limit(github_server, 3600, times=3, status=429)
    client = GitHubClient(GitHubSettings(api_url=github_server.url, token=github_server.token, backoff=0.0,
                                         cache_dir=None))
    with pytest.raises(GitHubError) as caught:
        client.issue(REPO, 123)
    assert str(caught.value).startswith(f"GitHub at {github_server.url} is rate limiting requests (429) for issue"
                                        f" #123 in {REPO}; it resets at {_when(reset)} UTC (in about 60 min)")
    assert [e.status for e in github_server.log] == [429]


@pytest.mark.parametrize("url, where", [
    ("not a url", "--github-url"), ("ftp://x", "--github-url"), ("https://", "--github-url"),
    ("http://:80", "--github-url"), ("http://[::1", "--github-url"),
])
def test_api_url_is_checked(url: str, where: str) -> None:
    from policycheck.errors import UsageError

    with pytest.raises(UsageError, match=f"^{where} '.*': not a GitHub API URL"):
        settings_from("t", url, {}, DEFAULTS)
    with pytest.raises(UsageError, match=r"^GITHUB_API_URL 'ftp://x'"):
        settings_from("t", None, {"GITHUB_API_URL": "ftp://x"}, DEFAULTS)
    with pytest.raises(UsageError, match=r"^the policy's github.api_url 'x'"):
        settings_from("t", None, {}, DEFAULTS._replace(api_url="x"))
    assert settings_from("t", " https://ghe.example/api/v3/ ", {}, DEFAULTS).api_url == "https://ghe.example/api/v3"
