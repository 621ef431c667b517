"""The GitHub Actions event, read once at the edge: `GITHUB_EVENT_PATH`'s payload as a plain
frozen `ActionsEvent`, for the branch context resolver and any command run inside Actions.

The payload is input, not a contract: it must be a JSON object of at most
`MAX_PAYLOAD_BYTES`; a field of the wrong type (a number where GitHub sends a string, a null
where it sends an object) is treated as absent; only a payload that cannot be read or parsed
at all is a `ContextError`. Nothing else in the package opens the payload.

Which repository a pull request comes from: `pull_request.head.repo.full_name` against
`pull_request.base.repo.full_name`. A deleted fork leaves `head.repo` null, so a pull request
whose head repository is unknown but whose base is known counts as coming from a fork.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from policycheck.errors import ContextError

ZERO_SHA = "0" * 40
PR_EVENTS = ("pull_request", "pull_request_target")
MAX_PAYLOAD_BYTES = 32 * 1024 * 1024  # GitHub caps webhook payloads at 25 MB
REPOSITORY_NAME = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")  # OWNER/NAME as GitHub allows them


@dataclass(frozen=True)
class PullRequest:
    """The pull request of a `pull_request` or `pull_request_target` event; None: absent."""

    number: int | None = None
    title: str = ""
    body: str = ""  # GitHub sends null for an empty body
    labels: tuple[str, ...] = ()
    head_ref: str | None = None
    head_sha: str | None = None
    head_repository: str | None = None  # owner/name; None for a deleted fork
    base_ref: str | None = None
    base_repository: str | None = None
    base_sha: str | None = None

    @property
    def from_fork(self) -> bool:
        """The head lives in another repository than the base (or in a deleted fork)."""
        return self.base_repository is not None and self.head_repository != self.base_repository


@dataclass(frozen=True)
class Issue:
    """The issue of an `issues` event."""

    number: int | None = None
    title: str = ""
    body: str = ""  # GitHub sends null for an empty body
    labels: tuple[str, ...] = ()


@dataclass(frozen=True)
class ActionsEvent:
    name: str  # GITHUB_EVENT_NAME: pull_request, push, issues, workflow_dispatch, ...
    repository: str | None = None  # repository.full_name, when it is a valid OWNER/NAME
    pull_request: PullRequest | None = None  # pull request events only
    push_ref: str | None = None  # push events: refs/heads/<branch> or refs/tags/<tag>
    push_after: str | None = None  # push events: the new tip (None when the ref was deleted)
    issue_number: int | None = None  # issues events
    action: str | None = None  # the activity type: opened, edited, synchronize, labeled, ...
    issue: Issue | None = None  # issues events
    push_before: str | None = None  # push events: the old tip (None for a new ref)


def valid_repository(name: str) -> bool:
    """Whether `name` is an OWNER/NAME GitHub would accept (it goes into API paths)."""
    return bool(REPOSITORY_NAME.match(name)) and ".." not in name


def read_event(path: str, name: str) -> ActionsEvent:
    """The event at `path` (GITHUB_EVENT_PATH) named `name` (GITHUB_EVENT_NAME)."""
    return parse_event(name, load_payload(path))


def load_payload(path: str) -> dict[str, Any]:
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_PAYLOAD_BYTES + 1)
    except OSError as exc:
        raise ContextError(f"GITHUB_EVENT_PATH {path}: cannot read the event payload: {exc.strerror or exc}") from None
    if len(raw) > MAX_PAYLOAD_BYTES:
        raise ContextError(f"GITHUB_EVENT_PATH {path}: the event payload is over {MAX_PAYLOAD_BYTES} bytes")
    try:
        payload = json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError) as exc:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        raise ContextError(f"GITHUB_EVENT_PATH {path}: cannot read the event payload: not JSON ({exc})") from None
    if not isinstance(payload, dict):
        raise ContextError(f"GITHUB_EVENT_PATH {path}: the event payload is not a JSON object")
    return payload


def parse_event(name: str, payload: dict[str, Any]) -> ActionsEvent:
    pr = _object(payload, "pull_request")
    push = name == "push"
    after = _text(payload, "after") if push else None
    before = _text(payload, "before") if push else None
    return ActionsEvent(
        name=name, repository=_repository(_object(payload, "repository")),
        pull_request=_pull_request(pr) if name in PR_EVENTS and pr else None,
        push_ref=_text(payload, "ref") if push else None,
        push_after=after if after != ZERO_SHA else None,
        issue_number=_number(_object(payload, "issue"), "number") if name == "issues" else None,
        action=_text(payload, "action"),
        issue=_issue(_object(payload, "issue")) if name == "issues" and _object(payload, "issue") else None,
        push_before=before if push and before != ZERO_SHA else None,
    )


def _issue(issue: dict[str, Any]) -> Issue:
    return Issue(number=_number(issue, "number"), title=_text(issue, "title") or "", body=_text(issue, "body") or "",
                 labels=_labels(issue))


def _labels(data: dict[str, Any]) -> tuple[str, ...]:
    raw = data.get("labels")
    labels: list[Any] = raw if isinstance(raw, list) else []
    return tuple(name for label in labels if isinstance(label, dict) and (name := _text(label, "name")))


def _pull_request(pr: dict[str, Any]) -> PullRequest:
    head, base = _object(pr, "head"), _object(pr, "base")
    return PullRequest(
        number=_number(pr, "number"), title=_text(pr, "title") or "", body=_text(pr, "body") or "",
        labels=_labels(pr),
        head_ref=_text(head, "ref"), head_sha=_text(head, "sha"), head_repository=_repository(_object(head, "repo")),
        base_ref=_text(base, "ref"), base_repository=_repository(_object(base, "repo")),
        base_sha=_text(base, "sha"),
    )


def _repository(repo: dict[str, Any]) -> str | None:
    name = _text(repo, "full_name")
    return name if name and valid_repository(name) else None


# A payload field of the wrong type counts as absent: the payload is input, not a contract.
def _object(data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key)
    return value if isinstance(value, dict) else {}


def _text(data: dict[str, Any], key: str) -> str | None:
    value = data.get(key)
    return value if isinstance(value, str) else None


def _number(data: dict[str, Any], key: str) -> int | None:
    value = data.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None
