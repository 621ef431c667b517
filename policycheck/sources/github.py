"""The only module that imports PyGithub, and only inside functions: commands that need no
GitHub never pay for the import (~0.3-0.5 s).

What it guarantees:
- the token (``--token``, ``GITHUB_TOKEN`` or ``GH_TOKEN``) is sent as a header and never
  printed, logged or put in an error message;
- ``--github-url`` / ``GITHUB_API_URL`` point it at GitHub Enterprise (or a test server);
- the API URL is http(s) with a host, else a ``UsageError`` naming where it came from;
- a connect timeout (``connect_timeout``) apart from the wait for an answer (``timeout``),
  and bounded retries with backoff on 5xx and secondary rate limits (PyGithub's
  ``GithubRetry``); a primary rate limit (403/429 with ``X-RateLimit-Remaining: 0``) is
  never retried blindly: when it resets within ``max_rate_limit_wait`` the request is made
  once more after the reset, otherwise (or when still limited) it is an error that says it
  is a rate limit and when it resets. ``backoff`` 0 (``POLICYCHECK_GITHUB_BACKOFF=0``, the
  tests) makes that wait zero too, so no test sleeps;
- every failure is one line, raised as ``GitHubError`` (exit 3); a missing issue or
  repository is ``GitHubNotFound`` (a ``GitHubError`` that names what was missing, which a
  branch check may turn into a finding); no answer at all (a name that does not resolve, a
  connection refused or timed out, no answer in time) is ``GitHubUnreachable``, which a
  branch check may turn into its offline verdict where the policy's ``github.unreachable``
  says ``offline`` for the place the run is in (``run_place``: pre-push, manual or ci);
  there a failed connection is not retried, so the wait is one connect timeout;
- issues are fetched with conditional requests against a small on-disk ETag cache, so a
  repeated run costs no rate limit (GitHub does not count 304 answers); an entry holding
  the token (a server that echoes it) is never written;
- all network work of one client (one command) fits in ``deadline`` seconds, sleeps for
  backoff and ``Retry-After`` included (a wait longer than what is left fails at once); in
  the main thread a timer interrupts a server that trickles its answer; an answer larger than
  ``MAX_ANSWER_BYTES`` is cut off; an answer that is not JSON (HTML, invalid, nested too
  deeply) or redirects or links to another host is a one-line ``GitHubError`` naming the cause;
- the token is scrubbed, as a whole word, from every message, server data quoted included.
Results are plain frozen dataclasses.
"""
from __future__ import annotations

import contextlib
import datetime
import hashlib
import json
import os
import re
import signal
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

from policycheck.errors import GitHubError, UsageError
from policycheck.settings import GitHubOptions
from policycheck.sources.actions import PullRequest, valid_repository
from policycheck.sources.git import ChangedFile

CACHE_ENTRIES = 256  # "small": the oldest entries beyond this are dropped
MAX_ANSWER_BYTES = 10 * 1024 * 1024  # GitHub's largest page (100 files with patches) is far below
MAX_JSON_DEPTH = 64  # GitHub's answers nest a few levels; `json` recurses, and fails past ~1000
T = TypeVar("T")


class GitHubNotFound(GitHubError):
    """GitHub answered 404 for a repository, issue or pull request."""


class DeadlinePassed(Exception):
    """The command's GitHub deadline passed (raised by the timer, or before a wait past it)."""


class BadAnswer(Exception):
    """GitHub's answer cannot be used: too large, not JSON, or pointing at another host."""


class GitHubUnreachable(GitHubError):
    """No answer from GitHub: nothing was learnt, so a check may fall back to its offline verdict."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason  # what happened, in a few words: "connection refused"


PLACES = ("pre-push", "manual", "ci")  # the keys of the policy's github.unreachable
# pre-commit sets these for pre-push hooks only (`PRE_COMMIT_REMOTE_BRANCH` since pre-commit 3.2)
PRE_PUSH_VARIABLES = ("PRE_COMMIT_REMOTE_BRANCH", "PRE_COMMIT_LOCAL_BRANCH", "PRE_COMMIT_REMOTE_NAME")


@dataclass(frozen=True)
class GitHubSettings:
    api_url: str
    token: str | None = field(repr=False)
    timeout: float = 10.0  # for an answer, once connected
    retries: int = 3
    backoff: float = 1.0  # seconds; urllib3 doubles it per retry; 0 never sleeps
    max_rate_limit_wait: float = 60.0
    cache_dir: Path | None = None
    connect_timeout: float = 3.0
    place: str = "manual"  # where the run is: pre-push, manual or ci (`run_place`)
    deadline: float = 60.0  # seconds for all network work of one client
    unreachable: str = "error"  # offline: fall back to the offline verdict; error: exit 3

    @property
    def online(self) -> bool:
        return bool(self.token)

    @property
    def falls_back(self) -> bool:
        """An unreachable GitHub gives the offline verdict (with a warning), not exit 3."""
        return self.unreachable == "offline"


@dataclass(frozen=True)
class Issue:
    repository: str
    number: int
    title: str
    body: str
    labels: tuple[str, ...]
    is_pull_request: bool  # the issues endpoint returns PRs too, with a `pull_request` key
    created_at: int  # seconds since the epoch
    state: str
    html_url: str


def settings_from(token: str | None, api_url: str | None, env: Mapping[str, str],
                  options: GitHubOptions) -> GitHubSettings:
    """Flags first, then the environment, then the policy's `github` settings."""
    token = token or env.get("GITHUB_TOKEN") or env.get("GH_TOKEN") or None
    url = _api_url(api_url, env, options)
    backoff = env.get("POLICYCHECK_GITHUB_BACKOFF")  # tests set 0: no real sleeps
    place = run_place(env)
    return GitHubSettings(
        api_url=url, token=token, timeout=options.timeout, retries=options.retries,
        backoff=float(backoff) if backoff not in (None, "") else options.backoff,
        max_rate_limit_wait=options.max_rate_limit_wait,
        cache_dir=_cache_dir(env) if options.cache else None,
        connect_timeout=options.connect_timeout, place=place, deadline=options.deadline,
        unreachable=options.unreachable.get(place, "error"),  # a key the team removed: the safe choice
    )


def run_place(env: Mapping[str, str]) -> str:
    """Where this run is: `ci` (GitHub Actions), `pre-push` (pre-commit's pre-push hook) or `manual`.

    CI wins: `pre-commit run --hook-stage pre-push` inside a workflow is still the gate."""
    if env.get("GITHUB_ACTIONS") == "true" or env.get("GITHUB_EVENT_PATH"):
        return "ci"
    if any(env.get(name) for name in PRE_PUSH_VARIABLES):
        return "pre-push"
    return "manual"


def _api_url(flag: str | None, env: Mapping[str, str], options: GitHubOptions) -> str:
    """The first URL given, checked: PyGithub fails obscurely on anything but http(s)://host."""
    for where, value in (("--github-url", flag), ("GITHUB_API_URL", env.get("GITHUB_API_URL")),
                         ("the policy's github.api_url", options.api_url)):
        if value:
            return _checked_url(where, str(value))
    raise UsageError("no GitHub API URL: the policy's github.api_url is empty (set it, or pass --github-url)")


def _checked_url(where: str, url: str) -> str:
    try:
        parts = urlsplit(url.strip())
        scheme, host, _port = parts.scheme, parts.hostname, parts.port  # a bad port or IPv6 literal raises
    except ValueError:
        scheme, host = "", None
    if scheme not in ("http", "https") or not host:
        raise UsageError(f"{where} {url!r}: not a GitHub API URL (expected http:// or https:// and a host)")
    return url.strip().rstrip("/")


def _cache_dir(env: Mapping[str, str]) -> Path | None:
    if env.get("POLICYCHECK_CACHE_DIR"):
        return Path(env["POLICYCHECK_CACHE_DIR"]) / "github"
    if env.get("XDG_CACHE_HOME"):
        return Path(env["XDG_CACHE_HOME"]) / "policycheck" / "github"
    home = os.path.expanduser("~")
    return Path(home) / ".cache" / "policycheck" / "github" if home != "~" else None  # no home: no cache


class GitHubClient:
    """A PyGithub connection with policycheck's error handling and ETag cache."""

    def __init__(self, settings: GitHubSettings):
        if not settings.token:
            raise GitHubError("no GitHub token (set GITHUB_TOKEN or GH_TOKEN, or pass --token; --offline skips GitHub)")
        self.settings = settings
        self.budget = Budget(settings.deadline)
        self._github = _connect(settings, self.budget)
        # A pull request's files, once per run: `ci` lists them, and the branch or release check again.
        self._pull_files: dict[tuple[str, int], tuple[ChangedFile, ...]] = {}

    def issue(self, repository: str, number: int) -> Issue:
        """One issue (or PR, as the issues endpoint returns both), revalidated by ETag."""
        path = f"/repos/{repository}/issues/{number}"
        what = f"issue #{number} in {repository}"
        with self._errors(what):
            data = self._rate_limited(lambda: self._conditional_get(path), what)
            return _issue_from(repository, data)

    def pull_files(self, repository: str, number: int) -> tuple[ChangedFile, ...]:
        """A pull request's file list, every page (GitHub's `Link: rel="next"`)."""
        def fetch() -> tuple[ChangedFile, ...]:
            repo = self._github.get_repo(repository)  # lazy: no request
            files = repo.get_pull(number).get_files()
            return tuple(_changed_file(f.status, f.filename, f.previous_filename) for f in files)

        what = f"the files of pull request #{number} in {repository}"
        if (repository, number) not in self._pull_files:
            with self._errors(what):
                self._pull_files[repository, number] = self._rate_limited(fetch, what)
        return self._pull_files[repository, number]

    def list_issues(self, repository: str, state: str = "open") -> tuple[Issue, ...]:
        """Every issue in `state`, pull requests included (the endpoint lists both): pages of
        100, each revalidated by its ETag, so a repeat run costs no rate limit."""
        what = f"the {state} issues of {repository}"
        pages = self._pages(f"/repos/{repository}/issues?state={state}&per_page=100", what)
        return tuple(_issue_from(repository, item) for item in pages)

    def list_pulls(self, repository: str, state: str = "open") -> tuple[PullSummary, ...]:
        """Every pull request in `state`, in pages of 100 revalidated by their ETags."""
        what = f"the {state} pull requests of {repository}"
        pages = self._pages(f"/repos/{repository}/pulls?state={state}&per_page=100", what)
        return tuple(_pull_from(repository, item) for item in pages)

    def create_issue(self, repository: str, title: str, body: str) -> int:
        """Open an issue; its number."""
        data = self._write("POST", f"/repos/{repository}/issues", {"title": title, "body": body},
                           f"a new issue in {repository}")
        return _issue_from(repository, data).number

    def edit_issue(self, repository: str, number: int, body: str) -> None:
        """Replace an issue's body."""
        self._write("PATCH", f"/repos/{repository}/issues/{number}", {"body": body}, f"issue #{number} in {repository}")

    def pull(self, repository: str, number: int) -> PullRequest:
        """A pull request as it is now (a re-run's payload is the original event's)."""
        what = f"pull request #{number} in {repository}"
        with self._errors(what):
            _, data = self._rate_limited(lambda: self._github.requester.requestJsonAndCheck(
                "GET", f"/repos/{repository}/pulls/{number}"), what)
        return _pull_request_from(repository, number, data)

    def issue_comments(self, repository: str, number: int) -> tuple[IssueComment, ...]:
        """Every comment on an issue or pull request (the conversation tab), pages of 100."""
        what = f"the comments of #{number} in {repository}"
        pages = self._pages(f"/repos/{repository}/issues/{number}/comments?per_page=100", what)
        return tuple(_comment_from(repository, item) for item in pages)

    def create_comment(self, repository: str, number: int, body: str) -> IssueComment:
        data = self._write("POST", f"/repos/{repository}/issues/{number}/comments", {"body": body},
                           f"a new comment on #{number} in {repository}")
        return _comment_from(repository, data)

    def edit_comment(self, repository: str, comment_id: int, body: str) -> IssueComment:
        data = self._write("PATCH", f"/repos/{repository}/issues/comments/{comment_id}", {"body": body},
                           f"comment {comment_id} in {repository}")
        return _comment_from(repository, data)

    def _write(self, method: str, path: str, fields: dict[str, str], what: str) -> Any:
        """One write and its answer; not through `_rate_limited`, whose repeat could post twice."""
        with self._errors(what):
            _, data = self._github.requester.requestJsonAndCheck(method, path, input=fields)
        return data

    def _pages(self, path: str, what: str) -> list[Any]:
        items: list[Any] = []
        url: str | None = path
        with self._errors(what):
            while url:
                page = self._rate_limited(lambda url=url: self._conditional_page(url), what)  # type: ignore[misc]
                items.extend(page["items"] if isinstance(page.get("items"), list) else [])
                url = page.get("next")
        return items

    def _conditional_page(self, url: str) -> dict[str, Any]:
        """One page of a list, with its next page's URL; a 304 answers from the cache."""
        cache = _EtagCache(self.settings, url)
        cached = cache.load()
        headers = {"If-None-Match": cached["etag"]} if cached else {}
        response_headers, data = self._github.requester.requestJsonAndCheck("GET", url, headers=headers)
        if data is None and cached:
            return dict(cached["data"])
        lower = {k.lower(): v for k, v in response_headers.items()}
        page = {"items": data if isinstance(data, list) else [], "next": _next_page(lower.get("link"))}
        if lower.get("etag"):
            cache.store(lower["etag"], page, self.settings.token)
        return page

    def _rate_limited(self, request: Callable[[], T], what: str) -> T:
        """`request()`, made once more after a primary rate limit that resets soon enough."""
        from github.GithubException import GithubException

        try:
            return request()
        except GithubException as exc:
            wait = _seconds_to_reset(exc.headers) if _is_primary(exc) else None
            if wait is None or wait > self.settings.max_rate_limit_wait:
                raise  # `_describe` says it is a rate limit and when it resets
            # +1 s: GitHub does not say when in that second the reset happens
            self.budget.sleep(wait + 1, "the rate limit reset", really=self.settings.backoff > 0)
        try:
            return request()
        except GithubException as again:
            if not _is_primary(again):
                raise
            raise GitHubError(f"GitHub API rate limit exceeded at {self.settings.api_url} while reading {what},"
                              f" still after waiting for the reset; {_reset_time(again.headers)}") from None

    def _conditional_get(self, path: str) -> Any:
        cache = _EtagCache(self.settings, path)
        cached = cache.load()
        headers = {"If-None-Match": cached["etag"]} if cached else {}
        response_headers, data = self._github.requester.requestJsonAndCheck("GET", path, headers=headers)
        if data is None and cached:  # 304 Not Modified: free of rate limit
            return cached["data"]
        etag = {k.lower(): v for k, v in response_headers.items()}.get("etag")
        if isinstance(etag, str) and etag:
            cache.store(etag, data, self.settings.token)
        return data

    @contextlib.contextmanager
    def _errors(self, what: str) -> Iterator[None]:
        try:
            with self.budget.bounded():
                yield
        except GitHubUnreachable as exc:
            raise GitHubUnreachable(self._scrub(str(exc)), exc.reason) from None
        except GitHubError as exc:  # raised here, maybe quoting the server's data: scrubbed too
            raise type(exc)(self._scrub(str(exc))) from None
        except Exception as exc:  # PyGithub's and requests' exceptions, translated here only
            message = _describe(exc, what, self.settings)
            if message is None:
                raise
            message = self._scrub(message)
            reason = _unreachable(exc, self.settings)
            if reason is not None:
                raise GitHubUnreachable(message, reason) from None
            error = GitHubNotFound if getattr(exc, "status", None) == 404 else GitHubError
            raise error(message) from None

    def _scrub(self, message: str) -> str:
        return scrub(message, self.settings.token)


def scrub(message: str, token: str | None) -> str:
    """`message` with the token, where it stands as a whole word, replaced by `***`: a short
    token must not garble the words that happen to contain its letters."""
    if not token:
        return message
    return re.sub(r"(?<![\w-])" + re.escape(token) + r"(?![\w-])", "***", message)


class Budget:
    """The seconds of network work left to one client: all its requests share one deadline."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.spent = 0.0
        self._started: float | None = None

    def remaining(self) -> float:
        running = time.monotonic() - self._started if self._started is not None else 0.0
        return self.seconds - self.spent - running

    def sleep(self, seconds: float, why: str, really: bool = True) -> None:
        """Wait `seconds` for `why` (`really` False: backoff 0, the tests: no wait), unless that
        would pass the deadline: then fail at once rather than wait in vain."""
        if seconds > self.remaining():
            raise DeadlinePassed(f"{why} is {seconds:.0f} s away, more than the {max(0.0, self.remaining()):.0f} s"
                                 " left of github.deadline")
        time.sleep(seconds if really else 0)

    @contextlib.contextmanager
    def bounded(self) -> Iterator[None]:
        """Time spent inside counts against the deadline; in the main thread a timer interrupts
        whatever blocks (a trickled answer, a sleep) when it passes."""
        if self._started is not None:  # nested: the outer block keeps the time
            yield
            return
        left = self.remaining()
        if left <= 0:
            raise DeadlinePassed(f"the {self.seconds:g} s of github.deadline are used up")
        self._started = time.monotonic()
        try:
            with _alarm(left, self.seconds):
                yield
        finally:
            self.spent += time.monotonic() - self._started
            self._started = None


@contextlib.contextmanager
def _alarm(seconds: float, deadline: float) -> Iterator[None]:
    """Raise DeadlinePassed after `seconds`, where a timer can (the main thread, on Unix)."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield  # elsewhere the timeouts, the waits and the size cap still bound the work
        return

    def expire(signum: int, frame: Any) -> None:
        raise DeadlinePassed(f"GitHub's answers took longer than github.deadline ({deadline:g} s)")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _connect(settings: GitHubSettings, budget: Budget) -> Any:
    import logging

    from github import Auth, Github, GithubRetry
    from github.GithubException import RateLimitExceededException

    class _Retry(GithubRetry):
        """GithubRetry, except that a primary rate limit is handed back at once.

        GithubRetry would sleep until the reset on every retry (3 x 31 s for a reset 30 s
        ahead) and then report a bare 403; `GitHubClient._rate_limited` waits once instead.
        """

        def increment(self, method: Any = None, url: Any = None, response: Any = None, *args: Any,
                      **kwargs: Any) -> Any:
            if response is not None and response.status in (403, 429) and _remaining(response.headers) == 0:
                raise RateLimitExceededException(response.status, {"message": _PRIMARY}, dict(response.headers))
            return super().increment(method, url, response, *args, **kwargs)

        def sleep(self, response: Any = None) -> None:
            """urllib3's wait before a retry (`Retry-After`, else backoff), never past the deadline."""
            after = self.get_retry_after(response) if response is not None and self.respect_retry_after_header \
                else None
            wait = after if after is not None else self.get_backoff_time()
            why = f"GitHub's Retry-After ({wait:.0f} s)" if after is not None else "the next retry"
            budget.sleep(wait, why, really=self.backoff_factor > 0)

    # PyGithub installs a stderr handler at INFO on import and logs every retry through it.
    # Failures reach the user once, as GitHubError; nothing is logged (nor could a token be).
    logger = logging.getLogger("github")
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
    logger.addHandler(logging.NullHandler())
    logger.propagate = False

    # Where an unreachable GitHub falls back to the offline verdict, retrying a failed
    # connection (or an unanswered request) only delays that verdict: 0 s + 2 s + 4 s of
    # backoff with the default three retries. None: as many as `total` allows.
    network_retries = 0 if settings.falls_back else None
    retry = _Retry(total=settings.retries, connect=network_retries, read=network_retries,
                   backoff_factor=settings.backoff, secondary_rate_wait=settings.backoff * 10,
                   max_rate_limit_wait=settings.max_rate_limit_wait, raise_on_status=False)
    github = Github(base_url=settings.api_url, auth=Auth.Token(settings.token or ""),
                    timeout=max(1, round(settings.timeout)), retry=retry, per_page=100,
                    seconds_between_requests=None, seconds_between_writes=None, lazy=True)
    _set_timeouts(github.requester, settings.connect_timeout, settings.timeout)
    _bound_connections(github.requester, settings, budget)
    return github


def _bound_connections(requester: Any, settings: GitHubSettings, budget: Budget) -> None:
    """Requests go through `_BoundedAdapter` (PyGithub builds its connection from this class)."""
    from github.Requester import HTTPRequestsConnectionClass, HTTPSRequestsConnectionClass

    adapter_class = _adapter_class()
    host = urlsplit(settings.api_url).hostname

    def bounded(base: type[Any]) -> type[Any]:
        class Bounded(base):
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                super().__init__(*args, **kwargs)
                self.adapter = adapter_class(budget, host, max_retries=self.retry)
                self.session.mount(f"{self.protocol}://", self.adapter)
        return Bounded

    if hasattr(requester, "_Requester__connectionClass"):
        secure = urlsplit(settings.api_url).scheme == "https"
        requester._Requester__connectionClass = bounded(HTTPSRequestsConnectionClass if secure
                                                        else HTTPRequestsConnectionClass)


def _adapter_class() -> type[Any]:
    import requests.adapters

    class BoundedAdapter(requests.adapters.HTTPAdapter):
        """An HTTPAdapter whose timeouts stop at the deadline, whose answers are at most
        MAX_ANSWER_BYTES, JSON when successful, and never point at another host."""

        def __init__(self, budget: Budget, host: str | None, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self.budget, self.host = budget, host

        def send(self, request: Any, stream: bool = False, timeout: Any = None,  # type: ignore[override]
                 **kwargs: Any) -> Any:
            response = super().send(request, stream=True, timeout=_clamped(timeout, self.budget), **kwargs)
            _check_hosts(response.headers, self.host)
            response._content = _read_capped(response)
            _check_json(response.status_code, response.headers, response._content)
            return response

    return BoundedAdapter


def _clamped(timeout: Any, budget: Budget) -> Any:
    left = max(0.001, budget.remaining())
    if isinstance(timeout, tuple):
        return tuple(min(part, left) if part is not None else left for part in timeout)
    return min(timeout, left) if isinstance(timeout, (int, float)) else left


def _read_capped(response: Any) -> bytes:
    """The body, or BadAnswer past MAX_ANSWER_BYTES (an endless chunked body stops there)."""
    chunks, size = [], 0
    for chunk in response.iter_content(64 * 1024):
        size += len(chunk)
        if size > MAX_ANSWER_BYTES:
            response.close()
            raise BadAnswer(f"the answer is larger than {MAX_ANSWER_BYTES // (1024 * 1024)} MiB")
        chunks.append(chunk)
    return b"".join(chunks)


def _check_hosts(headers: Mapping[str, str], host: str | None) -> None:
    """A redirect or a page link to another host is refused: the token must not follow it."""
    links = re.findall(r"<([^<>]{1,2000})>", (headers.get("Link") or "")[:20000])
    urls = [headers.get("Location") or "", *links]
    for url in urls:
        try:
            other = urlsplit(url).hostname
        except ValueError:
            raise BadAnswer("it points at a malformed URL") from None
        if other and other != host:
            raise BadAnswer(f"it redirects or links to another host ({other[:100]})")


def _check_json(status: int, headers: Mapping[str, str], body: bytes) -> None:
    """A successful answer with a body must be JSON nested at most MAX_JSON_DEPTH levels."""
    if not 200 <= status < 300 or not body.strip():
        return
    start = body.lstrip()[:1]
    if start == b"<" or "html" in (headers.get("Content-Type") or "").lower():
        raise BadAnswer("it answered HTML, not JSON (a proxy or a login page?)")
    if _depth(body) > MAX_JSON_DEPTH:
        raise BadAnswer(f"its JSON nests deeper than {MAX_JSON_DEPTH} levels")
    try:
        json.loads(body)
    except (ValueError, RecursionError):
        raise BadAnswer("its answer is not valid JSON") from None


def _depth(body: bytes) -> int:
    """The deepest nesting of JSON arrays and objects, strings skipped (one linear pass)."""
    depth = deepest = 0
    text = re.sub(rb'"(?:[^"\\]|\\.)*"', b'""', body)
    for byte in text.translate(None, b" \t\r\n,:0123456789.eE+-truefalsn\""):
        depth += 1 if byte in b"[{" else -1 if byte in b"]}" else 0
        deepest = max(deepest, depth)
    return deepest


def _set_timeouts(requester: Any, connect: float, read: float) -> None:
    """requests takes (connect, read) seconds, and PyGithub hands its timeout to requests as it
    is, but `Github()` accepts only one whole number: set the pair on the requester itself.
    (Its `kwargs` shows the value in effect; a PyGithub without the attribute keeps one timeout.)"""
    if hasattr(requester, "_Requester__timeout"):
        requester._Requester__timeout = (connect, read)


_PRIMARY = "API rate limit exceeded"


def _remaining(headers: Mapping[str, Any] | None) -> int | None:
    value = {k.lower(): v for k, v in (headers or {}).items()}.get("x-ratelimit-remaining")
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def _is_primary(exc: Any) -> bool:
    """A primary rate limit: GitHub answers 403 or 429 with no requests remaining."""
    return getattr(exc, "status", None) in (403, 429) and _remaining(exc.headers) == 0


def _seconds_to_reset(headers: Mapping[str, Any] | None) -> float | None:
    value = {k.lower(): v for k, v in (headers or {}).items()}.get("x-ratelimit-reset")
    try:
        return max(0.0, int(str(value)) - time.time())
    except (TypeError, ValueError):
        return None


def _changed_file(status: Any, filename: Any, previous: Any) -> ChangedFile:
    """A pull request's file from GitHub's answer; a field of the wrong type is a GitHubError."""
    for name, value in (("status", status), ("filename", filename)):
        if not isinstance(value, str):
            raise GitHubError(f"GitHub's list of a pull request's files is malformed: {name} is"
                              f" {type(value).__name__}, not a string")
    if previous is not None and not isinstance(previous, str):
        raise GitHubError("GitHub's list of a pull request's files is malformed: previous_filename is not a string")
    return ChangedFile(status, filename, previous)


@dataclass(frozen=True)
class PullSummary:
    """An open pull request as the list endpoint gives it: enough to classify and find references."""

    number: int
    title: str
    body: str
    head_ref: str
    base_ref: str
    from_fork: bool


def _pull_from(repository: str, data: Any) -> PullSummary:
    if not isinstance(data, dict):
        raise GitHubError(f"GitHub answered something that is not a pull request for {repository}")
    number, head, base = data.get("number"), data.get("head"), data.get("base")
    if not isinstance(number, int) or not isinstance(head, dict) or not isinstance(base, dict):
        raise GitHubError(f"GitHub answered something that is not a pull request for {repository}")
    where = f"GitHub's answer for pull request #{number} in {repository} is malformed"
    head_repo = head["repo"] if isinstance(head.get("repo"), dict) else {}
    return PullSummary(number, _text_field(data, "title", where), _text_field(data, "body", where),
                       _text_field(head, "ref", where), _text_field(base, "ref", where),
                       head_repo.get("full_name") != repository)


@dataclass(frozen=True)
class IssueComment:
    """A comment on an issue or pull request: enough to find policycheck's own again."""

    id: int
    body: str
    author_is_bot: bool  # a GitHub App or `github-actions[bot]`, as GITHUB_TOKEN posts


def _comment_from(repository: str, data: Any) -> IssueComment:
    number = data.get("id") if isinstance(data, dict) else None
    if not isinstance(number, int) or isinstance(number, bool):
        raise GitHubError(f"GitHub answered something that is not a comment for {repository}")
    user = data["user"] if isinstance(data.get("user"), dict) else {}
    return IssueComment(number, _text_field(data, "body", f"GitHub's answer for comment {number} in {repository}"
                                            " is malformed"), user.get("type") == "Bot")


def _pull_request_from(repository: str, number: int, data: Any) -> PullRequest:
    """The API's pull request as the payload's `PullRequest` (same fields, same meaning)."""
    where = f"GitHub's answer for pull request #{number} in {repository} is malformed"
    if not isinstance(data, dict) or not isinstance(data.get("head"), dict) or not isinstance(data.get("base"), dict):
        raise GitHubError(where)
    head, base = data["head"], data["base"]
    return PullRequest(number=number, title=_text_field(data, "title", where), body=_text_field(data, "body", where),
                       labels=_labels(data.get("labels"), where), head_ref=_text_field(head, "ref", where) or None,
                       head_sha=_text_field(head, "sha", where) or None, head_repository=_repo_name(head),
                       base_ref=_text_field(base, "ref", where) or None, base_repository=_repo_name(base),
                       base_sha=_text_field(base, "sha", where) or None)


def _repo_name(side: dict[str, Any]) -> str | None:
    """`head.repo.full_name`; None for a deleted fork (null repo) or a name GitHub would not give."""
    repo = side.get("repo")
    name = repo.get("full_name") if isinstance(repo, dict) else None
    return name if isinstance(name, str) and valid_repository(name) else None


def _next_page(link: str | None) -> str | None:
    """The `rel="next"` URL of a `Link` header, or None on the last page."""
    for part in (link or "").split(","):
        url, _, rel = part.partition(";")
        if rel.strip() == 'rel="next"':
            return url.strip().strip("<>")
    return None


def _issue_from(repository: str, data: Any) -> Issue:
    """An Issue from the API's answer, read defensively: an answer of the wrong shape (a
    proxy, an Enterprise quirk, a broken cache) is a `GitHubError` naming the field, never
    an AttributeError or KeyError (exit 2, an internal error)."""
    number = data.get("number") if isinstance(data, dict) else None
    if not isinstance(number, int) or isinstance(number, bool) or number < 1:
        raise GitHubError(f"GitHub answered something that is not an issue for {repository}")
    where = f"GitHub's answer for issue #{number} in {repository} is malformed"
    return Issue(repository=repository, number=number, title=_text_field(data, "title", where),
                 body=_text_field(data, "body", where), labels=_labels(data.get("labels"), where),
                 is_pull_request="pull_request" in data, created_at=_timestamp(data.get("created_at"), where),
                 state=_text_field(data, "state", where), html_url=_text_field(data, "html_url", where))


def _text_field(data: dict[str, Any], key: str, where: str) -> str:
    value = data.get(key)
    if value is None:  # GitHub sends null for an empty body
        return ""
    if not isinstance(value, str):
        raise GitHubError(f"{where}: {key} is {type(value).__name__}, not a string")
    return value


def _labels(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise GitHubError(f"{where}: labels is {type(value).__name__}, not a list")
    names = []
    for index, label in enumerate(value):
        name = label.get("name") if isinstance(label, dict) else label  # objects, or bare names
        if not isinstance(name, str):
            raise GitHubError(f"{where}: label {index + 1} has no name")
        names.append(name)
    return tuple(names)


def _timestamp(value: Any, where: str) -> int:
    """Seconds since the epoch of an ISO 8601 time (GitHub's `2025-03-02T09:00:00Z`)."""
    if value is None:
        return 0
    if not isinstance(value, str):
        raise GitHubError(f"{where}: created_at is {type(value).__name__}, not a date string")
    try:
        stamp = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        # quoted only when short enough to quote whole: a cut could leave part of an echoed
        # token that scrubbing (of whole tokens) would not recognise
        shown = f" {value!r}" if len(value) <= 40 and value.isprintable() else ""
        raise GitHubError(f"{where}: created_at{shown} is not an ISO 8601 date") from None
    if stamp.tzinfo is None:  # GitHub's times are UTC
        stamp = stamp.replace(tzinfo=datetime.timezone.utc)
    return int(stamp.timestamp())


def _describe(exc: Exception, what: str, settings: GitHubSettings) -> str | None:
    """One line for a failure, or None when it is not a GitHub/network failure (a bug)."""
    import requests
    from github.GithubException import BadCredentialsException, GithubException, RateLimitExceededException

    where = settings.api_url
    if isinstance(exc, DeadlinePassed):
        return f"GitHub at {where} did not finish reading {what} in time: {exc}"
    if isinstance(exc, BadAnswer):
        return f"GitHub at {where} gave an unusable answer for {what}: {exc}"
    if isinstance(exc, RateLimitExceededException):
        return f"GitHub API rate limit exceeded at {where} while reading {what}; {_reset_time(exc.headers)}"
    if isinstance(exc, BadCredentialsException) or getattr(exc, "status", None) == 401:
        return (f"GitHub at {where} rejected the token (401 Bad credentials) while reading {what};"
                " check GITHUB_TOKEN / GH_TOKEN / --token")
    if isinstance(exc, GithubException):
        if exc.status == 404:
            return f"{what} not found at {where} (it does not exist, or the token cannot see it)"
        if exc.status == 429:
            return f"GitHub at {where} is rate limiting requests (429) for {what}; {_reset_time(exc.headers)}"
        if exc.status >= 500:
            return f"GitHub at {where} answered {exc.status} for {what} after {settings.retries} retries"
        said = " ".join(str(exc.message or "").split())  # one line, whatever the server sent
        return f"GitHub at {where} refused {what}: {exc.status} {said}".rstrip()
    if _no_answer(exc):
        return f"GitHub at {where} did not answer within {settings.timeout:g} s while reading {what}"
    reason = _no_connection(exc, settings)
    if reason is not None:
        return f"cannot reach GitHub at {where} while reading {what}: {reason}"
    if isinstance(exc, requests.exceptions.RequestException):  # TLS, a proxy, a dropped connection
        return f"cannot reach GitHub at {where} while reading {what}: {type(exc).__name__}"
    return None


def _unreachable(exc: Exception, settings: GitHubSettings) -> str | None:
    """Why GitHub gave no answer at all, in a few words; None when it answered, or when the
    failure is not a missing network (a TLS or proxy error, a dropped connection: exit 3)."""
    if isinstance(exc, DeadlinePassed):
        return f"no complete answer within github.deadline ({settings.deadline:g} s)"
    if _no_answer(exc):
        return f"no answer within {settings.timeout:g} s"
    return _no_connection(exc, settings)


def _cause(exc: Exception) -> object:
    """What urllib3 raised under requests' exception (under MaxRetryError once retries are used up)."""
    from urllib3.exceptions import MaxRetryError

    cause = exc.args[0] if exc.args else None
    return cause.reason if isinstance(cause, MaxRetryError) else cause


def _no_answer(exc: Exception) -> bool:
    """Connected, but no answer within the timeout (requests calls it a ConnectionError after retries)."""
    import requests
    from urllib3.exceptions import ReadTimeoutError

    if isinstance(exc, requests.exceptions.ReadTimeout):
        return True
    return isinstance(exc, requests.exceptions.ConnectionError) and isinstance(_cause(exc), ReadTimeoutError)


def _no_connection(exc: Exception, settings: GitHubSettings) -> str | None:
    """Why no connection was made (a name that does not resolve, refused, timed out), or None."""
    import requests
    from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError

    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return f"no connection within {settings.connect_timeout:g} s"
    if not isinstance(exc, requests.exceptions.ConnectionError) or isinstance(
            exc, (requests.exceptions.SSLError, requests.exceptions.ProxyError)):
        return None
    cause = _cause(exc)
    # urllib3 derives each of these from the next: the most specific first
    if isinstance(cause, NameResolutionError):
        return f"{urlsplit(settings.api_url).hostname} did not resolve"
    if isinstance(cause, NewConnectionError):
        return _os_reason(cause)
    if isinstance(cause, ConnectTimeoutError):
        return f"no connection within {settings.connect_timeout:g} s"
    return None


def _os_reason(error: Exception) -> str:
    """The system's words for a failed connection ("connection refused", "network is unreachable")."""
    cause = error.__cause__
    if isinstance(cause, OSError) and cause.strerror:
        return cause.strerror[0].lower() + cause.strerror[1:]
    return "no connection"


def _reset_time(headers: Mapping[str, Any] | None) -> str:
    lowered = {k.lower(): v for k, v in (headers or {}).items()}
    try:
        reset = int(lowered["x-ratelimit-reset"])
    except (KeyError, TypeError, ValueError):
        return "GitHub did not say when it resets; try again later"
    when = datetime.datetime.fromtimestamp(reset, datetime.timezone.utc)
    seconds = max(0, round(reset - time.time()))
    left = f"{seconds} s" if seconds < 120 else f"{round(seconds / 60)} min"
    return f"it resets at {when:%Y-%m-%d %H:%M:%S} UTC (in about {left})"


class _EtagCache:
    """One JSON file per URL (and token, hashed: never stored) holding the ETag and the data."""

    def __init__(self, settings: GitHubSettings, path: str):
        self.folder = settings.cache_dir
        token_hash = hashlib.sha256((settings.token or "").encode()).hexdigest()[:16]
        key = hashlib.sha256(f"{settings.api_url}{path}\0{token_hash}".encode()).hexdigest()
        self.file = self.folder / f"{key}.json" if self.folder else None

    def load(self) -> dict[str, Any] | None:
        if self.file is None:
            return None
        try:
            entry = json.loads(self.file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return entry if isinstance(entry, dict) and "etag" in entry and "data" in entry else None

    def store(self, etag: str, data: Any, token: str | None) -> None:
        if self.file is None or self.folder is None:
            return
        text = json.dumps({"etag": etag, "data": data})
        if token and token in text:  # a server that echoes the token: its answer stays in memory
            return
        try:  # a cache that cannot be written is no cache, never an error
            self.folder.mkdir(parents=True, exist_ok=True)
            temp = self.file.with_suffix(f".{os.getpid()}.tmp")
            temp.write_text(text, encoding="utf-8")
            os.replace(temp, self.file)
            self._prune()
        except OSError:
            pass

    def _prune(self) -> None:
        assert self.folder is not None
        entries = sorted(self.folder.glob("*.json"), key=lambda p: p.stat().st_mtime)
        for stale in entries[:-CACHE_ENTRIES]:
            stale.unlink(missing_ok=True)
