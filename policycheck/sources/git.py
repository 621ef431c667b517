"""The only module that runs git. Every function takes the folder to run in and returns plain
values or frozen dataclasses; git failures the user can act on become `ContextError`.

Reads only: nothing here changes the repository's refs, index, work tree or config.
"""
from __future__ import annotations

import io
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

from policycheck.errors import ContextError

# GitHub's words for a file's change, so that a PR's file list and a git diff look alike.
_STATUS = {"A": "added", "M": "modified", "D": "removed", "R": "renamed", "C": "copied", "T": "modified"}


@dataclass(frozen=True)
class Commit:
    sha: str
    message: str  # the full message, subject and body
    timestamp: int  # author date, seconds since the epoch (UTC)


@dataclass(frozen=True)
class ChangedFile:
    status: str  # added, modified, removed, renamed, copied
    path: str  # POSIX, relative to the repository root
    previous_path: str | None = None


class GitFailure(ContextError):
    """git ran and refused (unknown revision, not a repository)."""


def _run(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    try:
        proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True,
                              encoding="utf-8", errors="replace")
    except FileNotFoundError:
        raise ContextError("git is not installed (needed to read the branch and its commits)") from None
    if check and proc.returncode != 0:
        first = (proc.stderr.strip().splitlines() or ["(no message)"])[0]
        raise GitFailure(f"git {args[0]} failed in {cwd}: {first}")
    return proc


def _out(cwd: Path, *args: str) -> str | None:
    """stdout of a git command, or None when git says no (a missing ref is not an error)."""
    proc = _run(cwd, *args, check=False)
    return proc.stdout.strip() if proc.returncode == 0 else None


def toplevel(cwd: Path) -> Path | None:
    out = _out(cwd, "rev-parse", "--show-toplevel")
    return Path(out) if out else None


def current_branch(cwd: Path) -> str | None:
    """The checked-out branch, or None when HEAD is detached."""
    return _out(cwd, "symbolic-ref", "--quiet", "--short", "HEAD") or None


def is_shallow(cwd: Path) -> bool:
    return _out(cwd, "rev-parse", "--is-shallow-repository") == "true"


def resolve(cwd: Path, ref: str) -> str | None:
    """The commit a ref names, or None when there is no such commit here."""
    return _out(cwd, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}") or None


def merge_base(cwd: Path, one: str, other: str) -> str | None:
    return _out(cwd, "merge-base", one, other) or None


def commits(cwd: Path, start: str | None, end: str) -> tuple[Commit, ...]:
    """Commits reachable from `end` but not from `start`, oldest first (just `end` if no start)."""
    spec = [f"{start}..{end}"] if start else ["-1", end]
    out = _run(cwd, "log", "--reverse", "--format=%H%x00%at%x00%B%x1e", *spec).stdout
    found = []
    for record in out.split("\x1e"):
        parts = record.strip("\n").split("\x00")
        if len(parts) == 3:
            found.append(Commit(parts[0], parts[2].strip(), int(parts[1])))
    return tuple(found)


def changed_files(cwd: Path, start: str, end: str) -> tuple[ChangedFile, ...]:
    """What `end` changes against `start` (renames detected), as a PR's file list would say."""
    fields = _run(cwd, "diff", "--name-status", "-z", "-M", start, end).stdout.split("\x00")
    changes, index = [], 0
    while index < len(fields) and fields[index]:
        code = fields[index][0]
        if code in "RC":
            changes.append(ChangedFile(_STATUS[code], fields[index + 2], fields[index + 1]))
            index += 3
        else:
            changes.append(ChangedFile(_STATUS.get(code, "modified"), fields[index + 1]))
            index += 2
    return tuple(changes)


def remote_url(cwd: Path, name: str = "origin") -> str | None:
    return _out(cwd, "remote", "get-url", name)


def export_tree(cwd: Path, rev: str, dest: Path) -> None:
    """Write the files of `rev` under `dest` (read-only for the repository: `git archive`)."""
    proc = subprocess.run(["git", "archive", "--format=tar", rev], cwd=cwd, capture_output=True)
    if proc.returncode != 0:
        raise GitFailure(f"git archive {rev} failed: {proc.stderr.decode(errors='replace').strip()}")
    with tarfile.open(fileobj=io.BytesIO(proc.stdout)) as archive:
        if hasattr(tarfile, "data_filter"):  # Python 3.12, and security releases of 3.10/3.11
            archive.extractall(dest, filter="data")
        else:  # git archive writes only the commit's own paths, all relative
            archive.extractall(dest)
