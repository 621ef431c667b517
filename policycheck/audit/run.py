"""The audit's parts, in order, on one Runner: health, this release, schedule, history.

Parts that need git history are skipped, with the reason, where the audited folder is not
the root of a git repository of its own (a bundled example inside another project's clone).
"""
from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from policycheck.audit import health, history, pipeline, release, schedule
from policycheck.audit.items import FAIL, PASS, SKIP, Item
from policycheck.audit.report import Audit
from policycheck.branches.context import BranchContext
from policycheck.runner import Runner
from policycheck.sources import git


@dataclass(frozen=True)
class AuditOptions:
    now: datetime.datetime
    release: str | None = None  # --release X.Y.Z
    history_only: bool = False  # --history
    since: str | None = None  # --since X.Y.Z
    repository: str | None = None  # owner/name on GitHub, for the online parts
    progress: Callable[[str], None] | None = None  # told what is being asked of GitHub (a TTY's stderr)


def no_history(root: Path) -> str:
    """Why `root` has no git history of its own, or "" when it is a repository's top level."""
    top = git.toplevel(root)
    if top is None:
        return f"{root} is not in a git repository"
    if top.resolve() != root.resolve():
        return f"{root} has no git history of its own (it lies inside the repository at {top})"
    return ""


def base_commit(root: Path, base: str) -> str | None:
    for ref in (f"refs/remotes/origin/{base}", f"refs/heads/{base}"):
        found = git.resolve(root, ref)
        if found:
            return found
    return None


def run_audit(runner: Runner, options: AuditOptions) -> Audit:
    policy = runner.policy
    root = policy.root
    no_git = no_history(root)
    base = None if no_git else base_commit(root, policy.settings.branches.base)
    if not no_git and base is None:
        no_git = f"the base branch {policy.settings.branches.base!r} is not in this clone"
    audit = Audit(now=options.now, timezone=policy.settings.schedule.timezone)
    if no_git:
        audit.skipped.append(f"release, features and history: {no_git}")
    if options.history_only:
        audit.history = history.release_history(root, policy, base, options.since) if base else None
        return audit
    audit.items += [health.files_item(runner, "config"), health.files_item(runner, "case-study")]
    audit.waivers = health.waiver_rows(policy, runner.today)
    audit.items.append(health.waivers_item(audit.waivers))
    context = None
    if base:
        choice = release.choose_release(root, policy, base, options.release)
        audit.release = choice.version
        context = release.release_context(root, policy, choice)
        audit.items += [release.report_item(runner, choice, context),
                        release.features_item(root, policy, choice, context)]
        audit.history = history.release_history(root, policy, base, options.since)
    if runner.online and options.repository:
        if options.progress:
            options.progress(f"reading the issues and pull requests of {options.repository} from GitHub")
        audit.items += pipeline.pipeline_items(runner, options.repository, None if no_git else root)
        if options.progress:
            options.progress("")
    else:
        why = "offline (--offline, or no GitHub token)" if not runner.online else "no GitHub repository (pass --repo)"
        audit.skipped.append(f"pipeline (case-study issues and pull requests on GitHub): {why}")
    audit.deadlines = schedule.deadlines(policy.settings.schedule, options.now)
    audit.items.append(schedule_item(audit, context))
    return audit


def schedule_item(audit: Audit, context: BranchContext | None) -> Item:
    """Overdue: the release still fails and a release time has passed since its branch began."""
    deadlines = audit.deadlines
    assert deadlines is not None
    if deadlines.next_release is None:
        return Item("schedule", SKIP, "the policy's schedule names no release day")
    blocked = any(item.status == FAIL and item.check == "release report" for item in audit.items)
    started = min((c.timestamp for c in context.commits), default=None) if context else None
    last = deadlines.last_release
    if blocked and started is not None and last is not None and last.timestamp() > started:
        return Item("schedule", FAIL, f"v{audit.release} missed the release of {last:%a %Y-%m-%d %H:%M %Z}"
                    f" and is still not ready", "fix the blocking items above before the next release")
    left = schedule.describe_left(deadlines.left(deadlines.next_release))
    return Item("schedule", PASS, f"next release {deadlines.next_release:%a %Y-%m-%d %H:%M %Z} ({left} left)")
