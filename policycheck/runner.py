"""The check runner: one per command invocation, from checks to one finalized report.

Every command is: options -> `Runner` -> checks -> `Runner.finalize` -> reporter -> exit code.
The runner owns what a run shares: the policy, today's date in the policy's time zone (when
waivers expire), the memo of nested config checks, and the GitHub client. A check (the files
of a kind, an issue body, a branch, a release) returns an `Outcome`: its findings, what it
checked counted by subject, and notes for stderr. No check finalizes: `finalize` applies the
policy's waivers, reports each expired waiver once, sorts, and counts, once per run. A check
nested in another (a report's configs, a branch's issue, a release's reports) asks the runner
for the findings that block through `blocking`.
"""
from __future__ import annotations

import dataclasses
import datetime
import os
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from policycheck import engine
from policycheck.findings import BY_CHECK, BY_POLICY, ERROR, FILE, INLINE, Finding, Outcome, Report, WaiverSource
from policycheck.pipeline import KINDS, check_file
from policycheck.policy import Policy, Waiver
from policycheck.rules import RULES

if TYPE_CHECKING:
    from policycheck.sources.github import GitHubClient, GitHubSettings


class Runner:
    def __init__(self, policy: Policy, github: GitHubSettings | None = None, offline: bool = False,
                 today: datetime.date | None = None) -> None:
        self.policy = policy
        self.github_settings = github
        self.offline = offline
        self._today = today
        self._config_errors: dict[str, list[Finding]] = {}
        self._client: GitHubClient | None = None
        self._outcomes: list[Outcome] = []

    @property
    def today(self) -> datetime.date:
        """Today in the policy's time zone, found when a waiver first needs it (a policy with
        no waivers never loads the time-zone database)."""
        if self._today is None:
            self._today = engine.policy_today(self.policy)
        return self._today

    def _waived(self, findings: Iterable[Finding]) -> list[Finding]:
        if not self.policy.waivers:
            return list(findings)
        return engine.apply_waivers(findings, self.policy, self.today)

    # --- running checks ----------------------------------------------------------------

    def add(self, outcome: Outcome) -> Outcome:
        """Take a check's outcome into this run's report."""
        self._outcomes.append(outcome)
        return outcome

    def blocking(self, findings: Iterable[Finding]) -> list[Finding]:
        """The findings that block (errors no waiver covers) of a nested check: its verdict,
        with the policy's waivers applied as the run's own report will apply them."""
        return [f for f in self._waived(findings) if f.severity == ERROR and f.waived is None]

    def config_errors(self, path: str) -> list[Finding]:
        """The blocking findings of check-config on `path` (a config a report or issue names),
        once per run however many documents name it."""
        key = os.path.realpath(path)
        if key not in self._config_errors:
            self._config_errors[key] = self.blocking(check_file(self, KINDS["config"], path))
        return self._config_errors[key]

    # --- GitHub ------------------------------------------------------------------------

    @property
    def online(self) -> bool:
        """Whether this run may ask GitHub: a token, and no --offline."""
        return not self.offline and self.github_settings is not None and self.github_settings.online

    def github(self) -> GitHubClient:
        """The run's one GitHub client (its cache and rate-limit state are shared)."""
        if self._client is None:
            from policycheck.sources.github import GitHubClient  # the PyGithub gateway: only online

            assert self.github_settings is not None, "github() called on a run without GitHub settings"
            self._client = GitHubClient(self.github_settings)
        return self._client

    # --- the end of the run --------------------------------------------------------------

    def finalize(self) -> Report:
        """The run's report: waivers applied, expired waivers once, sorted, counted; who waived
        each waived finding, and the anchor of each rule with non-file findings."""
        report = Report()
        for outcome in self._outcomes:
            report.findings.extend(outcome.findings)
            report.checked.update(outcome.checked)
            report.notes.extend(outcome.notes)
        waived_by_check = {f for f in report.findings if f.waived is not None}
        findings = self._waived(report.findings)
        if self.policy.waivers:
            findings.extend(engine.expired_waivers(self.policy, self.today))
        report.findings = sorted(findings, key=Finding.sort_key)
        report.waivers = {f: self._waiver_source(f, f in waived_by_check) for f in report.waived}
        report.anchors = {f.rule: self.policy.anchor(f.rule, _target(f.rule))
                          for f in report.findings if not f.location.is_file}
        return report

    def _waiver_source(self, finding: Finding, by_check: bool) -> WaiverSource:
        if by_check:  # a Markdown comment in the finding's own file, or a label or an issue's comment
            return WaiverSource(INLINE if finding.location.kind == FILE else BY_CHECK)
        waiver = self._policy_waiver(finding)
        return WaiverSource(BY_POLICY, waiver.expires if waiver else None)

    def _policy_waiver(self, finding: Finding) -> Waiver | None:
        """The policy waiver that covers `finding`: the first the engine would apply alone."""
        bare = dataclasses.replace(finding, waived=None)
        for waiver in self.policy.waivers:
            alone = dataclasses.replace(self.policy, waivers=[waiver])
            if engine.apply_waivers([bare], alone, self.today)[0].waived is not None:
                return waiver
        return None


def _target(rule: str) -> str:
    """What a rule checks (its anchor's policy section); "" for an id the registry lacks."""
    module = RULES.get(rule)
    return module.TARGET if module else ""


def run_checks(runner: Runner, checks: Iterable[Callable[[Runner], Outcome]]) -> Report:
    """Run each check on the runner and finalize once."""
    for check in checks:
        runner.add(check(runner))
    return runner.finalize()
