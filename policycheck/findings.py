"""Facts (what a rule observes), locations (what a finding is about), findings (a fact stamped
with rule id and severity) and the report one command hands to a reporter."""
from __future__ import annotations

import dataclasses
import datetime
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # an annotation only: the edits load with the rules that make them
    from policycheck.edits import Edit


ERROR = "error"
WARNING = "warning"
SEVERITIES = (ERROR, WARNING)

# What a finding is about. Only FILE and POLICY locations are files on disk; the others name a
# subject (a branch, a commit, a pull request's body, an issue) and have a line and column
# within its text where that text exists.
FILE, BRANCH, COMMIT, PR_BODY, ISSUE, POLICY = "file", "branch", "commit", "pr-body", "issue", "policy"
LOCATION_KINDS = (FILE, BRANCH, COMMIT, PR_BODY, ISSUE, POLICY)
_PREFIXED = {BRANCH: "branch:", COMMIT: "commit:"}  # how the text output names them


@dataclass(frozen=True)
class Location:
    """Where a finding is. `name` is a file's path as the user named it, a branch name, a
    commit id, a body's name (`pull/12/body`, `<stdin>`) or an issue (`owner/name#12`)."""

    kind: str
    name: str
    line: int = 1
    column: int = 1
    end_line: int | None = None
    end_column: int | None = None

    @property
    def is_file(self) -> bool:
        return self.kind in (FILE, POLICY)

    def display(self) -> str:
        """The one way a location is shown: a checked file as the user or pre-commit named it,
        the policy file relative to the working directory when below it, a branch or commit
        with its kind as a prefix, a body or an issue by its name."""
        if self.kind == POLICY:
            return display_path(self.name)
        return _PREFIXED.get(self.kind, "") + self.name

    def at(self, line: int, column: int, end_line: int | None = None, end_column: int | None = None) -> Location:
        return dataclasses.replace(self, line=max(1, line), column=max(1, column), end_line=end_line,
                                   end_column=end_column)


def display_path(path: str, base: str | None = None) -> str:
    """`path` relative to `base` (default: the working directory) when it lies below it;
    otherwise unchanged."""
    relative = os.path.relpath(path, base or os.getcwd())
    return path if relative.startswith("..") else relative


def file_location(path: str) -> Location:
    return Location(FILE, path)


@dataclass(frozen=True)
class Fact:
    """What a rule yields: a message at a 1-based position; the engine adds id and severity.

    `path` names another place than the target's own when the fact is about it (a report that
    names a broken config: a file path; a branch rule pointing into a commit message: a
    Location). `severity` lets one rule raise both errors and warnings where its docs say so
    (the policy's override still wins). `key` is a stable detail for the finding's identity
    when the message embeds something that moves (a line number, a count). `fix` is the
    edit that repairs it, when the rule can (`policycheck fix`).
    """

    message: str
    line: int = 1
    column: int = 1
    hint: str | None = None
    path: str | Location | None = None
    severity: str | None = None
    end_line: int | None = None
    end_column: int | None = None
    key: str | None = None
    fix: Edit | None = None


# "first defined at line 3", "(line 4, column 2)", "at 12:5": positions a message may embed,
# which must not change a finding's identity when lines move.
_POSITION = re.compile(r"\b(?:lines?|columns?|col)\s+\d+|\b\d+:\d+\b")


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    location: Location
    message: str
    hint: str | None = None
    waived: str | None = None  # the waiver's reason when a waiver covers this finding
    key: str | None = None  # the fact's stable detail, when it gave one
    fix: Edit | None = None  # the fact's repair, when its rule can make one

    @property
    def path(self) -> str:
        """The location as the text and JSON outputs name it."""
        return self.location.display()

    @property
    def line(self) -> int:
        return self.location.line

    @property
    def column(self) -> int:
        return self.location.column

    def waive(self, reason: str) -> Finding:
        return dataclasses.replace(self, waived=reason)

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.line, self.column, self.rule, self.message)

    def identity(self) -> str:
        """A line-independent key: rule, subject and a stable detail (SARIF fingerprints)."""
        detail = self.key if self.key is not None else _POSITION.sub("#", self.message)
        return "\x1f".join((self.rule, self.location.kind, self.location.name, detail))

    @classmethod
    def from_dict(cls, item: dict[str, object]) -> Finding:
        """The finding `as_dict` wrote (a saved JSON report's entry; its fix is not kept)."""
        kind = str(item.get("kind") or FILE)
        location = Location(kind, str(item["path"]).removeprefix(_PREFIXED.get(kind, "")), int(str(item["line"])),
                            int(str(item["column"])), _number(item.get("end_line")), _number(item.get("end_column")))
        hint = item.get("hint")
        return cls(str(item["rule"]), str(item["severity"]), location, str(item["message"]),
                   hint if isinstance(hint, str) else None)

    def as_dict(self) -> dict[str, object]:
        location = self.location
        return {
            "rule": self.rule,
            "severity": self.severity,
            "path": self.path,
            "line": location.line,
            "column": location.column,
            "end_line": location.end_line,
            "end_column": location.end_column,
            "kind": location.kind,
            "message": self.message,
            "hint": self.hint,
            **({"fix": self.fix.as_dict()} if self.fix is not None else {}),
        }


def _number(value: object) -> int | None:
    return value if isinstance(value, int) else None


@dataclass(eq=False, repr=False)
class Outcome:
    """What one check found (`policycheck.runner`): findings before the policy's waivers,
    what it checked counted by subject, and notes for stderr."""

    findings: list[Finding] = field(default_factory=list)
    checked: Counter[str] = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)


# What a run counts, by subject, in the order a summary names them.
SUBJECTS = ("file", "branch", "issue")

# Who waived a finding (`Report.waivers`): a `waivers` entry of the policy file, a comment in the
# finding's own file (a Markdown waiver), or the check itself (a pull request label, a waiver
# comment in an issue's text fetched from GitHub).
BY_POLICY, INLINE, BY_CHECK = "policy", "inline", "check"
# Where a non-file finding is shown when the run recorded no anchor for its rule (a report built
# by hand): where a policy file would be, as `Policy.anchor` says for the built-in policy.
_FALLBACK_ANCHOR = Location(POLICY, ".policycheck.yaml")


class WaiverSource(NamedTuple):
    """How a waived finding was waived: `kind` is BY_POLICY (with the waiver's expiry), INLINE
    or BY_CHECK."""

    kind: str
    expires: datetime.date | None = None


@dataclass(eq=False, repr=False)
class Report:
    """Everything one command found, handed to a reporter: findings, what was checked counted
    by subject (files, branches, issues), and notes for stderr."""

    findings: list[Finding] = field(default_factory=list)
    checked: Counter[str] = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)
    # For channels that need a real file (annotations, SARIF): the anchor of each rule that has
    # non-file findings (`Policy.anchor`), set by `Runner.finalize`.
    anchors: dict[str, Location] = field(default_factory=dict)
    waivers: dict[Finding, WaiverSource] = field(default_factory=dict)  # who waived each waived finding
    command: str | None = None  # the command that ran (`check-config`), when a command ran it

    @property
    def files(self) -> int:
        return self.checked["file"]

    @property
    def active(self) -> list[Finding]:
        return [f for f in self.findings if f.waived is None]

    @property
    def waived(self) -> list[Finding]:
        return [f for f in self.findings if f.waived is not None]

    def count(self, severity: str) -> int:
        return sum(1 for f in self.active if f.severity == severity)

    def anchor(self, finding: Finding) -> Location:
        """A real file for `finding`: its own location for a file finding, else its rule's anchor."""
        if finding.location.is_file:
            return finding.location
        return self.anchors.get(finding.rule, _FALLBACK_ANCHOR)

    def exit_code(self, strict: bool = False) -> int:
        if self.count(ERROR) or (strict and self.count(WARNING)):
            return 1
        return 0
