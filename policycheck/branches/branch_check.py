"""The branch check: gather what the `branch` rules need, then run them.

`check_branch` asks GitHub about each referenced issue (at most once per issue, never when
offline) and runs `check-issue` on its body, then hands a `BranchTarget` to the rules. It is
a check on the command's `Runner`: it returns an `Outcome` (one branch checked, and a note
when the branch needs no case study); the runner finalizes.

When GitHub gives no answer at all (`GitHubUnreachable`) and the policy's `github.unreachable`
says `offline` for where the run is (the default at pre-push, so that a laptop without a
network can still push), the verdict is the offline one, the findings `--offline` gives,
with a warning on stderr that GitHub was unreachable. Elsewhere (CI, by hand) it stays exit 3.
"""
from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from policycheck import engine
from policycheck.branches.classify import classify_context
from policycheck.branches.context import BranchContext
from policycheck.branches.references import find_references, strongest
from policycheck.branches.targets import FEATURE, BranchTarget, IssueCheck, Reference, branch_location
from policycheck.casestudy.issue import planning_errors
from policycheck.checking import CheckContext
from policycheck.findings import Outcome
from policycheck.rules import rules_for
from policycheck.sources.github import GitHubNotFound, GitHubUnreachable

if TYPE_CHECKING:
    from policycheck.runner import Runner

MAX_ISSUES = 5  # issue references verified online per branch: bounds the requests per check


def check_branch(runner: Runner, context: BranchContext) -> Outcome:
    """Findings of every `branch` rule; GitHub is asked once per referenced issue at most."""
    policy = runner.policy
    kind = classify_context(context, policy, _pull_request_paths(runner, context))
    notes = [] if kind.kind == FEATURE else [
        f"{context.branch}: {kind.kind} branch ({kind.reason}); no case-study issue needed"]
    skip = _skip_label(context, policy.settings.branches.skip_labels)
    repository = context.repository
    references = tuple(strongest(find_references(context, policy, repository))) if kind.kind == FEATURE else ()
    reason = _offline_reason(runner, repository, skip)
    checks: tuple[IssueCheck, ...] = ()
    if not reason and references:
        try:
            checks = _verify(runner, references[:MAX_ISSUES], repository or "")
        except GitHubUnreachable as unreachable:
            if not _falls_back(runner):
                raise
            reason = UNREACHABLE
            notes.append(_unreachable_note(runner, unreachable))
    target = BranchTarget(context, kind, references, checks, online=not reason, offline_reason=reason or "",
                          labels=policy.settings.issues.labels,
                          before_branch_severity=policy.settings.branches.issue_before_branch)
    findings = run_branch_rules(runner, "branch", target, context)
    if skip:
        findings = [f.waive(f"pull request label {skip!r}") for f in findings]
    return Outcome(findings, Counter(branch=1), notes)


def _pull_request_paths(runner: Runner, context: BranchContext) -> list[str] | None:
    """The paths the pull request changes as GitHub lists them (both sides of a rename), for
    the docs-only decision when git cannot say (the base is not in the clone); None: git decides."""
    online = runner.online and context.pr_number and context.repository
    if not online or not runner.policy.settings.branches.docs_only or context.changed_paths is not None:
        return None
    files = runner.github().pull_files(str(context.repository), int(context.pr_number or 0))
    return [path for f in files for path in (f.path, f.previous_path) if path]


def run_branch_rules(runner: Runner, target_kind: str, target: object, context: BranchContext) -> list[Any]:
    """The `branch` or `release` rules on a target; findings are about the branch."""
    where = branch_location(context)
    ctx = CheckContext(runner.policy, where.name, where.name, runner)
    return engine.run_rules(rules_for(target_kind), target, ctx, where)


def _skip_label(context: BranchContext, skip_labels: tuple[str, ...]) -> str | None:
    skips = {label.lower() for label in skip_labels}
    return next((label for label in context.labels if label.lower() in skips), None)


def _offline_reason(runner: Runner, repository: str | None, skip: str | None) -> str | None:
    if skip:
        return f"the pull request is labelled {skip!r}"
    if runner.offline:
        return "offline (--offline)"
    if not runner.online:
        return "offline (no GitHub token: set GITHUB_TOKEN or GH_TOKEN, or pass --token)"
    if not repository:
        return "offline (no GitHub repository known: pass --repo OWNER/NAME)"
    return None


UNREACHABLE = "offline (GitHub was unreachable)"


def _falls_back(runner: Runner) -> bool:
    """The policy's github.unreachable says `offline` for where this run is."""
    return runner.github_settings is not None and runner.github_settings.falls_back


def _unreachable_note(runner: Runner, unreachable: GitHubUnreachable) -> str:
    settings = runner.github_settings
    assert settings is not None  # `_falls_back` said so
    return (f"warning: GitHub was unreachable ({settings.api_url}: {unreachable.reason}): checked offline"
            f" (the policy's github.unreachable for {settings.place} is offline)")


def _verify(runner: Runner, references: tuple[Reference, ...], repository: str) -> tuple[IssueCheck, ...]:
    client = runner.github()
    labels = {label.lower() for label in runner.policy.settings.issues.labels}
    checks = []
    for ref in references:
        try:
            issue = client.issue(repository, ref.number)
        except GitHubNotFound as missing:
            checks.append(IssueCheck(ref, repository, not_found=str(missing)))
            continue
        labelled = any(label.lower() in labels for label in issue.labels)
        errors: tuple[str, ...] = ()
        if labelled and not issue.is_pull_request:
            name = f"{issue.repository}#{issue.number}"
            errors = tuple(f.message for f in planning_errors(runner, issue.body, name))
        checks.append(IssueCheck(ref, repository, issue, None, labelled, errors))
    return tuple(checks)
