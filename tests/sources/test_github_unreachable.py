"""No answer from GitHub at all is `GitHubUnreachable`; an answer, even a refusal, is not.

Real sockets on 127.0.0.1: a closed port (connection refused), a listener whose accept queue
is full (the SYN is dropped: a connect timeout), a listener that never accepts (connected by
the kernel, never answered: a read timeout), and one that hangs up at once. The policy's
timeouts are set small so that no test waits long."""
from __future__ import annotations

import dataclasses
import socket
import threading

import pytest
from github_server import FakeGitHub, github_server  # noqa: F401 (fixture)
from sockets import closed_port, full, silent  # noqa: F401 (fixtures)

from policycheck.errors import GitHubError
from policycheck.policy import default_settings
from policycheck.sources.github import GitHubClient, GitHubSettings, GitHubUnreachable, run_place, settings_from

REPO = "massgen/MassGen"
DEFAULTS = default_settings().github


def _settings(url: str, **overrides: object) -> GitHubSettings:
    base = GitHubSettings(api_url=url, token="ghp_unreachable_secret_0123456789", backoff=0.0, cache_dir=None,
                          timeout=0.3, connect_timeout=0.3, unreachable="offline", place="pre-push")
    return dataclasses.replace(base, **overrides)  # type: ignore[arg-type]


def _fetch(settings: GitHubSettings) -> GitHubError:
    with pytest.raises(GitHubError) as caught:
        GitHubClient(settings).issue(REPO, 1)
    assert settings.token and settings.token not in str(caught.value)
    return caught.value


def connections_made(listener: socket.socket) -> int:
    """How many connections reached the listener (each waits in its accept queue)."""
    listener.setblocking(False)
    count = 0
    while True:
        try:
            accepted, _ = listener.accept()
        except BlockingIOError:
            return count
        accepted.close()
        count += 1


def test_refused_connection_is_unreachable() -> None:
    url = f"http://127.0.0.1:{closed_port()}"
    error = _fetch(_settings(url))
    assert type(error) is GitHubUnreachable and error.exit_code == 3
    assert error.reason == "connection refused"
    assert str(error) == f"cannot reach GitHub at {url} while reading issue #1 in {REPO}: connection refused"


def test_full_accept_queue_is_a_connect_timeout(full: int) -> None:
    url = f"http://127.0.0.1:{full}"
    settings = _settings(url, timeout=30.0)  # only the connect timeout may end this
    error = _fetch(settings)
    assert type(error) is GitHubUnreachable and error.reason == "no connection within 0.3 s"
    assert str(error) == f"cannot reach GitHub at {url} while reading issue #1 in {REPO}: no connection within 0.3 s"
    # requests is handed (connect, read), not PyGithub's one whole number
    assert GitHubClient(settings)._github.requester.kwargs["timeout"] == (0.3, 30.0)


def test_silent_server_is_a_read_timeout_tried_once_where_it_falls_back(silent: socket.socket) -> None:
    url = f"http://127.0.0.1:{silent.getsockname()[1]}"
    error = _fetch(_settings(url, retries=3))
    assert type(error) is GitHubUnreachable and error.reason == "no answer within 0.3 s"
    assert str(error) == f"GitHub at {url} did not answer within 0.3 s while reading issue #1 in {REPO}"
    assert connections_made(silent) == 1  # the offline verdict is next: no retry delays it


def test_silent_server_is_retried_where_unreachable_is_an_error(silent: socket.socket) -> None:
    url = f"http://127.0.0.1:{silent.getsockname()[1]}"
    error = _fetch(_settings(url, retries=2, unreachable="error", place="ci"))
    assert type(error) is GitHubUnreachable and error.reason == "no answer within 0.3 s"
    assert connections_made(silent) == 3  # the request and two retries, as before


def test_a_connection_dropped_at_once_is_not_unreachable() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        url = f"http://127.0.0.1:{listener.getsockname()[1]}"

        def hang_up() -> None:
            accepted, _ = listener.accept()
            accepted.close()

        thread = threading.Thread(target=hang_up, daemon=True)
        thread.start()
        error = _fetch(_settings(url))
        thread.join(5)
    # something answered the connection: not "no network", so never a silent offline verdict
    assert type(error) is GitHubError
    assert str(error) == f"cannot reach GitHub at {url} while reading issue #1 in {REPO}: ConnectionError"


def test_an_answer_is_never_unreachable(github_server: FakeGitHub) -> None:
    github_server.fail(500, times=5)
    error = _fetch(dataclasses.replace(_settings(github_server.url, retries=1), token=github_server.token))
    assert type(error) is GitHubError
    assert str(error) == f"GitHub at {github_server.url} answered 500 for issue #1 in {REPO} after 1 retries"


@pytest.mark.parametrize("env, place", [
    ({}, "manual"),
    ({"PRE_COMMIT_REMOTE_BRANCH": "refs/heads/feature/12-x", "PRE_COMMIT_REMOTE_NAME": "origin"}, "pre-push"),
    ({"PRE_COMMIT_LOCAL_BRANCH": "refs/heads/feature/12-x"}, "pre-push"),
    ({"PRE_COMMIT_FROM_REF": "abc", "PRE_COMMIT_TO_REF": "def"}, "manual"),  # `pre-commit run --from-ref`: any stage
    ({"GITHUB_ACTIONS": "true"}, "ci"),
    ({"GITHUB_ACTIONS": "false"}, "manual"),
    ({"GITHUB_EVENT_PATH": "/tmp/event.json"}, "ci"),
    ({"GITHUB_ACTIONS": "true", "PRE_COMMIT_REMOTE_BRANCH": "refs/heads/x"}, "ci"),  # a pre-push run in CI
])
def test_run_place(env: dict[str, str], place: str) -> None:
    assert run_place(env) == place


@pytest.mark.parametrize("env, unreachable, falls_back", [
    ({"PRE_COMMIT_REMOTE_BRANCH": "refs/heads/x"}, "offline", True),
    ({}, "error", False),
    ({"GITHUB_ACTIONS": "true"}, "error", False),
])
def test_default_policy_falls_back_at_pre_push_only(env: dict[str, str], unreachable: str, falls_back: bool) -> None:
    settings = settings_from("t", None, env, DEFAULTS)
    assert (settings.unreachable, settings.falls_back) == (unreachable, falls_back)
    assert (settings.connect_timeout, settings.timeout) == (3.0, 10.0)


def test_a_place_the_policy_leaves_out_is_an_error() -> None:
    options = DEFAULTS._replace(unreachable={"manual": "offline"})
    assert settings_from("t", None, {"PRE_COMMIT_REMOTE_BRANCH": "x"}, options).unreachable == "error"
    assert settings_from("t", None, {}, options).unreachable == "offline"
