"""The case-study pipeline, online: open case-study issues and their planning status, open
feature pull requests without a case-study reference, and planned issues with no branch or
pull request yet. Two list requests per page of 100 (issues, which include pull requests,
and pull requests), each page revalidated by its ETag: requests grow with pages, not items,
and a repeat run answered by 304s costs no rate limit.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from policycheck.audit.items import PASS, WARN, Item
from policycheck.audit.release import _strip
from policycheck.branches.classify import classify
from policycheck.branches.context import BranchContext
from policycheck.branches.references import find_references
from policycheck.branches.targets import FEATURE
from policycheck.casestudy.issue import planning_errors
from policycheck.runner import Runner
from policycheck.sources import git
from policycheck.sources.github import Issue, PullSummary

_SHOWN = 5  # items named in a reason; the rest are counted


@dataclass(frozen=True)
class Planned:
    issue: Issue
    missing: tuple[str, ...]  # check-issue's error messages; empty: planning complete


def pipeline_items(runner: Runner, repository: str, root: Path | None) -> list[Item]:
    client = runner.github()
    labels = {label.lower() for label in runner.policy.settings.issues.labels}
    issues = [i for i in client.list_issues(repository) if not i.is_pull_request
              and labels & {label.lower() for label in i.labels}]
    planned = [Planned(i, tuple(f.message for f in planning_errors(runner, i.body, f"{repository}#{i.number}")))
               for i in sorted(issues, key=lambda i: i.number)]
    pulls = client.list_pulls(repository)
    referenced = {ref for pull in pulls for ref in _references(runner, repository, pull)}
    branches = _branch_references(runner, root) if root else set()
    return [_issues_item(planned), _pulls_item(runner, repository, pulls),
            _unstarted_item([p for p in planned if not p.missing], referenced | branches)]


def _references(runner: Runner, repository: str, pull: PullSummary) -> set[int]:
    context = BranchContext("github", pull.head_ref, pull.base_ref, None, None, body=pull.body,
                            pr_number=pull.number, repository=repository, from_fork=pull.from_fork)
    return {ref.number for ref in find_references(context, runner.policy, repository)}


def _branch_references(runner: Runner, root: Path) -> set[int]:
    found: set[int] = set()
    for ref in git.branch_refs(root):
        context = BranchContext("git", _strip(ref), runner.policy.settings.branches.base, None, root)
        found |= {r.number for r in find_references(context, runner.policy, None) if r.source == "branch"}
    return found


def _names(values: list[str]) -> str:
    more = f" and {len(values) - _SHOWN} more" if len(values) > _SHOWN else ""
    return ", ".join(values[:_SHOWN]) + more


def _issues_item(planned: list[Planned]) -> Item:
    name = "case-study issues"
    open_ = [p for p in planned if p.missing]
    if open_:
        what = [f"#{p.issue.number} ({p.missing[0]}{'; ...' if len(p.missing) > 1 else ''})" for p in open_]
        return Item(name, WARN, f"{len(open_)} of {len(planned)} open case-study issues are not fully planned:"
                    f" {_names(what)}", "policycheck check-issue --number N says what each one lacks")
    return Item(name, PASS, f"{len(planned)} open case-study issue{'s' if len(planned) != 1 else ''}, all planned")


def _pulls_item(runner: Runner, repository: str, pulls: tuple[PullSummary, ...]) -> Item:
    name = "feature pull requests"
    features = [p for p in pulls if classify(p.head_ref, p.base_ref, p.title, runner.policy,
                                             from_fork=p.from_fork).kind == FEATURE]
    missing = sorted((p for p in features if not _references(runner, repository, p)), key=lambda p: p.number)
    if missing:
        return Item(name, WARN, f"{len(missing)} of {len(features)} open feature pull requests reference no"
                    f" case-study issue: {_names([f'#{p.number} ({p.head_ref})' for p in missing])}",
                    "add `Closes #N` (the case-study issue) to each body")
    return Item(name, PASS, f"{len(features)} open feature pull request{'s' if len(features) != 1 else ''},"
                " each with a case-study reference")


def _unstarted_item(complete: list[Planned], started: set[int]) -> Item:
    name = "planned issues without work"
    waiting = [p for p in complete if p.issue.number not in started]
    if waiting:
        return Item(name, WARN, f"{len(waiting)} planned case-study issues have no branch or pull request yet:"
                    f" {_names([f'#{p.issue.number}' for p in waiting])}",
                    "start a branch named after the issue (feature/N-name)")
    return Item(name, PASS, f"every planned case-study issue ({len(complete)}) has a branch or pull request")
