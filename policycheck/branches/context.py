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
that says what to do: the resolver never guesses. The head is the branch's tip: the local
branch, else `origin/<branch>` (a CI clone has only remote-tracking branches); a `--branch`
that is neither (and not the checked-out branch) is a `ContextError` naming it, never HEAD
under another name. Without `--branch`, CI and pre-push name the checked-out work: HEAD.

The Actions environment: `GITHUB_HEAD_REF` and `GITHUB_BASE_REF` are honoured whenever they
are set (non-empty), with or without `GITHUB_EVENT_PATH`: Actions sets them only for pull
request events, so a value there is deliberate (and lets a user say "check this as the PR
from feature/88-y" without writing a payload). `GITHUB_REF` is set in every Actions job, so
it only counts inside Actions (`GITHUB_ACTIONS=true` or a `GITHUB_EVENT_PATH`);
`GITHUB_REPOSITORY` counts whenever set (after the payload's `repository.full_name`).
The event payload is read by `sources.actions` (defensively: a field of the wrong type is
absent; a payload that cannot be read or parsed at all is a `ContextError`). A pull request
whose head repository is not the base repository (a fork) is marked `from_fork`: its `main`
is not the base branch.

`--body-file` is read by `loaders.body` with the policy's `limits.max_file_bytes` (`-` reads
standard input); a body that is too large, binary, not UTF-8 or not a regular file is a
`UsageError` (exit 2) naming the file, like every other command-line input that cannot be used.

The branch's changes are not computed here: `changed_paths` (names only) and `changed_files`
(renames detected) are computed on first use, by the check that needs them.
"""
from __future__ import annotations

import functools
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from policycheck.errors import ContextError, UsageError
from policycheck.loaders.body import BodyFailure, read_body
from policycheck.sources import git
from policycheck.sources.actions import PR_EVENTS, ZERO_SHA, ActionsEvent, PullRequest, read_event, valid_repository
from policycheck.sources.git import ChangedFile, Commit

__all__ = ["BranchContext", "ContextOptions", "repository_from_url", "resolve_context", "resolve_repository",
           "valid_repository"]

DEFAULT_BODY_LIMIT = 1048576  # the default policy's limits.max_file_bytes
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
    base_commit: str | None = None  # "the base branch as of this commit"
    body_limit: int = DEFAULT_BODY_LIMIT  # the policy's limits.max_file_bytes


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
    repository: str | None = None  # owner/name on GitHub
    pr_number: int | None = None
    event: str | None = None
    issue_number: int | None = None
    head_in_worktree: bool = False  # the work tree shows the head's files
    from_fork: bool = False  # a pull request whose head repository is not the base repository
    # When the head was already merged into the base: the merge commit that brought it in. The
    # range is then that merge against its first parent (start = its first parent, head = it).
    merged_by: str | None = None

    # The branch's changes are computed when a check asks for them, and only as far as it
    # asks: names alone for the docs-only decision, the rename-detecting diff for releases.
    @functools.cached_property
    def changed_paths(self) -> tuple[str, ...] | None:
        """Every path the branch changes (both sides of a rename); None when git cannot say."""
        if self.root is None or self.start is None or self.head is None:
            return None
        return git.changed_paths(self.root, self.start, self.head)

    @functools.cached_property
    def changed_files(self) -> tuple[ChangedFile, ...] | None:
        """git's view of the changes, renames detected, as a PR's file list says them; None: unknown."""
        if self.root is None or self.start is None or self.head is None:
            return None
        return git.changed_files(self.root, self.start, self.head)


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
        ("base_commit", options.base_commit),
    ) if value is not None}
    if options.body_file is not None:
        facts["body"] = _read_body(options.body_file, options.body_limit)
        facts["body_path"] = "<stdin>" if options.body_file == "-" else options.body_file
    return facts


def _read_body(path: str, limit: int) -> str:
    """A PR body from a file (`-`: standard input); one that cannot be used is a usage error."""
    try:
        return read_body(path, limit).text
    except BodyFailure as failure:
        fact = failure.fact
        # only a decoding failure has a real position (other facts default to 1:1)
        where = f" (line {fact.line}, column {fact.column})" if "UTF-8:" in fact.message else ""
        raise UsageError(f"--body-file {path}: {fact.message}{where}") from None


def _env_repository(env: Mapping[str, str]) -> str:
    name = env["GITHUB_REPOSITORY"]
    if not valid_repository(name):
        raise UsageError(f"GITHUB_REPOSITORY {name!r}: not a GitHub repository name (OWNER/NAME)")
    return name


def _from_actions(env: Mapping[str, str]) -> dict[str, Any]:
    facts: dict[str, Any] = {}
    event_path = env.get("GITHUB_EVENT_PATH")
    if event_path:
        facts.update(_from_event(read_event(event_path, env.get("GITHUB_EVENT_NAME", ""))))
    if env.get("GITHUB_HEAD_REF"):  # honoured whenever set (see the module docstring)
        facts.setdefault("branch", env["GITHUB_HEAD_REF"])
    in_actions = bool(event_path) or env.get("GITHUB_ACTIONS") == "true"
    if in_actions and env.get("GITHUB_REF", "").startswith("refs/heads/"):  # workflow_dispatch, schedule
        facts.setdefault("branch", env["GITHUB_REF"].removeprefix("refs/heads/"))
    if env.get("GITHUB_BASE_REF"):
        facts.setdefault("base", env["GITHUB_BASE_REF"])
    if env.get("GITHUB_REPOSITORY"):  # as `resolve_repository` (check-issue) reads it
        facts.setdefault("repository", _env_repository(env))
    return facts


def _from_event(event: ActionsEvent) -> dict[str, Any]:
    facts: dict[str, Any] = {"event": event.name, "repository": event.repository,
                             "issue_number": event.issue_number}
    if event.pull_request:
        facts.update(_from_pull_request(event.pull_request))
    elif event.push_ref and event.push_ref.startswith(("refs/heads/", "refs/tags/")):
        facts["branch"] = event.push_ref.removeprefix("refs/heads/")  # a tag keeps refs/tags/: not a branch
        facts["head"] = event.push_after
    return {key: value for key, value in facts.items() if value is not None}


def _from_pull_request(pr: PullRequest) -> dict[str, Any]:
    return {
        "branch": pr.head_ref, "base": pr.base_ref, "head": pr.head_sha, "title": pr.title, "body": pr.body,
        "labels": pr.labels, "pr_number": pr.number, "from_fork": pr.from_fork,
        "body_path": f"pull/{pr.number}/body" if pr.number is not None else "<pull request body>",
    }


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
        return _env_repository(env)
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
            raise ContextError(f"HEAD is detached (at {at or 'no commit'}):"
                               " check out the branch, or pass --branch NAME")
        facts["branch"], facts["source"] = branch, "git"
    if git.is_shallow(root):
        raise ContextError("this is a shallow clone, so the branch's commits and changes cannot be listed: "
                           "fetch the full history (`git fetch --unshallow`, or `fetch-depth: 0` in actions/checkout)")
    head = _resolve_head(root, facts)
    base_tip = _base_tip(root, base, facts.get("base_commit"))
    start = _range_start(root, base_tip, head, facts.get("from_ref"))
    merged = git.merged_by(root, head, base_tip) if head and base_tip and start == head != base_tip else None
    if merged:  # already in the base: the release's changes are those of the merge that brought it in
        head, start = merged
    worktree_head = git.resolve(root, "HEAD")
    return _build(
        facts, base, root=root, head=head, start=start, merged_by=merged[0] if merged else None,
        commits=git.commits(root, start, head) if head and start else (),
        repository=facts.get("repository") or repository_from_url(git.remote_url(root)),
        head_in_worktree=bool(head) and (head == worktree_head or facts.get("event") in PR_EVENTS),
    )


def _resolve_head(root: Path, facts: dict[str, Any]) -> str | None:
    if facts.get("head"):
        head = git.resolve(root, facts["head"])
        if head is None:
            raise ContextError(f"head commit {facts['head']} is not in this clone: fetch it first")
        return head
    branch = facts["branch"]
    full = (branch,) if branch.startswith("refs/") else ()  # a pushed tag: refs/tags/v1
    for ref in (*full, f"refs/heads/{branch}", f"refs/remotes/origin/{branch}"):
        found = git.resolve(root, ref)
        if found:
            return found
    if facts.get("source") == "flags" and branch != git.current_branch(root):
        # Checking HEAD's commits under another branch's name would judge the wrong work.
        raise ContextError(f"branch {branch!r} is not in this clone (neither refs/heads/{branch} nor"
                           f" refs/remotes/origin/{branch}): fetch it (`git fetch origin {branch}`),"
                           " or pass --head COMMIT")
    # CI and pre-push name the branch of what is checked out (a PR's merge commit, say)
    return git.resolve(root, "HEAD")


def _base_tip(root: Path, base: str, base_commit: str | None) -> str | None:
    """The base branch's commit, in this order: `--base-commit` (the base as of that commit,
    keeping the base's name for classification), `origin/<base>` (what the remote will merge
    into), the local `<base>`, then `<base>` as any revision git knows."""
    if base_commit:
        found = git.resolve(root, base_commit)
        if found is None:
            raise ContextError(f"--base-commit {base_commit} is not a commit in this clone: fetch it first")
        return found
    for candidate in (f"refs/remotes/origin/{base}", f"refs/heads/{base}", base):
        found = git.resolve(root, candidate)
        if found:
            return found
    return None


def _range_start(root: Path, base_tip: str | None, head: str | None, from_ref: str | None) -> str | None:
    """The merge base with the base branch's commit; else pre-commit's from-ref."""
    if head is None:
        return None
    if base_tip:
        return git.merge_base(root, base_tip, head)
    return git.resolve(root, from_ref) if from_ref else None


def _build(facts: dict[str, Any], base: str, **known: Any) -> BranchContext:
    return BranchContext(
        source=facts.get("source", "flags"), branch=facts["branch"], base=base,
        head=known.pop("head", facts.get("head")), title=facts.get("title"), body=facts.get("body"),
        body_path=facts.get("body_path", "<pull request body>"), labels=tuple(facts.get("labels") or ()),
        pr_number=facts.get("pr_number"), event=facts.get("event"), issue_number=facts.get("issue_number"),
        from_fork=bool(facts.get("from_fork")),
        repository=known.pop("repository", facts.get("repository")), **known,
    )
