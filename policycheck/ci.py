"""`policycheck ci`: one run of the runner for the GitHub Actions event that started the job.

What runs, by event (`GITHUB_EVENT_NAME`, the payload at `GITHUB_EVENT_PATH`):
- `pull_request` (opened, edited, synchronize, reopened, labeled, unlabeled): the configs and
  case studies the pull request changes (its file list from GitHub when online, else git's
  diff), and `check-branch` or `check-release` by the branch's class;
- `issues` (opened, edited, labeled) on an issue carrying a case-study label
  (`issues.labels`): `check-issue` on the payload's body;
- `push`: the files the push changes (every file for a new branch);
- `workflow_dispatch` and `schedule`: every config and case study the policy selects.
Other events and activity types check nothing, with a note. `checks` overrides the choice.

Under `pull_request_target` the work tree is the base repository's, so the pull request's
files are not checked from it, and the policy is read from the base commit; policycheck only
reads files, it never runs anything from a pull request. Whether a pull request comes from a
fork is the payload's word (`PullRequest.from_fork`).

`publish` writes what the runner reads: annotations (the `github` reporter) to stdout, the job
summary (the `markdown` reporter) appended to `GITHUB_STEP_SUMMARY`, the JSON report to a file
under `RUNNER_TEMP`, SARIF to the path asked for, and the outputs to `GITHUB_OUTPUT`, each
value between random delimiters (`name<<ghadelimiter_<uuid>`), so no value can set another.
"""
from __future__ import annotations

import json
import os
import tempfile
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from policycheck.branches.branch_check import check_branch
from policycheck.branches.classify import classify_context
from policycheck.branches.context import BranchContext, ContextOptions, resolve_context
from policycheck.branches.release_check import check_release
from policycheck.branches.targets import RELEASE
from policycheck.casestudy.issue import check_issue_text
from policycheck.errors import UsageError
from policycheck.findings import ERROR, ISSUE, WARNING, Location, Outcome, Report
from policycheck.pipeline import KINDS, check_files
from policycheck.policy import POLICY_FILENAME, Policy, default_policy_text, find_root, load_policy
from policycheck.reporters.github import AnnotationOptions, annotation_lines
from policycheck.reporters.json_report import as_document
from policycheck.reporters.markdown import summary
from policycheck.reporters.sarif import document
from policycheck.reporters.text import summary_line
from policycheck.reporters.workspace import DEFAULT_SERVER, GitHubRun
from policycheck.sources import git
from policycheck.sources.actions import ActionsEvent, read_event

if TYPE_CHECKING:  # the runner imports the pipeline this module uses
    from policycheck.runner import Runner

FILES, BRANCH, ISSUE_CHECK, ALL_FILES = "files", "branch", "issue", "all-files"
CHECKS = (FILES, BRANCH, ISSUE_CHECK, ALL_FILES)
PR_ACTIONS = ("opened", "edited", "synchronize", "reopened", "labeled", "unlabeled")
ISSUE_ACTIONS = ("opened", "edited", "labeled")
TARGET = "pull_request_target"
DEFAULT_POLICY_BYTES = 1048576  # a policy file larger than the default limits.max_file_bytes is not read


@dataclass
class CiPlan:
    """What the event asks for: the checks, and the changed files (absolute paths) that the
    annotations put first."""

    event: ActionsEvent
    checks: tuple[str, ...]
    changed: tuple[str, ...] = ()
    notes: list[str] = field(default_factory=list)


def read_ci_event(env: Mapping[str, str]) -> ActionsEvent:
    path, name = env.get("GITHUB_EVENT_PATH"), env.get("GITHUB_EVENT_NAME")
    if not path or not name:
        raise UsageError("policycheck ci runs inside GitHub Actions: GITHUB_EVENT_PATH and GITHUB_EVENT_NAME"
                         " must be set")
    return read_event(path, name)


def applicable_checks(event: ActionsEvent, policy: Policy) -> tuple[tuple[str, ...], str | None]:
    """The checks the event asks for, and why none when it asks for none."""
    action = event.action
    if event.name in ("pull_request", TARGET):
        if action is not None and action not in PR_ACTIONS:
            return (), f"{event.name} ({action}): nothing to check"
        return ((BRANCH,) if event.name == TARGET else (FILES, BRANCH)), None
    if event.name == "issues":
        if action is not None and action not in ISSUE_ACTIONS:
            return (), f"issues ({action}): nothing to check"
        labels = set(event.issue.labels if event.issue else ())
        if not labels & set(policy.settings.issues.labels):
            return (), "issues: not a case-study issue (no label of issues.labels); nothing to check"
        return (ISSUE_CHECK,), None
    if event.name == "push":
        return (FILES,), None
    if event.name in ("workflow_dispatch", "schedule"):
        return (ALL_FILES,), None
    return (), f"{event.name}: policycheck ci checks nothing on this event"


def ci_policy(event: ActionsEvent, explicit: str | None, cwd: Path) -> tuple[Policy, str | None]:
    """The run's policy; under `pull_request_target`, the one in the base commit (the work
    tree may hold what the pull request wrote: it is never read), and a note saying so."""
    pr = event.pull_request
    if event.name != TARGET or pr is None or not pr.base_sha:
        return load_policy(explicit, cwd), None
    root = git.toplevel(cwd) or find_root(cwd)
    name = Path(os.path.relpath(os.path.abspath(explicit), root)).as_posix() if explicit else POLICY_FILENAME
    raw = git.show_file(root, pr.base_sha, name, DEFAULT_POLICY_BYTES)
    where = f"{name} at the base commit {pr.base_sha[:12]}"
    folder = Path(tempfile.mkdtemp(prefix="policycheck-base-"))
    base_file = folder / "base-policy.yaml"  # not named .policycheck.yaml: the root stays the work tree
    base_file.write_bytes(raw if raw is not None else default_policy_text().encode("utf-8"))
    policy = load_policy(str(base_file), root)
    if raw is None:
        return policy, f"{TARGET}: no {where}: the default policy applies; the pull request's files are not" \
            " checked from the work tree, and nothing from the pull request runs"
    return policy, f"{TARGET}: the policy is {where}; the pull request's files are not checked from the work" \
        " tree, and nothing from the pull request runs"


def plan_checks(runner: Runner, event: ActionsEvent, checks: Sequence[str] | None) -> CiPlan:
    if checks:
        unknown = [c for c in checks if c not in CHECKS]
        if unknown:
            raise UsageError(f"--checks: unknown check {unknown[0]!r} (choose from {', '.join(CHECKS)})")
        return CiPlan(event, tuple(dict.fromkeys(checks)))
    chosen, why = applicable_checks(event, runner.policy)
    return CiPlan(event, chosen, notes=[why] if why else [])


def run_plan(runner: Runner, plan: CiPlan, cwd: Path, env: Mapping[str, str]) -> None:
    """Add every planned check's outcome to the runner."""
    context = branch_context(runner, cwd, env) if {FILES, BRANCH} & set(plan.checks) else None
    if FILES in plan.checks:
        plan.changed = tuple(str(runner.policy.root / p) for p in changed_files(runner, plan.event, context))
        check_paths(runner, plan.changed)
    if ALL_FILES in plan.checks:
        for kind in KINDS:
            runner.add(check_files(runner, kind, []))
    if BRANCH in plan.checks and context is not None:
        runner.add(branch_outcome(runner, context))
    if ISSUE_CHECK in plan.checks:
        runner.add(issue_outcome(runner, plan.event))
    if plan.notes:
        runner.add(Outcome(notes=list(plan.notes)))


def branch_context(runner: Runner, cwd: Path, env: Mapping[str, str]) -> BranchContext | None:
    """The branch context of a pull request or push; None for an event that has none."""
    options = ContextOptions(body_limit=runner.policy.max_file_bytes)
    return resolve_context(options, runner.policy.settings.branches.base, cwd, env)


def branch_outcome(runner: Runner, context: BranchContext) -> Outcome:
    """`check-release` for a release branch, else `check-branch`."""
    if classify_context(context, runner.policy).kind == RELEASE:
        return check_release(runner, context)
    return check_branch(runner, context)


def issue_outcome(runner: Runner, event: ActionsEvent) -> Outcome:
    issue = event.issue
    if issue is None:
        return Outcome(notes=["issue check: the event carries no issue; nothing checked"])
    name = f"{event.repository}#{issue.number}" if event.repository else f"issue #{issue.number}"
    return check_issue_text(runner, issue.body, Location(ISSUE, name))


def changed_files(runner: Runner, event: ActionsEvent, context: BranchContext | None) -> tuple[str, ...]:
    """The paths (relative to the root) the event changes: a pull request's file list from
    GitHub when online, else git's diff of the branch; a push's before..after."""
    pr = event.pull_request
    if pr is not None and pr.number and event.repository and runner.online:
        files = runner.github().pull_files(event.repository, pr.number)
        return tuple(f.path for f in files if f.status != "removed")
    if event.name == "push" and event.push_before and event.push_after:
        return git.changed_paths(runner.policy.root, event.push_before, event.push_after)
    if event.name == "push":
        return ()  # a new branch: nothing to compare with (see check_paths)
    if context is not None and context.changed_paths is not None:
        return context.changed_paths
    raise UsageError("cannot list the pull request's changes: give a token (the PR's file list) or fetch the"
                     " base branch")


def check_paths(runner: Runner, changed: Sequence[str]) -> None:
    """The configs and case studies among `changed` (absolute) that exist inside the root. A
    symlink out of the repository is checked too: the loader does not follow it and says so
    (`file-unreadable`), so that a pull request's link to a secret is a finding, not silence."""
    root = Path(os.path.abspath(runner.policy.root))
    paths = [p for p in changed if _inside(root, Path(p))]
    for kind in KINDS:
        if paths:
            runner.add(check_files(runner, kind, [os.path.relpath(p) for p in paths], filter_by_policy=True))


def _inside(root: Path, path: Path) -> bool:
    """A file, or a link to anything but a folder, at a path inside the root (wherever it leads)."""
    try:
        return Path(os.path.abspath(path)).is_relative_to(root) and not path.is_dir() and (
            path.is_symlink() or path.is_file())
    except OSError:
        return False


# --- what the runner reads ------------------------------------------------------------------

def github_run(event: ActionsEvent, env: Mapping[str, str], cwd: Path) -> GitHubRun:
    """Links at the pull request's head (GITHUB_SHA is the merge commit under pull_request)."""
    pr = event.pull_request
    return GitHubRun(workspace=env.get("GITHUB_WORKSPACE") or str(cwd),
                     repository=event.repository or env.get("GITHUB_REPOSITORY") or None,
                     sha=(pr.head_sha if pr else None) or env.get("GITHUB_SHA") or None,
                     server_url=(env.get("GITHUB_SERVER_URL") or DEFAULT_SERVER).rstrip("/"))


def publish(report: Report, plan: CiPlan, run: GitHubRun, env: Mapping[str, str], stdout: TextIO,
            strict: bool, sarif: str | None) -> dict[str, str]:
    """Annotations, summary, report files and outputs; returns the outputs."""
    diff = frozenset(run.relpath(p) for p in plan.changed)
    for line in annotation_lines(report, run, AnnotationOptions(diff_files=diff)):
        stdout.write(line + "\n")
    stdout.write(summary_line(report) + "\n")
    _append(env.get("GITHUB_STEP_SUMMARY"), summary(report, run, strict=strict))
    report_json = _report_file(env)
    report_json.write_text(json.dumps(as_document(report), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    if sarif:
        Path(sarif).write_text(json.dumps(document(report, run), indent=2, ensure_ascii=False) + "\n",
                               encoding="utf-8")
    outputs = {"result": "fail" if report.exit_code(strict) else "pass", "errors": str(report.count(ERROR)),
               "warnings": str(report.count(WARNING)), "waived": str(len(report.waived)),
               "report-json": str(report_json), "sarif-file": sarif or ""}
    _append(env.get("GITHUB_OUTPUT"), output_text(outputs))
    return outputs


def _report_file(env: Mapping[str, str]) -> Path:
    folder = Path(env.get("RUNNER_TEMP") or tempfile.gettempdir())
    return folder / f"policycheck-report-{uuid.uuid4().hex[:12]}.json"


def output_text(outputs: Mapping[str, str]) -> str:
    """`name<<DELIM`, the value, `DELIM` per output: the multi-line form, with a delimiter no
    value contains (as @actions/core writes it)."""
    parts = []
    for name, value in outputs.items():
        delimiter = f"ghadelimiter_{uuid.uuid4()}"
        parts.append(f"{name}<<{delimiter}\n{value}\n{delimiter}\n")
    return "".join(parts)


def _append(path: str | None, text: str) -> None:
    if path:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(text)
