"""Repository health: every config passes check-config, every report check-case-study, and the
policy's waivers with their reasons and expiry (an expired waiver is flagged)."""
from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from policycheck.audit.items import FAIL, PASS, SKIP, WARN, Item
from policycheck.findings import Finding
from policycheck.pipeline import check_files
from policycheck.policy import Policy
from policycheck.runner import Runner

_FIX = {"config": "policycheck check-config (policycheck fix repairs what it can)",
        "case-study": "policycheck check-case-study (policycheck fix repairs what it can)"}
_NAMES = {"config": "configs", "case-study": "case-study reports"}


@dataclass(frozen=True)
class WaiverRow:
    rule: str
    path: str
    reason: str
    expires: datetime.date
    expired: bool

    def to_json(self) -> dict[str, Any]:
        return {"rule": self.rule, "path": self.path, "reason": self.reason,
                "expires": self.expires.isoformat(), "expired": self.expired}


def files_item(runner: Runner, kind: str) -> Item:
    """Every file of `kind` the policy selects, checked as its command checks it."""
    outcome = runner.add(check_files(runner, kind, []))
    count = outcome.checked["file"]
    if not count:
        return Item(_NAMES[kind], SKIP, f"the policy's {kind} globs select no file under {runner.policy.root}")
    failing = _files(runner.blocking(outcome.findings))
    if failing:
        shown = ", ".join(failing[:3]) + (f" and {len(failing) - 3} more" if len(failing) > 3 else "")
        return Item(_NAMES[kind], FAIL, f"{len(failing)} of {count} files have errors: {shown}", _FIX[kind])
    return Item(_NAMES[kind], PASS, f"{count} file{'s' if count != 1 else ''} checked, no errors")


def _files(findings: list[Finding]) -> list[str]:
    return list(dict.fromkeys(f.path for f in findings))


def waiver_rows(policy: Policy, today: datetime.date) -> list[WaiverRow]:
    return [WaiverRow(w.rule, w.path, w.reason, w.expires, w.expired(today)) for w in policy.waivers]


def waivers_item(rows: list[WaiverRow]) -> Item:
    expired = [row for row in rows if row.expired]
    if expired:
        names = ", ".join(f"{row.rule} on {row.path!r} ({row.expires.isoformat()})" for row in expired)
        return Item("waivers", WARN, f"{len(expired)} of {len(rows)} expired: {names}",
                    "fix what they covered, or renew them in the policy with a new expiry date")
    return Item("waivers", PASS, f"{len(rows)} waiver{'s' if len(rows) != 1 else ''}, none expired")
