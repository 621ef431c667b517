"""The planning-phase check of a case-study issue body (`check-issue`, and `check-branch` online).

The body (a GitHub issue's Markdown; None or "" is an empty body) is parsed into the
case-study document model and checked by every rule with TARGET "issue": the policy's
`issues.sections` (the planning phase's required information) present, not empty, not
placeholder text; inline waivers apply as in reports. Each function is a check on the
command's `Runner` and returns an `Outcome` (one issue checked); the runner finalizes.
Never raises on odd input: a body that cannot be used is a finding.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import IO, TYPE_CHECKING

from policycheck import engine
from policycheck.checking import CheckContext
from policycheck.errors import UsageError
from policycheck.findings import FILE, ISSUE, Fact, Finding, Location, Outcome
from policycheck.loaders import LoadFailure
from policycheck.loaders.body import BodyFailure, read_stream
from policycheck.loaders.files import read_text
from policycheck.markdown.target import make_target
from policycheck.pipeline import apply_inline_waivers
from policycheck.rules import rules_for

if TYPE_CHECKING:
    from policycheck.runner import Runner

def check_issue_text(runner: Runner, body: str | None, where: Location,
                     notes: Iterable[tuple[str, Fact]] = ()) -> Outcome:
    """The issue rules' findings on `body`, inline waivers applied. `notes` are findings
    from loading the body (a byte order mark), reported with it."""
    policy = runner.policy
    body = body or ""
    size = len(body.encode("utf-8", "surrogatepass"))
    if size > policy.max_file_bytes:
        return _one_finding(runner, _too_large_fact(size, policy.max_file_bytes), where)
    loaded = [f for rule, fact in notes if (f := engine.stamp(rule, fact, where, policy))]
    ctx = CheckContext(policy, where.name, where.name, runner)
    try:
        target = make_target(body.lstrip("\ufeff"), where.name, ctx, "issues")
    except LoadFailure as failure:  # more Markdown than an issue could hold (markdown.target)
        return _one_finding(runner, (failure.rule, failure.fact), where)
    findings = loaded + engine.run_rules(rules_for("issue"), target, ctx, where)
    return Outcome(apply_inline_waivers(target, findings), Counter(issue=1))


def planning_errors(runner: Runner, body: str | None, name: str) -> list[Finding]:
    """The blocking findings of check-issue on an issue (a branch's case-study issue)."""
    return runner.blocking(check_issue_text(runner, body, Location(ISSUE, name)).findings)


def check_issue_file(runner: Runner, path: str) -> Outcome:
    """`check-issue --body-file FILE`: the file is read as `check-case-study` reads a report:
    binary or invalid UTF-8 is a `file-encoding` finding, a BOM a warning, an oversized file
    `file-too-large` with its real size. A path that is no readable file is a usage error
    (the command line names it)."""
    try:
        text = read_text(path, runner.policy.max_file_bytes, runner.policy.read_roots)
    except LoadFailure as failure:
        if failure.rule == "file-unreadable":
            raise UsageError(f"{path}: {failure.fact.message}") from None
        return _one_finding(runner, (failure.rule, failure.fact), Location(FILE, path))
    return check_issue_text(runner, text.text, Location(FILE, path), text.notes)


def check_issue_stream(runner: Runner, stream: IO[bytes], name: str = "<stdin>") -> Outcome:
    """`check-issue --body-file -`: standard input, held in memory and checked exactly as a
    file would be (`loaders.body`): encoding and size are findings."""
    where = Location(ISSUE, name)
    try:
        text = read_stream(stream, runner.policy.max_file_bytes)
    except BodyFailure as failure:
        if failure.size is not None:  # the real size, never the bytes read before giving up
            return _one_finding(runner, _too_large_fact(failure.size, runner.policy.max_file_bytes), where)
        return _one_finding(runner, (failure.rule, failure.fact), where)
    return check_issue_text(runner, text.text, where, text.notes)


def _too_large_fact(size: int, limit: int) -> tuple[str, Fact]:
    """The real size, never the number of bytes read before giving up."""
    message = f"issue body is {size} bytes, over the policy's limit of {limit} bytes"
    hint = "raise limits.max_file_bytes in the policy file if this size is intended"
    return "file-too-large", Fact(message, hint=hint)


def _one_finding(runner: Runner, rule_fact: tuple[str, Fact], where: Location) -> Outcome:
    finding = engine.stamp(rule_fact[0], rule_fact[1], where, runner.policy)
    return Outcome([finding] if finding else [], Counter(issue=1))


def fetch_issue_body(runner: Runner, repository: str, number: int) -> tuple[str, str]:
    """An issue's body from GitHub and how findings name it (`owner/name#N`)."""
    if not runner.online:
        raise UsageError("--number reads the issue from GitHub: set GITHUB_TOKEN or GH_TOKEN, or pass --token")
    issue = runner.github().issue(repository, number)
    if issue.is_pull_request:
        raise UsageError(f"#{number} in {repository} is a pull request, not a case-study issue")
    return issue.body, f"{repository}#{number}"
