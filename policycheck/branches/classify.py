"""Branch classes: release, exempt or feature, from the policy's `branches` patterns.

A branch is a **release** (head matching `branches.release.head` into the base branch, or a
PR titled like `branches.release.title`), **exempt** (matching a `branches.exempt` pattern,
or the base branch itself), or a **feature** branch (everything else), which must reference
a case-study issue.
"""
from __future__ import annotations

import re
import warnings
from functools import lru_cache
from typing import Any

from policycheck.branches.targets import EXEMPT, FEATURE, RELEASE, BranchClass
from policycheck.errors import PolicyError
from policycheck.policy import Policy


@lru_cache(maxsize=64)
def _compile(pattern: str) -> re.Pattern[str]:
    # `re` warns (FutureWarning) about patterns such as "[[" that a later Python may read
    # differently; the pattern is valid today, and stderr carries only policycheck's lines.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return re.compile(pattern, re.IGNORECASE)


def _policy_regex(policy: Policy, key: str, pattern: Any, group: str | None = None) -> re.Pattern[str]:
    """A pattern from the policy; a broken one is a policy error naming the key, not a crash.

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
    return regex


def _release_match(policy: Policy, key: str, text: str | None) -> re.Match[str] | None:
    pattern = (policy.section("branches").get("release") or {}).get(key)
    if not pattern or text is None:
        return None
    return _policy_regex(policy, f"branches.release.{key}", pattern, "version").search(text)


def classify(branch: str, base: str, title: str | None, policy: Policy) -> BranchClass:
    default_base = policy.section("branches").get("base", "main")
    head_match = _release_match(policy, "head", branch)
    if head_match and base == default_base:
        return BranchClass(RELEASE, head_match["version"], f"{branch} into {base}")
    title_match = _release_match(policy, "title", title)
    if title_match:
        return BranchClass(RELEASE, title_match["version"], f"pull request titled {title!r}")
    if branch == default_base:
        return BranchClass(EXEMPT, reason=f"{branch} is the base branch")
    if branch.startswith("refs/tags/"):
        return BranchClass(EXEMPT, reason="a tag, not a branch")
    for pattern in policy.section("branches").get("exempt") or ():
        if _policy_regex(policy, "branches.exempt", pattern).search(branch):
            return BranchClass(EXEMPT, reason=f"{branch} matches the exempt pattern {pattern!r}")
    return BranchClass(FEATURE, reason=f"{branch} matches no release or exempt pattern")
