"""Facts (what a rule observes) and findings (a fact stamped with rule id and severity)."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

ERROR = "error"
WARNING = "warning"
SEVERITIES = (ERROR, WARNING)


@dataclass(frozen=True)
class Fact:
    """What a rule yields: a message at a 1-based position; the engine adds id and severity.

    `path` overrides the target's path when the fact is about another file (a report that
    names a broken config); `severity` lets one rule raise both errors and warnings where its
    docs say so (the policy's override still wins).
    """

    message: str
    line: int = 1
    column: int = 1
    hint: str | None = None
    path: str | None = None
    severity: str | None = None


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    path: str
    line: int
    column: int
    message: str
    hint: str | None = None
    waived: str | None = None  # the waiver's reason when a waiver covers this finding

    def waive(self, reason: str) -> Finding:
        return dataclasses.replace(self, waived=reason)

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.line, self.column, self.rule, self.message)

    def as_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "message": self.message,
            "hint": self.hint,
        }


@dataclass
class Report:
    """Everything one command found, handed to a reporter."""

    findings: list[Finding] = field(default_factory=list)
    files: int = 0
    subject: str = "file"  # what `files` counts, for the text summary ("branch" for branch checks)

    @property
    def active(self) -> list[Finding]:
        return [f for f in self.findings if f.waived is None]

    @property
    def waived(self) -> list[Finding]:
        return [f for f in self.findings if f.waived is not None]

    def count(self, severity: str) -> int:
        return sum(1 for f in self.active if f.severity == severity)

    def exit_code(self, strict: bool = False) -> int:
        if self.count(ERROR) or (strict and self.count(WARNING)):
            return 1
        return 0

    def extend(self, other: Report) -> None:
        self.findings.extend(other.findings)
        self.files += other.files
