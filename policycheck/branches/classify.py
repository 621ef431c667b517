"""Branch classes: release, exempt or feature, from the policy's `branches` patterns.

A branch is, in this order:
- a **release**: head matching `branches.release.head` into the base branch; a PR titled
  like `branches.release.title`; once merged, a branch whose merge into the base carries a
  `branches.release.tag` (MassGen released v0.1.5 from a branch named `memory` and tagged the
  merge); or a branch into the base that sets a version in `branches.release.version_file`
  (read with `version_pattern`) not tagged in the base already (a fix-up that stamps a
  released version, as `v0.0.17-post1` did, is no release);
- **exempt**: the base branch itself, a tag, or a name matching a `branches.exempt` pattern;
  but a pull request from a fork's branch named like the base (a fork's `main`) is not the
  base branch, and no pattern exempts it: the head repository decides;
- **exempt as docs-only**: every path the branch changes matches a `branches.docs_only` glob
  (documentation needs no case study); a branch that also touches anything else is a feature;
- a **feature** branch (everything else), which must reference a case-study issue.
"""
from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from policycheck.branches.targets import EXEMPT, FEATURE, RELEASE, BranchClass
from policycheck.errors import PolicyError
from policycheck.globs import match_any
from policycheck.policy import Policy
from policycheck.regexes import PolicyPattern
from policycheck.sources import git

if TYPE_CHECKING:
    from policycheck.branches.context import BranchContext


@lru_cache(maxsize=64)
def _compile(pattern: str) -> re.Pattern[str]:
    # `re` warns (FutureWarning) about patterns such as "[[" that a later Python may read
    # differently; the pattern is valid today, and stderr carries only policycheck's lines.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return re.compile(pattern, re.IGNORECASE)


def _policy_regex(policy: Policy, key: str, pattern: Any, group: str | None = None) -> PolicyPattern:
    """A pattern from the policy, reading a bounded text (`regexes.PolicyPattern`); a broken
    one is a policy error naming the key, not a crash.

    Policy loading validates these patterns (with file:line); this is the net for a policy
    built another way, so that a bad pattern is never a traceback.
    """
    if not isinstance(pattern, str):
        raise PolicyError(policy.source, f"{key}: not a regular expression (a string): {pattern!r}")
    try:
        regex = _compile(pattern)
    except (re.error, RecursionError, OverflowError) as exc:
        raise PolicyError(policy.source, f"{key}: not a valid regular expression ({exc}): {pattern!r}") from None
    if group and group not in regex.groupindex:
        raise PolicyError(policy.source, f"{key}: the pattern needs a (?P<{group}>...) group")
    return PolicyPattern(regex)


def _release_match(policy: Policy, key: str, text: str | None) -> re.Match[str] | None:
    settings = policy.settings.branches
    pattern = settings.release_head if key == "head" else settings.release_title
    if not pattern or text is None:
        return None
    return _policy_regex(policy, f"branches.release.{key}", pattern, "version").search(text)


def classify_context(context: BranchContext, policy: Policy, paths: Sequence[str] | None = None) -> BranchClass:
    """The class of the context's branch; its changed paths (`paths`, else git's names-only
    diff) and the version it sets are computed only when the decision needs them."""
    changed = (lambda: paths) if paths is not None else (lambda: context.changed_paths)
    return classify(context.branch, context.base, context.title, policy, from_fork=context.from_fork,
                    paths=changed, released=lambda: version_set(context, policy, changed()))


def version_set(context: BranchContext, policy: Policy, paths: Sequence[str] | None) -> tuple[str, str] | None:
    """(version, how) when the branch says it is a release without its name or title: a
    release tag on the merge that brought it in, else the version it writes into the policy's
    version file."""
    tagged = _release_tag(context, policy)
    if tagged:
        return tagged
    written = _version_written(context, policy, paths)
    if not written or _already_tagged(context, policy, written):
        return None  # a later fix-up that stamps a released version (v0.0.17-post1) is no release
    return written, f"sets version {written} in {policy.settings.branches.version_file}"


def _already_tagged(context: BranchContext, policy: Policy, version: str) -> bool:
    """Whether the base already holds a release tag for `version` (it was released before)."""
    pattern = policy.settings.branches.release_tag
    if not pattern or context.root is None or not context.start:
        return False
    regex = _policy_regex(policy, "branches.release.tag", pattern, "version")
    return any((match := regex.search(tag)) and match["version"] == version
               for tag in git.tags_merged(context.root, context.start))


def _release_tag(context: BranchContext, policy: Policy) -> tuple[str, str] | None:
    pattern = policy.settings.branches.release_tag
    if not pattern or context.root is None or not context.merged_by:
        return None
    regex = _policy_regex(policy, "branches.release.tag", pattern, "version")
    for tag in git.tags_at(context.root, context.merged_by):
        if match := regex.search(tag):
            return match["version"], f"was merged as {context.merged_by[:12]}, tagged {tag}"
    return None


def _version_written(context: BranchContext, policy: Policy, paths: Sequence[str] | None) -> str | None:
    settings = policy.settings.branches
    if not settings.version_file or not settings.version_pattern or context.root is None:
        return None
    if not paths or settings.version_file not in paths or not (context.start and context.head):
        return None
    regex = _policy_regex(policy, "branches.release.version_pattern", settings.version_pattern, "version")
    before, after = (_version_at(context.root, rev, settings.version_file, regex, policy.max_file_bytes)
                     for rev in (context.start, context.head))
    return after if after and after != before else None


def _version_at(root: Path, rev: str, path: str, regex: PolicyPattern, limit: int) -> str | None:
    data = git.show_file(root, rev, path, limit)
    match = regex.search_lines(data.decode("utf-8", "replace")) if data is not None else None
    return match["version"] if match else None


def classify(branch: str, base: str, title: str | None, policy: Policy, from_fork: bool = False,
             paths: Callable[[], Sequence[str] | None] | None = None,
             released: Callable[[], tuple[str, str] | None] | None = None) -> BranchClass:
    default_base = policy.settings.branches.base
    head_match = _release_match(policy, "head", branch)
    if head_match and base == default_base and not from_fork:
        return BranchClass(RELEASE, head_match["version"], f"{branch} into {base}")
    title_match = _release_match(policy, "title", title)
    if title_match:
        return BranchClass(RELEASE, title_match["version"], f"pull request titled {title!r}")
    found = released() if released and base == default_base and not from_fork else None
    if found:
        return BranchClass(RELEASE, found[0], f"{branch} into {base} {found[1]}")
    if from_fork and branch == default_base:
        pass  # a fork's `main` is the fork's work, not this repository's base branch
    elif exempt := _exempt(branch, default_base, policy):
        return exempt
    docs = _docs_only(policy, paths() if paths else None)
    if docs:
        return docs
    where = " (from a fork)" if from_fork else ""
    return BranchClass(FEATURE, reason=f"{branch}{where} matches no release or exempt pattern")


def _exempt(branch: str, default_base: str, policy: Policy) -> BranchClass | None:
    if branch == default_base:
        return BranchClass(EXEMPT, reason=f"{branch} is the base branch")
    if branch.startswith("refs/tags/"):
        return BranchClass(EXEMPT, reason="a tag, not a branch")
    for pattern in policy.settings.branches.exempt:
        if _policy_regex(policy, "branches.exempt", pattern).search(branch):
            return BranchClass(EXEMPT, reason=f"{branch} matches the exempt pattern {pattern!r}")
    return None


def _docs_only(policy: Policy, paths: Sequence[str] | None) -> BranchClass | None:
    globs = policy.settings.branches.docs_only
    if not globs or not paths or not all(match_any(globs, path) for path in paths):
        return None
    count = f"{len(paths)} file{'s' if len(paths) != 1 else ''}"
    return BranchClass(EXEMPT, reason=f"changes only documentation ({count}, all matching branches.docs_only)")
