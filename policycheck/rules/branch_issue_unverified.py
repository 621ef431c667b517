"""branch-issue-unverified: a feature branch's issue reference could not be verified.

What: the branch references an issue, but the check ran offline (`--offline`, no GitHub
token, no GitHub repository known, or GitHub unreachable where the policy's
`github.unreachable` says `offline`), so whether the issue exists, is a case-study issue
and has a complete planning phase was not checked.

Why: the reference is only a number until GitHub confirms it; the finding says so instead of
passing silently.

Fix: run with a token (`GITHUB_TOKEN` or `GH_TOKEN`) to verify online; the GitHub workflow
does this on every pull request.

Waive: `rules: {branch-issue-unverified: off}` in the policy file.
"""
from __future__ import annotations

from collections.abc import Iterator

from policycheck.branches.targets import FEATURE, BranchTarget
from policycheck.checking import CheckContext
from policycheck.findings import WARNING, Fact

ID = "branch-issue-unverified"
SUMMARY = "an issue reference checked offline is reported as unverified"
TARGET = "branch"
SEVERITY = WARNING


def check(target: BranchTarget, ctx: CheckContext) -> Iterator[Fact]:
    if target.kind.kind != FEATURE or target.online:
        return
    for ref in target.references:
        yield Fact(f"references issue #{ref.number} (in the {ref.source}); not verified: {target.offline_reason}",
                   ref.line, ref.column, path=ref.path,
                   hint=_hint(target.offline_reason))


def _hint(reason: str) -> str:
    if "repository" in reason:  # a token is there; the repository is what is missing
        return "pass --repo OWNER/NAME (or set GITHUB_REPOSITORY) to check the issue on GitHub"
    if "unreachable" in reason:
        return "the issue is checked on GitHub when it can be reached (the pull request's CI check does)"
    if "--offline" in reason:
        return "run without --offline to check the issue on GitHub"
    return "set GITHUB_TOKEN (or pass --token) to check the issue on GitHub"
