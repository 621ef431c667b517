"""policycheck.sources.github against the stand-in server: PyGithub pointed at it by base
URL, real HTTP on 127.0.0.1, no PyGithub object mocked."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from github_server import FakeGitHub, github_server  # noqa: F401 (fixture)

from policycheck.errors import GitHubError
from policycheck.policy import default_settings
from policycheck.sources.github import GitHubClient, GitHubNotFound, GitHubSettings, settings_from

REPO = "massgen/MassGen"

DEFAULTS = default_settings().github  # the built-in policy's `github` settings


def _client(server: FakeGitHub, tmp_path: Path, **overrides: object) -> GitHubClient:
    settings = GitHubSettings(api_url=server.url, token=server.token, backoff=0.0, cache_dir=tmp_path / "cache")
    return GitHubClient(GitHubSettings(**{**settings.__dict__, **overrides}))


def test_issue_is_read_into_a_plain_record(github_server: FakeGitHub, tmp_path: Path) -> None:
    github_server.add_issue(REPO, 5, title="[Case Study] videos", body=None, labels=("case study", "P1"),
                            created_at="2025-03-02T09:00:00Z")
    issue = _client(github_server, tmp_path).issue(REPO, 5)
    assert (issue.number, issue.title, issue.body, issue.labels) == (5, "[Case Study] videos", "", ("case study", "P1"))
    assert issue.is_pull_request is False and issue.created_at == 1740906000
    assert github_server.log[0].authorization == f"token {github_server.token}"


def test_pull_request_from_the_issues_endpoint_is_marked(github_server: FakeGitHub, tmp_path: Path) -> None:
    github_server.add_issue(REPO, 6, pull_request=True)
    assert _client(github_server, tmp_path).issue(REPO, 6).is_pull_request is True


def test_etag_makes_the_second_read_a_304(github_server: FakeGitHub, tmp_path: Path) -> None:
    github_server.add_issue(REPO, 5, body="first")
    assert _client(github_server, tmp_path).issue(REPO, 5).body == "first"
    again = _client(github_server, tmp_path).issue(REPO, 5)
    assert again.body == "first"
    assert [(e.status, e.if_none_match is not None) for e in github_server.log] == [(200, False), (304, True)]
    github_server.add_issue(REPO, 5, body="edited")  # a changed issue gets a new ETag: fresh data
    assert _client(github_server, tmp_path).issue(REPO, 5).body == "edited"
    assert github_server.log[-1].status == 200


def test_cache_off_sends_no_condition(github_server: FakeGitHub, tmp_path: Path) -> None:
    github_server.add_issue(REPO, 5)
    for _ in range(2):
        _client(github_server, tmp_path, cache_dir=None).issue(REPO, 5)
    assert [e.if_none_match for e in github_server.log] == [None, None]


def test_pull_files_follow_every_page(github_server: FakeGitHub, tmp_path: Path) -> None:
    names = [("added", "docs/source/examples/case_studies/new.md"), ("modified", "README.md"),
             ("removed", "old.txt"), ("modified", "massgen/cli.py"), ("added", "massgen/tool.py")]
    github_server.add_pull_files(REPO, 40, names)
    files = _client(github_server, tmp_path).pull_files(REPO, 40)
    assert [(f.status, f.path) for f in files] == names
    assert len(github_server.requests_to("/pulls/40/files")) == 3  # pages of 2, via Link rel="next"


def test_missing_issue_names_repository_and_number(github_server: FakeGitHub, tmp_path: Path) -> None:
    with pytest.raises(GitHubNotFound) as caught:
        _client(github_server, tmp_path).issue(REPO, 404)
    assert str(caught.value) == (f"issue #404 in {REPO} not found at {github_server.url}"
                                 " (it does not exist, or the token cannot see it)")
    assert caught.value.exit_code == 3


def test_no_token_is_refused_before_any_request(github_server: FakeGitHub) -> None:
    with pytest.raises(GitHubError, match="no GitHub token"):
        GitHubClient(GitHubSettings(api_url=github_server.url, token=None))
    assert github_server.log == []


def test_settings_precedence_and_repr_hides_the_token() -> None:
    env = {"GITHUB_TOKEN": "from-env", "GH_TOKEN": "from-gh", "GITHUB_API_URL": "https://ghe.example/api/v3/",
           "POLICYCHECK_GITHUB_BACKOFF": "0"}
    settings = settings_from(None, None, env, DEFAULTS._replace(retries=2, timeout=4))
    assert (settings.token, settings.api_url, settings.retries, settings.timeout, settings.backoff) == (
        "from-env", "https://ghe.example/api/v3", 2, 4.0, 0.0)
    assert settings_from("flag", "http://127.0.0.1:1", env, DEFAULTS).token == "flag"
    assert settings_from(None, None, {"GH_TOKEN": "from-gh"}, DEFAULTS).token == "from-gh"
    assert settings_from(None, None, {}, DEFAULTS).online is False
    assert "from-env" not in repr(settings)


def test_commands_without_github_do_not_import_pygithub() -> None:
    code = ("import sys; from policycheck.cli import main; import policycheck.branches.classify, policycheck.branches.context;"
            " import policycheck.sources.github; sys.exit('github' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


@pytest.mark.parametrize("status, message, expected", [
    (403, "Resource not accessible by integration", "refused issue #1 in {repo}: 403 Resource not accessible by integration"),
    (429, "Too many requests", "is rate limiting requests (429) for issue #1 in {repo}; it resets at "),
])
def test_other_refusals_are_one_line_errors(github_server: FakeGitHub, tmp_path: Path, status: int, message: str,
                                            expected: str) -> None:
    github_server.add_issue(REPO, 1)
    github_server.fail(status, message=message)
    with pytest.raises(GitHubError) as caught:
        _client(github_server, tmp_path).issue(REPO, 1)
    assert expected.format(repo=REPO) in str(caught.value) and "\n" not in str(caught.value)
    assert [e.status for e in github_server.log] == [status]  # not retried: waiting would not help


@pytest.mark.parametrize("field, value, expected", [
    ("created_at", 1740906000, "created_at is int, not a date string"),
    ("created_at", "yesterday", "created_at 'yesterday' is not an ISO 8601 date"),
    ("labels", [{"id": 1, "color": "ededed"}], "label 1 has no name"),
    ("labels", "case-study", "labels is str, not a list"),
    ("body", {"text": "x"}, "body is dict, not a string"),
])
def test_malformed_issue_is_a_github_error(github_server: FakeGitHub, tmp_path: Path, field: str, value: object,
                                           expected: str) -> None:
    github_server.add_issue(REPO, 7)[field] = value
    with pytest.raises(GitHubError) as raised:
        _client(github_server, tmp_path).issue(REPO, 7)
    assert str(raised.value) == f"GitHub's answer for issue #7 in {REPO} is malformed: {expected}"
    assert type(raised.value) is GitHubError  # not GitHubNotFound: no finding, exit 3


def test_naive_created_at_is_read_as_utc(github_server: FakeGitHub, tmp_path: Path) -> None:
    github_server.add_issue(REPO, 8, created_at="2025-03-02T09:00:00")
    assert _client(github_server, tmp_path).issue(REPO, 8).created_at == 1740906000
