"""One line of the audit's scorecard: a check, its status, why, and how to fix it."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

PASS, FAIL, WARN, SKIP = "pass", "fail", "warn", "skip"
_ORDER = {FAIL: 0, WARN: 1, PASS: 2, SKIP: 3}  # blocking items first


@dataclass(frozen=True)
class Item:
    check: str
    status: str  # pass, fail (blocks the release), warn, skip (could not be checked here)
    reason: str
    fix: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"check": self.check, "status": self.status, "reason": self.reason, "fix": self.fix}


def ordered(items: list[Item]) -> list[Item]:
    """Blocking items first, then warnings, passes and skipped checks (stable within each)."""
    return sorted(items, key=lambda item: _ORDER[item.status])
