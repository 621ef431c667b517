"""Apply the edits rules attach to findings (`policycheck fix`), keeping every other byte.

`plan_file` reads a file once and applies the chosen findings' edits in order: an edit whose
`old` text is no longer at its position is stale (the file is not what the check saw), and an
edit that overlaps one already taken waits for the next run (the check will see the result of
the first). `write_plan` writes the result atomically (a temporary file in the same folder,
renamed over the original, with the original's mode), and refuses a file that is read-only or
that changed since `plan_file` read it. This module and `policycheck.loaders` are the only
places that open a checked file; this one is the only one that writes.
"""
from __future__ import annotations

import difflib
import os
import stat
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from policycheck.edits import Edit, Replacement
from policycheck.findings import Finding

BOM = "\ufeff"
STALE = "the file changed since it was checked"
OVERLAP = "overlaps another fix; run `policycheck fix` again"


class FixError(Exception):
    """A file that cannot be read or written as planned; the message says why."""


@dataclass
class FilePlan:
    path: str  # as the findings name it
    original: bytes
    mtime_ns: int
    text: str = ""  # the fixed text (after a byte order mark, which is kept)
    applied: list[Finding] = field(default_factory=list)
    deferred: list[tuple[Finding, str]] = field(default_factory=list)  # with the reason

    @property
    def bom(self) -> str:
        return BOM if self.original.startswith(BOM.encode("utf-8")) else ""

    @property
    def before(self) -> str:
        return self.original.decode("utf-8").removeprefix(BOM)

    @property
    def changed(self) -> bool:
        return bool(self.applied) and self.text != self.before

    def new_bytes(self) -> bytes:
        return (self.bom + self.text).encode("utf-8")


def wanted(finding: Finding, rules: Sequence[str], unsafe: bool) -> bool:
    """Whether `fix` applies this finding's edit: it has one, no waiver covers it, its rule is
    chosen (all when `rules` is empty), and it is safe or unsafe fixes are asked for."""
    fix = finding.fix
    return (fix is not None and finding.waived is None and (not rules or finding.rule in rules)
            and (fix.safe or unsafe))


def plan_fixes(findings: Iterable[Finding]) -> list[FilePlan]:
    """One plan per file, in the order the files first appear among `findings`."""
    by_file: dict[str, list[Finding]] = {}
    for finding in findings:
        if finding.fix is not None:
            by_file.setdefault(finding.fix.path, []).append(finding)
    return [plan_file(path, chosen) for path, chosen in by_file.items()]


def plan_file(path: str, findings: Sequence[Finding]) -> FilePlan:
    try:
        with open(path, "rb") as handle:
            original = handle.read()
            mtime_ns = os.fstat(handle.fileno()).st_mtime_ns
    except OSError as exc:
        raise FixError(f"{path}: cannot read: {exc.strerror or exc}") from None
    plan = FilePlan(path, original, mtime_ns)
    try:
        text = plan.before
    except UnicodeDecodeError:
        raise FixError(f"{path}: not UTF-8 any more; not fixed") from None
    taken: list[tuple[tuple[int, int], str]] = []  # (span, new text) of the edits made
    made: list[Edit] = []
    for finding in findings:
        reason = _take(text, finding, taken, made)
        if reason is None:
            plan.applied.append(finding)
        else:
            plan.deferred.append((finding, reason))
    plan.text = _apply(text, taken)
    return plan


def _take(text: str, finding: Finding, taken: list[tuple[tuple[int, int], str]], made: list[Edit]) -> str | None:
    """Take the finding's edit into `taken` unless it is stale or overlaps; None, or why not."""
    edit = finding.fix
    assert edit is not None
    if edit in made:
        return None  # the same repair, asked for by two findings: made once
    spans = _spans(text, edit.replacements)
    if spans is None:
        return STALE
    if any(_overlaps(span, other) for span in spans for other, _ in taken):
        return OVERLAP
    taken.extend(zip(spans, (r.new for r in edit.replacements), strict=True))
    made.append(edit)
    return None


def _spans(text: str, replacements: Sequence[Replacement]) -> list[tuple[int, int]] | None:
    """Each replacement's (start, end) in `text`, or None when one's `old` is not where it says."""
    starts = _line_starts(text)
    spans = []
    for r in replacements:
        if not 0 < r.line <= len(starts) or r.column < 1:
            return None
        start = starts[r.line - 1] + r.column - 1
        if text[start:start + len(r.old)] != r.old:
            return None
        spans.append((start, start + len(r.old)))
    return spans


def _line_starts(text: str) -> list[int]:
    starts = [0]
    index = text.find("\n")
    while index >= 0:
        starts.append(index + 1)
        index = text.find("\n", index + 1)
    return starts


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return (a[0] < b[1] and b[0] < a[1]) or a == b


def _apply(text: str, changes: list[tuple[tuple[int, int], str]]) -> str:
    for (start, end), new in sorted(changes, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def unified_diff(plan: FilePlan) -> str:
    """`git diff`-style text (paths as a/ and b/), with git's marker for a missing final newline."""
    before, after = plan.before.splitlines(keepends=True), plan.text.splitlines(keepends=True)
    lines = difflib.unified_diff(before, after, f"a/{plan.path}", f"b/{plan.path}")
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


def write_plan(plan: FilePlan) -> None:
    """Write the fixed file in place of the original, atomically; FixError says why not."""
    real = os.path.realpath(plan.path)  # a symbolic link stays a link; its target is fixed
    try:
        info = os.stat(real)
        current = _read(real)
    except OSError as exc:
        raise FixError(f"{plan.path}: not written: {exc.strerror or exc}") from None
    if current != plan.original or info.st_mtime_ns != plan.mtime_ns:
        raise FixError(f"{plan.path}: not written: {STALE}")
    mode = stat.S_IMODE(info.st_mode)
    # The mode bits say read-only even where the user may write anyway (root): respect them,
    # as a rename over the file would not.
    if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(real, os.W_OK):
        raise FixError(f"{plan.path}: not written: the file is read-only")
    _replace(real, plan.new_bytes(), mode, plan.path)


def _read(path: str) -> bytes:
    with open(path, "rb") as handle:
        return handle.read()


def _replace(real: str, data: bytes, mode: int, shown: str) -> None:
    folder, name = os.path.split(real)
    try:
        handle, temporary = tempfile.mkstemp(dir=folder or ".", prefix=f".{name}.", suffix=".policycheck-fix")
    except OSError as exc:
        raise FixError(f"{shown}: not written: {exc.strerror or exc}") from None
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, real)
    except OSError as exc:
        os.unlink(temporary)
        raise FixError(f"{shown}: not written: {exc.strerror or exc}") from None
