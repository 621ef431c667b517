"""Case-study issue references in a branch name, a PR body and commit messages.

References are looked for in the places `branches.references.sources` names; the strongest
kind found wins (a number in the branch name, then closing keywords in the PR body, then
issue URLs, then a bare `#N`, then commit messages), so that a passing mention of another
issue does not stand in for the case study.
"""
from __future__ import annotations

import re

from policycheck.branches.classify import _compile, _policy_regex
from policycheck.branches.context import BranchContext
from policycheck.branches.targets import Reference, branch_location
from policycheck.findings import COMMIT, PR_BODY, Location
from policycheck.policy import Policy

_CLOSING = r"\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)\b\s*:?\s*"
_BARE = r"(?<![\w/.&-])#(?P<number>\d+)\b"
_NOT_IN_LINK = r"(?![\w-])"


def find_references(context: BranchContext, policy: Policy, repository: str | None) -> list[Reference]:
    """Every case-study issue reference, in the places the policy names, strongest first."""
    refs_policy = policy.section("branches").get("references") or {}
    sources = refs_policy.get("sources") or ("branch", "body", "commits")
    found: list[Reference] = []
    if "branch" in sources and refs_policy.get("branch"):
        regex = _policy_regex(policy, "branches.references.branch", refs_policy["branch"], "number")
        for match in regex.finditer(context.branch):
            if match["number"] and match["number"].isdecimal() and int(match["number"]) >= 1:  # issues start at 1
                found.append(Reference(int(match["number"]), "branch", branch_location(context), 1,
                                       match.start("number") + 1, 0))
    if "body" in sources and context.body:
        found += _text_references(context.body, "body", Location(PR_BODY, context.body_path), repository, base_tier=1)
    if "commits" in sources:
        for commit in context.commits:
            found += _text_references(commit.message, "commit", Location(COMMIT, commit.sha[:12]), repository, base_tier=4)
    return sorted(found, key=lambda r: r.tier)


def _text_references(text: str, source: str, path: Location, repository: str | None, base_tier: int) -> list[Reference]:
    """Closing keywords (`Closes #12`), issue URLs of this repository, then bare `#12`."""
    patterns = [(_CLOSING + r"#(?P<number>\d+)\b", 0), (_BARE, 2)]
    if repository:
        url = r"https?://[^\s/]+/" + re.escape(repository) + r"/issues/(?P<number>\d+)\b" + _NOT_IN_LINK
        patterns.insert(1, (url, 1))
    found, seen = [], set()
    for pattern, offset in patterns:
        tier = base_tier if source == "commit" and offset < 2 else base_tier + offset
        for match in _compile(pattern).finditer(text):
            start = match.start("number")
            if start in seen or int(match["number"]) < 1:  # `#0` is no issue: numbers start at 1
                continue
            seen.add(start)
            line = text.count("\n", 0, start) + 1
            column = start - (text.rfind("\n", 0, start) + 1) + 1
            if text[start - 1:start] == "#":
                column -= 1  # point at the `#`
            found.append(Reference(int(match["number"]), source, path, line, column, tier))
    return found


def strongest(references: list[Reference]) -> list[Reference]:
    """The references of the strongest kind found, one per issue number, in order."""
    if not references:
        return []
    best = min(r.tier for r in references)
    unique: dict[int, Reference] = {}
    for ref in references:
        if ref.tier == best:
            unique.setdefault(ref.number, ref)
    return list(unique.values())
