"""A real HTTP server on 127.0.0.1 standing in for the parts of GitHub's REST API that
policycheck reads: issues (pull requests come back from the issues endpoint with a
`pull_request` key), the issue and pull-request lists and a pull request's file list
(paginated with `Link` headers), one pull request, creating and editing an issue (the audit
dashboard), listing (paginated), creating and editing an issue's comments (the PR comment), error
statuses (401, 404, 5xx, primary and secondary rate limits) with GitHub's rate-limit
headers, and ETag / `If-None-Match` -> 304.

Responses are shaped like GitHub's (field names and nesting as in docs.github.com/rest) and
every URL in them points back at this server, so PyGithub follows them here.
"""
from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import pytest

RESET_IN = 3600  # seconds until a scripted rate limit resets


@dataclass
class Scripted:
    """A response served instead of the real one, for the next `times` requests."""

    status: int
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)
    times: int = 1
    delay: float = 0.0  # seconds to wait before answering (a GitHub that hangs)
    raw: bytes | None = None  # the body as sent, instead of `body` as JSON
    trickle: float = 0.0  # seconds between the body's bytes (a GitHub that trickles)
    endless: bool = False  # a chunked body that never ends


@dataclass
class Logged:
    method: str
    path: str
    status: int
    if_none_match: str | None
    authorization: str | None


class FakeGitHub:
    def __init__(self, token: str = "ghp_test_token_do_not_print_0123456789"):
        self.token = token
        self.issues: dict[tuple[str, int], dict[str, Any]] = {}
        self.pull_files: dict[tuple[str, int], list[dict[str, Any]]] = {}
        self.pulls: dict[tuple[str, int], dict[str, Any]] = {}
        self.comments: dict[tuple[str, int], list[dict[str, Any]]] = {}  # by (repo, issue number), oldest first
        self.script: list[Scripted] = []
        self.log: list[Logged] = []
        self.page_size_cap = 2  # pages are small so that pagination is exercised
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.handle_error = lambda request, address: None  # a client that timed out hung up
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FakeGitHub:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    # --- data --------------------------------------------------------------------------------

    def add_issue(self, repo: str, number: int, title: str = "[Case Study] something", body: str | None = "",
                  labels: tuple[str, ...] = ("case-study",), created_at: str = "2025-01-01T00:00:00Z",
                  pull_request: bool = False) -> dict[str, Any]:
        base = f"{self.url}/repos/{repo}"
        issue: dict[str, Any] = {
            "url": f"{base}/issues/{number}", "repository_url": base,
            "labels_url": f"{base}/issues/{number}/labels{{/name}}",
            "html_url": f"{self.url}/{repo}/{'pull' if pull_request else 'issues'}/{number}",
            "id": 1000 + number, "node_id": f"I_{number}", "number": number, "title": title,
            "user": {"login": "octocat", "id": 1, "type": "User", "url": f"{self.url}/users/octocat"},
            "labels": [{"id": 2000 + i, "node_id": f"L_{i}", "url": f"{base}/labels/{name}", "name": name,
                        "color": "ededed", "default": False, "description": None} for i, name in enumerate(labels)],
            "state": "open", "locked": False, "assignee": None, "assignees": [], "milestone": None,
            "comments": 0, "created_at": created_at, "updated_at": created_at, "closed_at": None,
            "author_association": "MEMBER", "body": body,
        }
        if pull_request:
            issue["pull_request"] = {"url": f"{base}/pulls/{number}", "html_url": issue["html_url"],
                                     "diff_url": f"{issue['html_url']}.diff", "patch_url": f"{issue['html_url']}.patch",
                                     "merged_at": None}
        self.issues[(repo, number)] = issue
        return issue

    def add_pull(self, repo: str, number: int, head: str, body: str = "", base: str = "dev/v0.1.13",
                 state: str = "open", head_repo: str | None = None) -> dict[str, Any]:
        """A pull request, listed by `GET /pulls` and (as GitHub does) by `GET /issues` too."""
        issue = self.add_issue(repo, number, title=f"Work on {head}", body=body, labels=(), pull_request=True)
        issue["state"] = state
        pull = {"url": f"{self.url}/repos/{repo}/pulls/{number}", "id": 5000 + number, "number": number,
                "state": state, "title": issue["title"], "body": body, "html_url": issue["html_url"],
                "user": issue["user"], "created_at": issue["created_at"], "updated_at": issue["updated_at"],
                "head": {"ref": head, "sha": hashlib.sha1(head.encode()).hexdigest(), "label": f"x:{head}",
                         "repo": {"full_name": head_repo or repo}},
                "base": {"ref": base, "sha": "0" * 40, "label": f"x:{base}", "repo": {"full_name": repo}}}
        self.pulls[(repo, number)] = pull
        return pull

    def add_pull_files(self, repo: str, number: int, files: list[tuple[str, str]]) -> None:
        """`files`: (status, filename) pairs, as GitHub's `GET /pulls/{n}/files` lists them."""
        self.pull_files[(repo, number)] = [
            {"sha": hashlib.sha1(name.encode()).hexdigest(), "filename": name, "status": status,
             "additions": 1, "deletions": 0, "changes": 1,
             "blob_url": f"{self.url}/{repo}/blob/head/{name}", "raw_url": f"{self.url}/{repo}/raw/head/{name}",
             "contents_url": f"{self.url}/repos/{repo}/contents/{name}?ref=head", "patch": "@@ -0,0 +1 @@"}
            for status, name in files]

    def add_comment(self, repo: str, number: int, body: str, bot: bool = True) -> dict[str, Any]:
        """A comment on issue or pull request `number`; `bot`: written by github-actions[bot]."""
        ids = [c["id"] for thread in self.comments.values() for c in thread]
        comment_id = max(ids, default=9000) + 1
        login, kind = ("github-actions[bot]", "Bot") if bot else ("octocat", "User")
        comment = {"id": comment_id, "node_id": f"IC_{comment_id}",
                   "url": f"{self.url}/repos/{repo}/issues/comments/{comment_id}",
                   "html_url": f"{self.url}/{repo}/pull/{number}#issuecomment-{comment_id}",
                   "issue_url": f"{self.url}/repos/{repo}/issues/{number}", "body": body,
                   "user": {"login": login, "id": 41898282 if bot else 1, "type": kind},
                   "created_at": "2025-03-03T10:00:00Z", "updated_at": "2025-03-03T10:00:00Z",
                   "author_association": "NONE" if bot else "MEMBER"}
        self.comments.setdefault((repo, number), []).append(comment)
        return comment

    def comments_on(self, repo: str, number: int) -> list[dict[str, Any]]:
        return self.comments.get((repo, number), [])

    # --- scripted failures ---------------------------------------------------------------------

    def fail(self, status: int, times: int = 1, message: str = "Server Error") -> None:
        self.script.append(Scripted(status, {"message": message}, times=times))

    def stall(self, seconds: float, times: int = 1) -> None:
        self.script.append(Scripted(200, {}, times=times, delay=seconds))

    def rate_limit(self) -> int:
        """The next request hits the primary rate limit; returns when it resets (epoch)."""
        reset = int(time.time()) + RESET_IN
        self.script.append(Scripted(403, {
            "message": "API rate limit exceeded for user ID 1. If you reach out to GitHub Support for help, "
                       "please include the request ID.",
            "documentation_url": "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api",
        }, {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(reset)}, times=10))
        return reset

    def secondary_rate_limit(self, times: int = 1) -> None:
        self.script.append(Scripted(403, {
            "message": "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
            "documentation_url": "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api"
                                 "#about-secondary-rate-limits",
        }, times=times))

    def answer_raw(self, raw: bytes, status: int = 200, content_type: str = "application/json",
                   headers: dict[str, str] | None = None, times: int = 1) -> None:
        """The next answers' body exactly as given (invalid JSON, HTML, deep nesting)."""
        self.script.append(Scripted(status, {}, {"Content-Type": content_type, **(headers or {})},
                                    times=times, raw=raw))

    def trickle(self, seconds_per_byte: float) -> None:
        """The next answer sends its body one byte at a time (each within any read timeout)."""
        self.script.append(Scripted(200, {"number": 1, "title": "x" * 200}, trickle=seconds_per_byte))

    def endless(self) -> None:
        """The next answer is a chunked body that never ends."""
        self.script.append(Scripted(200, {}, endless=True))

    def retry_after(self, status: int, seconds: int, times: int = 10) -> None:
        message = "You have exceeded a secondary rate limit." if status == 403 else "Service Unavailable"
        self.script.append(Scripted(status, {"message": message}, {"Retry-After": str(seconds)}, times=times))

    def redirect(self, location: str, status: int = 301) -> None:
        self.script.append(Scripted(status, {"message": "Moved Permanently"}, {"Location": location}))

    def requests_to(self, path_part: str) -> list[Logged]:
        return [entry for entry in self.log if path_part in entry.path]


def _handler(github: FakeGitHub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: Any) -> None:  # keep test output quiet
            return

        def do_GET(self) -> None:
            self.scripted: Scripted | None = None
            self._respond("GET", *self._answer())

        def do_POST(self) -> None:  # create an issue or a comment
            self.scripted = None
            self._respond("POST", *self._write())

        def do_PATCH(self) -> None:  # edit an issue or a comment
            self.scripted = None
            self._respond("PATCH", *self._write())

        def _write(self) -> tuple[int, Any, dict[str, str]]:
            length = int(self.headers.get("Content-Length") or 0)
            data = json.loads(self.rfile.read(length) or b"{}")
            if self.headers.get("Authorization") != f"token {github.token}":
                return 401, {"message": "Bad credentials", "documentation_url": "https://docs.github.com/rest"}, {}
            path = urlsplit(self.path).path
            if comment := self._write_comment(path, data):
                return comment
            if self.command == "POST" and (match := re.fullmatch(r"/repos/([^/]+/[^/]+)/issues", path)):
                number = max((n for (owner, n) in github.issues if owner == match[1]), default=0) + 1
                issue = github.add_issue(match[1], number, title=data.get("title", ""), body=data.get("body"),
                                         labels=tuple(data.get("labels", ())))
                return 201, issue, {}
            if self.command == "PATCH" and (match := re.fullmatch(r"/repos/([^/]+/[^/]+)/issues/(\d+)", path)):
                issue = github.issues.get((match[1], int(match[2])))
                if issue is None:
                    return _not_found()
                issue.update({key: data[key] for key in ("title", "body", "state") if key in data})
                return 200, issue, {}
            return _not_found()

        def _write_comment(self, path: str, data: dict[str, Any]) -> tuple[int, Any, dict[str, str]] | None:
            """POST .../issues/{n}/comments creates one; PATCH .../issues/comments/{id} edits one."""
            if self.command == "POST" and (match := re.fullmatch(r"/repos/([^/]+/[^/]+)/issues/(\d+)/comments", path)):
                if (match[1], int(match[2])) not in github.issues:
                    return _not_found()
                return 201, github.add_comment(match[1], int(match[2]), data.get("body", "")), {}
            if self.command == "PATCH" and (match := re.fullmatch(r"/repos/([^/]+/[^/]+)/issues/comments/(\d+)", path)):
                found = [c for (repo, _), thread in github.comments.items() if repo == match[1] for c in thread
                         if c["id"] == int(match[2])]
                if not found:
                    return _not_found()
                found[0]["body"] = data.get("body", "")
                return 200, found[0], {}
            return None

        def _respond(self, method: str, status: int, body: Any, headers: dict[str, str]) -> None:
            github.log.append(Logged(method, self.path, status, self.headers.get("If-None-Match"),
                                     self.headers.get("Authorization")))
            scripted = self.scripted
            payload = b"" if status == 304 else scripted.raw if scripted and scripted.raw is not None \
                else json.dumps(body).encode()
            self.send_response(status)
            length = {"Transfer-Encoding": "chunked"} if scripted and scripted.endless \
                else {"Content-Length": str(len(payload))}
            for name, value in {**_rate_headers(), "Content-Type": "application/json; charset=utf-8",
                                **length, **headers}.items():
                self.send_header(name, value)
            self.end_headers()
            try:
                self._send_body(payload, scripted)
            except OSError:  # the client gave up: as it should
                self.close_connection = True

        def _send_body(self, payload: bytes, scripted: Scripted | None) -> None:
            if scripted and scripted.endless:
                chunk = b"[" * 65536
                while True:
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            if scripted and scripted.trickle:
                for index in range(len(payload)):
                    self.wfile.write(payload[index:index + 1])
                    self.wfile.flush()
                    time.sleep(scripted.trickle)
                return
            self.wfile.write(payload)

        def _answer(self) -> tuple[int, Any, dict[str, str]]:
            if self.headers.get("Authorization") != f"token {github.token}":
                return 401, {"message": "Bad credentials", "documentation_url": "https://docs.github.com/rest"}, {}
            if github.script:
                scripted = github.script[0]
                scripted.times -= 1
                if scripted.times <= 0:
                    github.script.pop(0)
                time.sleep(scripted.delay)
                self.scripted = scripted
                return scripted.status, scripted.body, scripted.headers
            url = urlsplit(self.path)
            return self._route(url.path, parse_qs(url.query))

        def _route(self, path: str, query: dict[str, list[str]]) -> tuple[int, Any, dict[str, str]]:
            if match := re.fullmatch(r"/repos/([^/]+/[^/]+)/issues/(\d+)", path):
                issue = github.issues.get((match[1], int(match[2])))
                return self._with_etag(issue) if issue else _not_found()
            if match := re.fullmatch(r"/repos/([^/]+/[^/]+)/issues", path):
                return self._page(path, self._listed(github.issues, match[1], query), query, etag=True)
            if match := re.fullmatch(r"/repos/([^/]+/[^/]+)/issues/(\d+)/comments", path):
                if (match[1], int(match[2])) not in github.issues:
                    return _not_found()
                return self._page(path, github.comments_on(match[1], int(match[2])), query, etag=True)
            if match := re.fullmatch(r"/repos/([^/]+/[^/]+)/pulls/(\d+)", path):
                pull = github.pulls.get((match[1], int(match[2])))
                return self._with_etag(pull) if pull else _not_found()
            if match := re.fullmatch(r"/repos/([^/]+/[^/]+)/pulls", path):
                return self._page(path, self._listed(github.pulls, match[1], query), query, etag=True)
            if match := re.fullmatch(r"/repos/([^/]+/[^/]+)/pulls/(\d+)/files", path):
                files = github.pull_files.get((match[1], int(match[2])))
                return self._page(path, files, query) if files is not None else _not_found()
            return _not_found()

        def _with_etag(self, data: Any) -> tuple[int, Any, dict[str, str]]:
            etag = '"' + hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:32] + '"'
            if self.headers.get("If-None-Match") == etag:
                return 304, None, {"ETag": etag}
            return 200, data, {"ETag": etag}

        @staticmethod
        def _listed(store: dict[tuple[str, int], dict[str, Any]], repo: str,
                    query: dict[str, list[str]]) -> list[dict[str, Any]]:
            """A list endpoint's items: `state` (open, closed, all) and `labels` (all of them), newest first."""
            state = query.get("state", ["open"])[0]
            labels = [name for name in query.get("labels", [""])[0].split(",") if name]
            items = [item for (owner, _), item in store.items() if owner == repo
                     and state in ("all", item["state"])
                     and all(name in {label["name"] for label in item.get("labels", [])} for name in labels)]
            return sorted(items, key=lambda item: -item["number"])

        def _page(self, path: str, items: list[Any], query: dict[str, list[str]],
                  etag: bool = False) -> tuple[int, Any, dict[str, str]]:
            size = min(int(query.get("per_page", ["30"])[0]), github.page_size_cap)
            page = int(query.get("page", ["1"])[0])
            last = max(1, -(-len(items) // size))
            # Links keep the request's other parameters (state, labels), as GitHub's do.
            kept = "".join(f"&{key}={quote(values[0], safe=',')}" for key, values in sorted(query.items())
                           if key not in ("per_page", "page"))
            # GitHub omits prev/first on the first page and next/last on the last one.
            wanted = [("prev", page - 1), ("next", page + 1), ("first", 1), ("last", last)]
            links = [f'<{github.url}{path}?per_page={size}&page={number}{kept}>; rel="{rel}"' for rel, number in wanted
                     if 1 <= number <= last and (rel in ("prev", "next") or page != number)]
            headers = {"Link": ", ".join(links)} if links else {}
            body = items[(page - 1) * size: page * size]
            if not etag:
                return 200, body, headers
            status, data, tag = self._with_etag(body)
            return status, data, {**headers, **tag}

    return Handler


def _not_found() -> tuple[int, Any, dict[str, str]]:
    return 404, {"message": "Not Found", "documentation_url": "https://docs.github.com/rest",
                 "status": "404"}, {}


def _rate_headers() -> dict[str, str]:
    return {"X-RateLimit-Limit": "5000", "X-RateLimit-Remaining": "4999", "X-RateLimit-Used": "1",
            "X-RateLimit-Reset": str(int(time.time()) + RESET_IN), "X-RateLimit-Resource": "core",
            "X-GitHub-Media-Type": "github.v3; format=json"}


@pytest.fixture
def github_server() -> Iterator[FakeGitHub]:
    server = FakeGitHub().start()
    try:
        yield server
    finally:
        server.stop()
