"""The branch check: gather what the `branch` rules need, then run them.

`check_branch` asks GitHub about each referenced issue (at most once per issue, never when
offline) and runs `check-issue` on its body, then hands a `BranchTarget` to the rules.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from policycheck.branches.classify import classify_context
from policycheck.branches.context import BranchContext
from policycheck.branches.references import find_references, strongest
from policycheck.branches.targets import FEATURE, BranchClass, BranchTarget, IssueCheck, Reference, branch_path
from policycheck.findings import Finding, Report
from policycheck.policy import Policy

MAX_ISSUES = 5  # issue references verified online per branch: bounds the requests per check


@dataclass
class BranchResult:
    """What a branch or release check found, and what the command says besides the findings."""

    report: Report
    kind: BranchClass  # the branch's class, decided once
    note: str | None = None  # one line for stderr when the branch is not what the check is about


def check_branch(context: BranchContext, policy: Policy, settings: Any, offline: bool) -> BranchResult:
    """Findings of every `branch` rule; GitHub is asked once per referenced issue at most."""
    kind = classify_context(context, policy)
    note = None if kind.kind == FEATURE else (
        f"{context.branch}: {kind.kind} branch ({kind.reason}); no case-study issue needed")
    section = policy.section("branches")
    skip = _skip_label(context, section)
    repository = context.repository
    references = tuple(strongest(find_references(context, policy, repository))) if kind.kind == FEATURE else ()
    reason = _offline_reason(offline, settings, repository, skip)
    checks = () if reason or not references else _verify(references[:MAX_ISSUES], repository or "", policy, settings)
    labels = tuple(policy.section("issues").get("labels") or ("case study", "case-study"))
    target = BranchTarget(context, kind, references, checks, online=not reason, offline_reason=reason or "",
                          labels=labels, before_branch_severity=section.get("issue_before_branch", "warning"))
    report = _run("branch", target, branch_path(context), policy)
    if skip:
        report.findings = [Finding(**{**f.__dict__, "waived": f"pull request label {skip!r}"}) for f in report.findings]
    return BranchResult(_finish(report, policy), kind, note)


def _skip_label(context: BranchContext, section: dict[str, Any]) -> str | None:
    skips = {label.lower() for label in section.get("skip_labels") or ()}
    return next((label for label in context.labels if label.lower() in skips), None)


def _offline_reason(offline: bool, settings: Any, repository: str | None, skip: str | None) -> str | None:
    if skip:
        return f"the pull request is labelled {skip!r}"
    if offline:
        return "offline (--offline)"
    if not settings.online:
        return "offline (no GitHub token: set GITHUB_TOKEN or GH_TOKEN, or pass --token)"
    if not repository:
        return "offline (no GitHub repository known: pass --repo OWNER/NAME)"
    return None


def _verify(references: tuple[Reference, ...], repository: str, policy: Policy, settings: Any) -> tuple[IssueCheck, ...]:
    from policycheck.sources.github import GitHubClient, GitHubNotFound

    client = GitHubClient(settings)
    labels = {label.lower() for label in policy.section("issues").get("labels") or ("case study", "case-study")}
    checks = []
    for ref in references:
        try:
            issue = client.issue(repository, ref.number)
        except GitHubNotFound as missing:
            checks.append(IssueCheck(ref, repository, not_found=str(missing)))
            continue
        labelled = any(label.lower() in labels for label in issue.labels)
        errors = _planning_errors(issue, policy) if labelled and not issue.is_pull_request else ()
        checks.append(IssueCheck(ref, repository, issue, None, labelled, errors))
    return tuple(checks)


def _planning_errors(issue: Any, policy: Policy) -> tuple[str, ...]:
    """check-issue's errors on the issue body: the planning phase, as `check-issue` sees it."""
    from policycheck import engine
    from policycheck.casestudy.issue import issue_report

    # Not finalized: this command's own run reports expired waivers, once.
    report = issue_report(issue.body, f"{issue.repository}#{issue.number}", policy)
    findings = engine.apply_waivers(report.findings, policy)
    return tuple(f.message for f in findings if f.severity == "error" and f.waived is None)



def _run(target_kind: str, target: Any, path: str, policy: Policy) -> Report:
    from policycheck import engine
    from policycheck.checking import CheckContext
    from policycheck.rules import rules_for

    ctx = CheckContext(policy, path, path)
    return Report(findings=engine.run_rules(rules_for(target_kind), target, ctx, path, policy))


def _finish(report: Report, policy: Policy) -> Report:
    from policycheck import engine

    if report.files == 0:  # no report file was read: what was checked is the branch itself
        report.files, report.subject = 1, "branch"
    return engine.finalize(report, policy)
