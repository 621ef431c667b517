"""The only module that runs git. Every function takes the folder to run in and returns plain
values or frozen dataclasses; git failures the user can act on become `ContextError`.

Reads only: nothing here changes the repository's refs, index, work tree or config.
"""
from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from policycheck.errors import ContextError

# GitHub's words for a file's change, so that a PR's file list and a git diff look alike.
_STATUS = {"A": "added", "M": "modified", "D": "removed", "R": "renamed", "C": "copied", "T": "modified"}


@dataclass(frozen=True)
class Commit:
    sha: str
    message: str  # the full message, subject and body
    timestamp: int  # author date, seconds since the epoch (UTC)


@dataclass(frozen=True)
class LogEntry:
    sha: str
    parents: tuple[str, ...]
    subject: str


@dataclass(frozen=True)
class ChangedFile:
    status: str  # added, modified, removed, renamed, copied
    path: str  # POSIX, relative to the repository root
    previous_path: str | None = None


class GitFailure(ContextError):
    """git ran and refused (unknown revision, not a repository)."""


def _run(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    # No ref, commit or path holds a NUL, and the OS refuses one in an argument (ValueError):
    # one can only come from input such as an event payload's ref.
    if any("\0" in arg for arg in args):
        held = next(arg for arg in args if "\0" in arg)
        raise ContextError(f"git {args[0]}: {held[:80]!r} holds a NUL byte, so it names no ref, commit or path")
    try:
        raw = subprocess.run(["git", *args], cwd=cwd, capture_output=True)
    except FileNotFoundError:
        raise ContextError("git is not installed (needed to read the branch and its commits)") from None
    # Decoded by hand: text mode turns every CR into LF, which renames a path holding a CR (a
    # pull request's file would go unchecked) and moves positions in a commit message.
    proc = subprocess.CompletedProcess(raw.args, raw.returncode, raw.stdout.decode("utf-8", "replace"),
                                       raw.stderr.decode("utf-8", "replace"))
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
    # `--end-of-options`: revisions from input (a push payload's `before`) are never read as
    # options (`--output=FILE` would make git write a file)
    spec = ["--end-of-options", f"{start}..{end}"] if start else ["-1", "--end-of-options", end]
    out = _run(cwd, "log", "--reverse", "--format=%H%x00%at%x00%B%x1e", *spec).stdout
    found = []
    for record in out.split("\x1e"):
        parts = record.strip("\n").split("\x00")
        if len(parts) == 3:
            found.append(Commit(parts[0], parts[2].strip(), int(parts[1])))
    return tuple(found)


def changed_files(cwd: Path, start: str, end: str) -> tuple[ChangedFile, ...]:
    """What `end` changes against `start` (renames detected), as a PR's file list would say
    (`start` and `end` after `--end-of-options`, as in `commits`)."""
    fields = _run(cwd, "diff", "--name-status", "-z", "-M", "--end-of-options", start, end).stdout.split("\x00")
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


def changed_paths(cwd: Path, start: str, end: str) -> tuple[str, ...]:
    """The paths `end` changes against `start`, names only: no rename detection, so a moved
    file is both its old and its new path (cheaper than `changed_files`)."""
    out = _run(cwd, "diff", "--name-only", "-z", "--no-renames", "--end-of-options", start, end).stdout
    return tuple(path for path in out.split("\x00") if path)


def merged_by(cwd: Path, head: str, base: str) -> tuple[str, str] | None:
    """The merge commit on `base`'s first-parent line that brought `head` in, and its first
    parent (what the base was before it); None when `head` is not merged that way."""
    out = _out(cwd, "rev-list", "--first-parent", "--ancestry-path", f"{head}..{base}")
    merge = out.splitlines()[-1] if out else None
    parents = (_out(cwd, "rev-list", "--parents", "-n", "1", merge) or "").split() if merge else []
    return (merge, parents[1]) if merge and len(parents) >= 3 else None


def first_parent_log(cwd: Path, rev: str) -> tuple[LogEntry, ...]:
    """The commits on `rev`'s first-parent line, oldest first, with their parents and subjects."""
    out = _run(cwd, "log", "--first-parent", "--reverse", "--format=%H%x00%P%x00%s", rev).stdout
    entries = []
    for line in out.splitlines():
        parts = line.split("\x00")
        if len(parts) == 3:
            entries.append(LogEntry(parts[0], tuple(parts[1].split()), parts[2]))
    return tuple(entries)


def tag_commits(cwd: Path) -> dict[str, str]:
    """tag name -> the commit it names (annotated tags peeled), one `git for-each-ref`."""
    out = _out(cwd, "for-each-ref", "--format=%(refname:strip=2)%00%(objectname)%00%(*objectname)%00%(objecttype)",
               "refs/tags") or ""
    found = {}
    for line in out.splitlines():
        name, sha, peeled, kind = [*line.split("\x00"), "", "", ""][:4]
        if kind == "commit" or peeled:
            found[name] = peeled or sha
    return found


def branch_refs(cwd: Path) -> tuple[str, ...]:
    """The full names of the local and remote-tracking branches (`refs/heads/x`, `refs/remotes/origin/x`)."""
    out = _out(cwd, "for-each-ref", "--format=%(refname)", "refs/heads", "refs/remotes")
    return tuple(line for line in (out or "").splitlines() if not line.endswith("/HEAD"))


def tags_at(cwd: Path, commit: str) -> tuple[str, ...]:
    """The tags that point at `commit`."""
    out = _out(cwd, "tag", "--points-at", commit)
    return tuple(out.split()) if out else ()


def tags_merged(cwd: Path, commit: str) -> tuple[str, ...]:
    """The tags whose commits are in `commit`'s history."""
    out = _out(cwd, "tag", "--merged", commit)
    return tuple(out.split()) if out else ()


def show_file(cwd: Path, rev: str, path: str, max_bytes: int) -> bytes | None:
    """The bytes of `path` at `rev`, or None when it is not a file there (or is larger than
    `max_bytes`: the caller reads small files only)."""
    size = _out(cwd, "cat-file", "-s", f"{rev}:{path}")
    if size is None or not size.isdecimal() or int(size) > max_bytes:
        return None
    proc = subprocess.run(["git", "cat-file", "blob", f"{rev}:{path}"], cwd=cwd, capture_output=True, check=False)
    return proc.stdout if proc.returncode == 0 else None


def remote_url(cwd: Path, name: str = "origin") -> str | None:
    return _out(cwd, "remote", "get-url", name)


def export_tree(cwd: Path, rev: str, dest: Path) -> None:
    """Write the files of `rev` under `dest`, exactly as committed (read-only for the repository).

    Not `git archive`: it obeys `export-ignore` and `export-subst` attributes, so a report in
    an export-ignored folder would look missing and a `$Format:...$` line would be rewritten.
    The tree is listed with `git ls-tree` and the blobs streamed with `git cat-file --batch`,
    which applies no attributes or filters. Symlinks and submodules are not written: a link
    could point out of `dest`, and a submodule's files are not in this repository.
    """
    export_blobs(cwd, _tree_blobs(cwd, rev), dest)


def tree_files(cwd: Path, rev: str, folders: tuple[str, ...] = ()) -> dict[str, str]:
    """path -> object id of every regular file in `rev`'s tree, or only under `folders`
    (one `git ls-tree`)."""
    return {path: sha for sha, path in _tree_blobs(cwd, rev, folders)}


def folder_files(cwd: Path, revs: list[str], folders: tuple[str, ...]) -> list[dict[str, str]]:
    """For each of `revs`: path -> object id of every regular file under `folders`, all read
    through one `git cat-file --batch` (one process, not one `git ls-tree` per revision); a
    tree shared by several revisions is parsed once."""
    proc = _batch(cwd)
    assert proc.stdin is not None and proc.stdout is not None
    seen: dict[str, dict[str, str]] = {}  # tree id -> its files, relative to the tree
    with proc:
        found = []
        for rev in revs:
            files: dict[str, str] = {}
            for folder in folders:
                for path, sha in _read_tree(proc.stdin, proc.stdout, f"{rev}:{folder}", seen).items():
                    files[f"{folder}/{path}"] = sha
            found.append(files)
        proc.stdin.close()
    return found


def _batch(cwd: Path) -> subprocess.Popen[bytes]:
    try:
        return subprocess.Popen(["git", "cat-file", "--batch"], cwd=cwd, stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    except FileNotFoundError:
        raise ContextError("git is not installed (needed to read the branch and its commits)") from None


def _read_tree(stdin: IO[bytes], stdout: IO[bytes], name: str, seen: dict[str, dict[str, str]]) -> dict[str, str]:
    """The regular files of the tree `name` (a `rev:path` or an id), recursively; {} when
    `name` is missing or not a tree. Symlinks and submodules are skipped, as in `export_tree`."""
    stdin.write(f"{name}\n".encode())
    stdin.flush()
    header = stdout.readline().decode(errors="replace").split()
    if len(header) != 3:
        return {}  # "<name> missing" (a release without that folder)
    data = stdout.read(int(header[2]))
    stdout.read(1)
    if header[1] != "tree":
        return {}
    if header[0] in seen:
        return seen[header[0]]
    files: dict[str, str] = {}
    for mode, entry, sha in _tree_entries(data, len(header[0]) // 2):
        if mode == b"40000":
            files.update({f"{entry}/{path}": blob for path, blob in _read_tree(stdin, stdout, sha, seen).items()})
        elif mode in (b"100644", b"100755") and entry not in (".", ".."):
            files[entry] = sha
    seen[header[0]] = files
    return files


def _tree_entries(data: bytes, id_size: int) -> list[tuple[bytes, str, str]]:
    """(mode, name, object id) of each entry of a raw tree object: `<mode> <name>\\0<id>`, the
    id `id_size` raw bytes (20 for SHA-1, 32 for SHA-256)."""
    entries, index = [], 0
    while index < len(data):
        space = data.index(b" ", index)
        nul = data.index(b"\x00", space)
        name = data[space + 1:nul].decode("utf-8", errors="surrogateescape")
        entries.append((data[index:space], name, data[nul + 1:nul + 1 + id_size].hex()))
        index = nul + 1 + id_size
    return entries


def export_blobs(cwd: Path, blobs: list[tuple[str, str]], dest: Path) -> None:
    """Write each (object id, path) blob under `dest`, as committed (see `export_tree`)."""
    if not blobs:
        return
    try:
        proc = subprocess.Popen(["git", "cat-file", "--batch"], cwd=cwd, stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    except FileNotFoundError:
        raise ContextError("git is not installed (needed to read the branch and its commits)") from None
    assert proc.stdin is not None and proc.stdout is not None
    with proc:
        # One request, then its answer: cat-file flushes each object (no --buffer), and
        # writing every request first could fill both pipes and deadlock on a large tree.
        for sha, path in blobs:
            proc.stdin.write(f"{sha}\n".encode())
            proc.stdin.flush()
            _write_blob(proc.stdout, sha, dest / path)
        proc.stdin.close()


def _tree_blobs(cwd: Path, rev: str, folders: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """(object id, path) of every regular file in `rev`'s tree (under `folders`, when given)."""
    limit = ["--", *folders] if folders else []
    proc = subprocess.run(["git", "ls-tree", "-r", "-z", "--full-tree", rev, *limit], cwd=cwd, capture_output=True,
                          check=False)
    if proc.returncode != 0:
        first = (proc.stderr.decode(errors="replace").strip().splitlines() or ["(no message)"])[0]
        raise GitFailure(f"git ls-tree {rev} failed in {cwd}: {first}")
    blobs = []
    for entry in proc.stdout.split(b"\x00"):
        meta, _, raw_path = entry.partition(b"\t")
        fields = meta.split()
        if len(fields) != 3 or fields[1] != b"blob" or fields[0] not in (b"100644", b"100755"):
            continue  # symlinks (120000), submodules (commit) and the empty tail
        path = raw_path.decode("utf-8", errors="surrogateescape")
        parts = path.split("/")
        if path.startswith("/") or any(part in ("", ".", "..") for part in parts):
            continue  # git refuses such paths; never write outside `dest` all the same
        blobs.append((fields[2].decode(), path))
    return blobs


def _write_blob(stream: IO[bytes], sha: str, file: Path) -> None:
    header = stream.readline().decode(errors="replace").split()
    if len(header) != 3 or header[0] != sha or header[1] != "blob":
        raise GitFailure(f"git cat-file gave no blob for {sha}: {' '.join(header) or '(nothing)'}")
    remaining = int(header[2])
    file.parent.mkdir(parents=True, exist_ok=True)
    with open(file, "wb") as out:
        while remaining:
            chunk = stream.read(min(remaining, 1 << 20))
            if not chunk:
                raise GitFailure(f"git cat-file stopped in the middle of {sha}")
            out.write(chunk)
            remaining -= len(chunk)
    stream.read(1)  # the newline after each object
