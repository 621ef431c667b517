"""The one context resolver: which branch, base, head, PR title/body/labels, commits and
changed files a branch or release check is about.

Each fact comes from the first source that has it, in this order:
1. explicit flags (`--branch`, `--base`, `--head`, `--title`, `--body-file`, `--label`, `--repo`);
2. the GitHub Actions environment (`GITHUB_EVENT_PATH` payload of a `pull_request`,
   `pull_request_target`, `push` or `issues` event; `GITHUB_HEAD_REF`, `GITHUB_BASE_REF`,
   `GITHUB_REPOSITORY`); a PR body may be null;
3. the pre-commit environment at `pre-push` (`PRE_COMMIT_REMOTE_BRANCH`, `PRE_COMMIT_FROM_REF`,
   `PRE_COMMIT_TO_REF`, `PRE_COMMIT_REMOTE_URL`);
4. local git (the checked-out branch; the range starts at the merge base with the base branch).
A detached HEAD with no other source of the branch, or a shallow clone, is a `ContextError`
that says what to do: the resolver never guesses.
"""
from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from policycheck.errors import ContextError, UsageError
from policycheck.sources import git
from policycheck.sources.git import ChangedFile, Commit

ZERO_SHA = "0" * 40
PR_EVENTS = ("pull_request", "pull_request_target")
_REMOTE = re.compile(r"^(?:[\w+.-]+://)?(?:[^@/]+@)?[^/:]+(?::\d+)?[:/](?P<owner>[\w.-]+)/(?P<name>[\w.-]+?)(?:\.git)?/?$")


@dataclass(frozen=True)
class ContextOptions:
    """What the command line said; None means "not given"."""

    branch: str | None = None
    base: str | None = None
    head: str | None = None
    title: str | None = None
    body_file: str | None = None
    labels: tuple[str, ...] | None = None
    repository: str | None = None
    pr_number: int | None = None


@dataclass(frozen=True)
class BranchContext:
    source: str  # where the branch came from: flags, github-actions, pre-commit, git
    branch: str
    base: str
    head: str | None  # commit id, when git knows it
    root: Path | None  # the work tree, when in a git repository
    start: str | None = None  # the merge base: commits are start..head
    title: str | None = None
    body: str | None = None
    body_path: str = "<pull request body>"  # how findings in the body name it
    labels: tuple[str, ...] = ()
    commits: tuple[Commit, ...] = ()
    changed_files: tuple[ChangedFile, ...] | None = None  # git's view; None when unknown
    repository: str | None = None  # owner/name on GitHub
    pr_number: int | None = None
    event: str | None = None
    issue_number: int | None = None
    head_in_worktree: bool = False  # the work tree shows the head's files


def resolve_context(options: ContextOptions, default_base: str, cwd: Path | None = None,
                    env: Mapping[str, str] | None = None) -> BranchContext:
    env = os.environ if env is None else env
    cwd = cwd or Path.cwd()
    facts: dict[str, Any] = {}
    for name, layer in (("flags", _from_flags(options)), ("github-actions", _from_actions(env)),
                        ("pre-commit", _from_pre_commit(env))):
        if layer.get("branch") and "source" not in facts:
            facts["source"] = name
        for key, value in layer.items():
            facts.setdefault(key, value)
    return _complete_from_git(facts, default_base, cwd)


def _from_flags(options: ContextOptions) -> dict[str, Any]:
    facts = {key: value for key, value in (
        ("branch", options.branch), ("base", options.base), ("head", options.head), ("title", options.title),
        ("labels", options.labels), ("repository", options.repository), ("pr_number", options.pr_number),
    ) if value is not None}
    if options.body_file is not None:
        facts["body"] = _read_body(options.body_file)
        facts["body_path"] = options.body_file
    return facts


def _read_body(path: str) -> str:
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"--body-file {path}: cannot read: {exc.strerror or exc}") from None


def _from_actions(env: Mapping[str, str]) -> dict[str, Any]:
    event_path = env.get("GITHUB_EVENT_PATH")
    if not event_path:
        return {}
    event = env.get("GITHUB_EVENT_NAME", "")
    payload = _load_payload(event_path)
    facts: dict[str, Any] = {"event": event}
    repository = (payload.get("repository") or {}).get("full_name") or env.get("GITHUB_REPOSITORY")
    if repository:
        facts["repository"] = repository
    if event in PR_EVENTS and isinstance(payload.get("pull_request"), dict):
        facts.update(_from_pull_request(payload["pull_request"]))
    elif event == "push" and str(payload.get("ref", "")).startswith(("refs/heads/", "refs/tags/")):
        facts["branch"] = payload["ref"].removeprefix("refs/heads/")  # a tag keeps refs/tags/: not a branch
        if payload.get("after") and payload["after"] != ZERO_SHA:
            facts["head"] = payload["after"]
    elif event == "issues" and isinstance(payload.get("issue"), dict):
        facts["issue_number"] = payload["issue"].get("number")
    if env.get("GITHUB_HEAD_REF"):
        facts.setdefault("branch", env["GITHUB_HEAD_REF"])
    if env.get("GITHUB_REF", "").startswith("refs/heads/"):  # other events (workflow_dispatch, schedule)
        facts.setdefault("branch", env["GITHUB_REF"].removeprefix("refs/heads/"))
    if env.get("GITHUB_BASE_REF"):
        facts.setdefault("base", env["GITHUB_BASE_REF"])
    return facts


def _load_payload(path: str) -> dict[str, Any]:
    try:
        with open(path, encoding="utf-8") as handle:
            payload = json.load(handle)
    except (OSError, ValueError) as exc:
        raise ContextError(f"GITHUB_EVENT_PATH {path}: cannot read the event payload: {exc}") from None
    if not isinstance(payload, dict):
        raise ContextError(f"GITHUB_EVENT_PATH {path}: the event payload is not a JSON object")
    return payload


def _from_pull_request(pr: dict[str, Any]) -> dict[str, Any]:
    head, base = pr.get("head") or {}, pr.get("base") or {}
    number = pr.get("number")
    facts: dict[str, Any] = {
        "branch": head.get("ref"), "base": base.get("ref"), "head": head.get("sha"),
        "title": pr.get("title") or "", "body": pr.get("body") or "",  # a PR body can be null
        "labels": tuple(label.get("name", "") for label in pr.get("labels") or () if isinstance(label, dict)),
        "pr_number": number, "body_path": f"pull/{number}/body",
    }
    return {key: value for key, value in facts.items() if value is not None}


def _from_pre_commit(env: Mapping[str, str]) -> dict[str, Any]:
    facts: dict[str, Any] = {}
    branch = env.get("PRE_COMMIT_REMOTE_BRANCH") or env.get("PRE_COMMIT_LOCAL_BRANCH")
    if branch:
        facts["branch"] = branch.removeprefix("refs/heads/")  # a pushed tag keeps refs/tags/
    if env.get("PRE_COMMIT_TO_REF"):
        facts["head"] = env["PRE_COMMIT_TO_REF"]
    if env.get("PRE_COMMIT_FROM_REF") and env["PRE_COMMIT_FROM_REF"] != ZERO_SHA:
        facts["from_ref"] = env["PRE_COMMIT_FROM_REF"]
    repository = repository_from_url(env.get("PRE_COMMIT_REMOTE_URL"))
    if repository:
        facts["repository"] = repository
    return facts


def repository_from_url(url: str | None) -> str | None:
    """`owner/name` from a GitHub-style remote URL (https, ssh or scp-like), else None."""
    match = _REMOTE.match(url.strip()) if url else None
    return f"{match['owner']}/{match['name']}" if match else None


def resolve_repository(explicit: str | None, cwd: Path, env: Mapping[str, str]) -> str | None:
    """`owner/name` on GitHub: the flag, then `GITHUB_REPOSITORY`, then the origin remote."""
    if explicit:
        return explicit
    if env.get("GITHUB_REPOSITORY"):
        return env["GITHUB_REPOSITORY"]
    root = git.toplevel(cwd)
    return repository_from_url(git.remote_url(root)) if root else None


def _complete_from_git(facts: dict[str, Any], default_base: str, cwd: Path) -> BranchContext:
    root = git.toplevel(cwd)
    base = facts.get("base") or default_base
    if root is None:
        if not facts.get("branch"):
            raise ContextError(f"{cwd} is not in a git repository: pass --branch (and --base) to say what to check")
        return _build(facts, base, root=None)
    if not facts.get("branch"):
        branch = git.current_branch(root)
        if branch is None:
            at = (git.resolve(root, "HEAD") or "")[:12]
            raise ContextError(f"HEAD is detached (at {at or 'no commit'}): check out the branch, or pass --branch NAME")
        facts["branch"], facts["source"] = branch, "git"
    if git.is_shallow(root):
        raise ContextError("this is a shallow clone, so the branch's commits and changes cannot be listed: "
                           "fetch the full history (`git fetch --unshallow`, or `fetch-depth: 0` in actions/checkout)")
    head = _resolve_head(root, facts)
    start = _range_start(root, base, head, facts.get("from_ref"))
    worktree_head = git.resolve(root, "HEAD")
    return _build(
        facts, base, root=root, head=head, start=start,
        commits=git.commits(root, start, head) if head and start else (),
        changed_files=git.changed_files(root, start, head) if head and start else None,
        repository=facts.get("repository") or repository_from_url(git.remote_url(root)),
        head_in_worktree=bool(head) and (head == worktree_head or facts.get("event") in PR_EVENTS),
    )


def _resolve_head(root: Path, facts: dict[str, Any]) -> str | None:
    if facts.get("head"):
        head = git.resolve(root, facts["head"])
        if head is None:
            raise ContextError(f"head commit {facts['head']} is not in this clone: fetch it first")
        return head
    return git.resolve(root, facts["branch"]) or git.resolve(root, "HEAD")


def _range_start(root: Path, base: str, head: str | None, from_ref: str | None) -> str | None:
    """The merge base with the base branch (remote-tracking first); else pre-commit's from-ref."""
    if head is None:
        return None
    for candidate in (f"refs/remotes/origin/{base}", f"refs/heads/{base}", base):
        base_commit = git.resolve(root, candidate)
        if base_commit:
            return git.merge_base(root, base_commit, head)
    return git.resolve(root, from_ref) if from_ref else None


def _build(facts: dict[str, Any], base: str, **known: Any) -> BranchContext:
    return BranchContext(
        source=facts.get("source", "flags"), branch=facts["branch"], base=base,
        head=known.pop("head", facts.get("head")), title=facts.get("title"), body=facts.get("body"),
        body_path=facts.get("body_path", "<pull request body>"), labels=tuple(facts.get("labels") or ()),
        pr_number=facts.get("pr_number"), event=facts.get("event"), issue_number=facts.get("issue_number"),
        repository=known.pop("repository", facts.get("repository")), **known,
    )
