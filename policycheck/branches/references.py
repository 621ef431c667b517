"""Case-study issue references in a branch name, a PR body and commit messages.

References are looked for in the places `branches.references.sources` names; the strongest
kind found wins (a number in the branch name, then closing keywords in the PR body, then
issue URLs, then a bare `#N`, then commit messages), so that a passing mention of another
issue does not stand in for the case study.

A number in a branch name counts only in the forms `branches.references.branch` allows (the
default policy lists them), never as any leading digits: MassGen's `0810_update_x_link` is a
date, not issue #810.

Commit messages are read without git's and GitHub's own words, which name other work: a merge
commit (`Merge pull request #N from owner/branch`, `Merge branch 'x' into y`, `Merge
remote-tracking branch ...`, and the PR title GitHub writes under it) counts for nothing; a
revert's `Revert "..."` line and its `This reverts commit ...` line are skipped; and the `(#N)`
that GitHub appends to a squash-merged PR's title (another PR, merged into the base before)
is no reference. Blanked text keeps its length, so positions stay exact.
"""
from __future__ import annotations

import re

from policycheck.branches.classify import _compile, _policy_regex
from policycheck.branches.context import BranchContext
from policycheck.branches.targets import Reference, branch_location
from policycheck.findings import COMMIT, PR_BODY, Location
from policycheck.policy import Policy

# Linear on hostile text: the blanks around a closing keyword's colon are bounded (`\\s*:?\\s*`
# took 21 s on `closes` and 128,000 spaces), and a number has at most 9 digits: a longer one is
# no issue (and `int()` refuses more than 4,300 digits).
NUMBER = r"(?P<number>\d{1,9})(?!\d)"
_CLOSING = r"\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)\b[ \t]{0,20}:?[ \t]{0,20}"
_BARE = r"(?<![\w/.&-])#" + NUMBER + r"\b"
_NOT_IN_LINK = r"(?![\w-])"
_MERGE = re.compile(r"^(?:\* )?Merge (?:pull request #\d+ from \S|(?:remote-tracking )?branch(?:es)? '|tag '|commit '"
                    r"|[0-9a-f]{7,40} into )")
_REVERT = re.compile(r"^(?:\* )?(?:Revert \".*\"|This reverts commit [0-9a-f]{7,40}\b.*)$")
_SQUASH_NUMBER = re.compile(r"\(#\d+\)\s*$")


def find_references(context: BranchContext, policy: Policy, repository: str | None) -> list[Reference]:
    """Every case-study issue reference, in the places the policy names, strongest first."""
    settings = policy.settings.branches
    sources = settings.reference_sources
    found: list[Reference] = []
    if "branch" in sources and settings.reference_branch:
        regex = _policy_regex(policy, "branches.references.branch", settings.reference_branch, "number")
        for match in regex.finditer(context.branch):
            if (number := issue_number(match["number"])) is not None:
                found.append(Reference(number, "branch", branch_location(context), 1, match.start("number") + 1, 0))
    if "body" in sources and context.body:
        found += _text_references(context.body, "body", Location(PR_BODY, context.body_path), repository, base_tier=1)
    if "commits" in sources:
        for commit in context.commits:
            message = without_boilerplate(commit.message)
            found += _text_references(message, "commit", Location(COMMIT, commit.sha[:12]), repository, base_tier=4)
    return sorted(found, key=lambda r: r.tier)


def issue_number(text: str | None) -> int | None:
    """An issue number from the policy's branch pattern: 1 to 9 digits (issues start at 1), else None."""
    if not text or not text.isdecimal() or len(text) > 9 or int(text) < 1:
        return None
    return int(text)


def without_boilerplate(message: str) -> str:
    """The message with git's and GitHub's merge, revert and squash words blanked (same length)."""
    lines = message.split("\n")
    if _MERGE.match(lines[0]):
        return _blank(message)  # a merge commit's whole message describes the merged work
    kept = []
    for line in lines:
        if _MERGE.match(line) or _REVERT.match(line):
            line = _blank(line)
        else:
            line = _SQUASH_NUMBER.sub(lambda match: _blank(match.group(0)), line)
        kept.append(line)
    return "\n".join(kept)


def _blank(text: str) -> str:
    return "".join("\n" if char == "\n" else " " for char in text)


def _text_references(text: str, source: str, path: Location, repository: str | None, base_tier: int) -> list[Reference]:
    """Closing keywords (`Closes #12`), issue URLs of this repository, then bare `#12`."""
    patterns = [(_CLOSING + "#" + NUMBER + r"\b", 0), (_BARE, 2)]
    if repository:
        url = r"https?://[^\s/]+/" + re.escape(repository) + r"/issues/" + NUMBER + r"\b" + _NOT_IN_LINK
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
