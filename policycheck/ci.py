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

import dataclasses
import json
import os
import tempfile
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from policycheck.branches.branch_check import check_branch
from policycheck.branches.classify import classify_context
from policycheck.branches.context import BranchContext, ContextOptions, resolve_context
from policycheck.branches.release_check import check_release
from policycheck.branches.targets import RELEASE
from policycheck.casestudy import scaffold
from policycheck.casestudy.issue import check_issue_text
from policycheck.comment import NewFile, PullTarget, needs_report, post
from policycheck.errors import GitHubError, PolicyError, UsageError
from policycheck.findings import ERROR, ISSUE, WARNING, Location, Outcome, Report
from policycheck.pipeline import KINDS, check_files
from policycheck.policy import POLICY_FILENAME, Policy, builtin_policy, find_root, load_policy, policy_from_text
from policycheck.reporters.github import AnnotationOptions, annotation_lines
from policycheck.reporters.json_report import as_document, from_document
from policycheck.reporters.markdown import escape, summary
from policycheck.reporters.sarif import document
from policycheck.reporters.text import summary_line
from policycheck.reporters.workspace import DEFAULT_SERVER, GitHubRun
from policycheck.rules import RULES
from policycheck.schemas import validator
from policycheck.sources import git
from policycheck.sources.actions import ActionsEvent, read_event, valid_repository

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
    context: BranchContext | None = None  # the branch or release checked, when one was
    refreshed: bool = False  # the pull request was re-read from GitHub (a re-run)


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
    untouched = "the pull request's files are not checked from the work tree, and nothing from the pull request runs"
    if raw is None:
        return builtin_policy(root), f"{TARGET}: no {where}: the default policy applies; {untouched}"
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise PolicyError(name, f"not UTF-8 text at the base commit {pr.base_sha[:12]}") from None
    # Parsed in memory: findings anchor at the work tree's path of the file (where GitHub can
    # place them), while its text is the base commit's.
    return policy_from_text(text, str(root / name), root), f"{TARGET}: the policy is {where}; {untouched}"


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
    context = None
    if {FILES, BRANCH} & set(plan.checks):
        refresh_pull_request(runner, plan, cwd, env)
        context = plan.context = branch_context(runner, plan, cwd, env)
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


def refresh_pull_request(runner: Runner, plan: CiPlan, cwd: Path, env: Mapping[str, str]) -> None:
    """On a re-run (`GITHUB_RUN_ATTEMPT` > 1) the payload is the first attempt's, written before
    any later edit of the title or body: read the pull request again (one request) and use it.
    A new head that this clone does not have is not checked: the checked-out head is."""
    pr, repository = plan.event.pull_request, plan.event.repository
    if pr is None or not pr.number or not repository or not runner.online or run_attempt(env) < 2:
        return
    fresh = runner.github().pull(repository, pr.number)
    note = f"re-run (attempt {run_attempt(env)}): pull request #{pr.number} re-read from GitHub"
    if fresh.head_sha != pr.head_sha and not _known_commit(cwd, fresh.head_sha):
        note += (f"; its head {(fresh.head_sha or '?')[:12]} is not in this clone, so the checked-out head"
                 f" {(pr.head_sha or '?')[:12]} is checked")
        fresh = dataclasses.replace(fresh, head_sha=pr.head_sha)
    plan.event = dataclasses.replace(plan.event, pull_request=fresh)
    plan.refreshed = True
    plan.notes.append(note)


def run_attempt(env: Mapping[str, str]) -> int:
    try:
        return int(env.get("GITHUB_RUN_ATTEMPT") or 1)
    except ValueError:
        return 1


def _known_commit(cwd: Path, sha: str | None) -> bool:
    root = git.toplevel(cwd)
    return bool(root and sha and git.resolve(root, sha))


def branch_context(runner: Runner, plan: CiPlan, cwd: Path, env: Mapping[str, str]) -> BranchContext | None:
    """The branch context of a pull request or push; None for an event that has none. A pull
    request re-read from GitHub (`refresh_pull_request`) overrides the payload's title, body, labels,
    branches and head."""
    options = ContextOptions(body_limit=runner.policy.max_file_bytes)
    pr = plan.event.pull_request
    if pr is None or not plan.refreshed:
        return resolve_context(options, runner.policy.settings.branches.base, cwd, env)
    fresh = dataclasses.replace(options, branch=pr.head_ref, base=pr.base_ref, head=pr.head_sha, title=pr.title,
                                labels=pr.labels, pr_number=pr.number)
    return dataclasses.replace(resolve_context(fresh, runner.policy.settings.branches.base, cwd, env), body=pr.body)


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


FORK_NOTE = ("comment: skipped: a pull request from a fork gets a read-only token; the workflow_run recipe"
             " (docs/workflows/pr-comment.yml) posts the comment from the base repository")


def comment_on_pull(runner: Runner, report: Report, plan: CiPlan, run: GitHubRun, env: Mapping[str, str],
                    strict: bool) -> str:
    """Post or edit the comment (`policycheck.comment`); a note saying what was done or why
    not. A skipped or failed comment is also said in the job summary; the verdict stands."""
    pr, repository = plan.event.pull_request, plan.event.repository
    if pr is None or not pr.number or not repository:
        return "comment: not a pull request event; no comment"
    if pr.from_fork:  # the payload's word, not a 403: a fork's token cannot write
        return _in_summary(env, FORK_NOTE)
    if not runner.online:
        return _in_summary(env, "comment: skipped: no GitHub token (or --offline)")
    target = PullTarget(repository, pr.number, pr.head_repository, pr.head_ref)
    try:
        return post(runner.github(), target, report, run, release_skeleton(runner, plan.context, report), strict)
    except GitHubError as exc:
        return _in_summary(env, f"comment: not posted: {exc}")


def release_skeleton(runner: Runner, context: BranchContext | None, report: Report) -> NewFile | None:
    """The report `policycheck new case-study` would write, when a release lacks its report."""
    if context is None or not needs_report(report):
        return None
    version = classify_context(context, runner.policy).version
    if not version:
        return None
    path, text = scaffold.skeleton(runner.policy, version, f"v{version} case study", None)
    return NewFile(Path(os.path.relpath(path, runner.policy.root)).as_posix(), text)


def _in_summary(env: Mapping[str, str], note: str) -> str:
    _append(env.get("GITHUB_STEP_SUMMARY"), f"\n> policycheck {escape(note)}\n")
    return note


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


# --- the comment from a saved report (the workflow_run recipe) ---------------------------------

MAX_SAVED_REPORT = 32 * 1024 * 1024  # what `publish` writes is far smaller; the file is input


def comment_from_report(runner: Runner, path: str, number: int, head_sha: str | None,
                        env: Mapping[str, str], cwd: Path) -> str:
    """Post or edit pull request `number`'s comment from a JSON report that an earlier run of
    `policycheck ci` saved, without checking anything: the `workflow_run` job of the base
    repository that comments for a fork's pull request. The report and the number come from the
    fork's run, so they are input: the report must match the findings schema, and with
    `head_sha` (the workflow run's) the pull request's head must be that commit."""
    repository = env.get("GITHUB_REPOSITORY") or ""
    if not valid_repository(repository):
        raise UsageError("--comment-from: GITHUB_REPOSITORY must name the repository (OWNER/NAME)")
    report = load_saved_report(path)
    pull = runner.github().pull(repository, number)
    if head_sha and pull.head_sha != head_sha:
        raise UsageError(f"--comment-from: pull request #{number}'s head is {(pull.head_sha or '?')[:12]}, not"
                         f" {head_sha[:12]}: the report is not about it, so nothing is posted")
    run = GitHubRun(workspace=str(cwd), repository=repository, sha=pull.head_sha,
                    server_url=(env.get("GITHUB_SERVER_URL") or DEFAULT_SERVER).rstrip("/"))
    target = PullTarget(repository, number, pull.head_repository, pull.head_ref)
    return post(runner.github(), target, report, run)


def load_saved_report(path: str) -> Report:
    """The Report a `--format json` document describes (what the comment needs of it)."""
    document = _saved_document(path)
    unknown = next((i["rule"] for i in [*document["findings"], *document.get("waived", [])]
                    if RULES.get(i["rule"]) is None), None)
    if unknown is not None:  # a rule id goes into the comment's headings as it is
        raise UsageError(f"--comment-from {path}: not a policycheck JSON report: unknown rule {unknown[:80]!r}")
    return from_document(document)


def _saved_document(path: str) -> dict[str, Any]:
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_SAVED_REPORT + 1)
        document = json.loads(raw) if len(raw) <= MAX_SAVED_REPORT else None
    except (OSError, ValueError, RecursionError) as exc:
        raise UsageError(f"--comment-from {path}: cannot read the report: {exc}") from None
    if document is None:
        raise UsageError(f"--comment-from {path}: the report is over {MAX_SAVED_REPORT} bytes")
    error = next(iter(validator("findings").iter_errors(document)), None)
    if error is not None or not isinstance(document, dict):
        raise UsageError(f"--comment-from {path}: not a policycheck JSON report: {getattr(error, 'message', '')[:200]}")
    return document
