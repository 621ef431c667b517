"""Read a checked file as text, turning every way that can fail into a LoadFailure.

Files are only ever opened for reading here: only `policycheck fix` writes a checked file
(`policycheck.fixes`).
Before a file is opened it is stat'ed: a FIFO, a socket or a device would block or never end,
and `/proc`, `/sys` and `/dev` hold the machine's secrets (`/proc/self/environ`), so none is
ever opened. A path inside the repository root that resolves outside every allowed root
(through a symbolic link a pull request may add) is not read either: its content would be
quoted in findings, and so in a public CI log. A path named outside the root (on the command
line) is the caller's choice and is read.
"""
from __future__ import annotations

import errno
import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field

from policycheck.findings import WARNING, Fact
from policycheck.loaders import LoadFailure

BOM = "\ufeff"
SPECIAL_FOLDERS = ("/proc", "/sys", "/dev")  # virtual files: a size of 0 that reads forever, or secrets
SUPPORT_MAX_BYTES = 1 << 24  # a policy, template or schema file (not a checked file): larger is not one
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
_ERRORS = {errno.ENAMETOOLONG: "the path is too long for this system", errno.EACCES: "permission denied",
           errno.ELOOP: "too many levels of symbolic links", errno.ENOTDIR: "a part of the path is not a folder"}
_ROOTS_HINT = "a file outside the repository is read only from a folder listed in the policy's limits.allowed_roots"


@dataclass(eq=False, repr=False)
class TextFile:
    path: str
    text: str
    notes: list[tuple[str, Fact]] = field(default_factory=list)  # non-fatal load findings


def read_text(path: str, max_bytes: int, roots: Sequence[str | os.PathLike[str]] = ()) -> TextFile:
    """The file's text; `roots`: the repository root, then any other allowed roots (none: no
    containment check, for a file the user named and nothing else can)."""
    return decode_text(path, read_bytes(path, max_bytes, roots))


def decode_text(path: str, raw: bytes) -> TextFile:
    """UTF-8 text from bytes already read (a file, or standard input held in memory)."""
    if b"\x00" in raw:
        raise LoadFailure("file-encoding", Fact("binary file (contains NUL bytes); expected UTF-8 text"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _byte_position(raw, exc.start)
        raise LoadFailure(
            "file-encoding",
            Fact(f"not valid UTF-8: byte 0x{raw[exc.start]:02x} cannot be decoded", line, column,
                 hint="save the file as UTF-8"),
        ) from None
    notes: list[tuple[str, Fact]] = []
    if text.startswith(BOM):
        text = text[1:]
        notes.append(("file-encoding", Fact("file starts with a UTF-8 byte order mark", 1, 1,
                                            hint="save the file as UTF-8 without BOM", severity=WARNING)))
    return TextFile(path, text, notes)


def read_bytes(path: str, max_bytes: int, roots: Sequence[str | os.PathLike[str]] = ()) -> bytes:
    try:
        refuse_escape(path, roots)
        info = os.stat(path)
        _check_kind(info)
        _check_size(info.st_size, max_bytes)
        fd = os.open(path, _OPEN_FLAGS)  # non-blocking: a FIFO swapped in after the stat cannot hang us
        with os.fdopen(fd, "rb") as handle:
            _check_kind(os.fstat(handle.fileno()))
            return handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise LoadFailure("file-unreadable", Fact("no such file")) from None
    except (OSError, ValueError) as exc:
        raise LoadFailure("file-unreadable", Fact(f"cannot read file: {os_reason(exc)}")) from None


def os_reason(exc: OSError | ValueError) -> str:
    """A short reason for a failed file operation (`ValueError`: a NUL byte in the path)."""
    if isinstance(exc, ValueError):
        return "the path is not valid (it contains a NUL byte)"
    return _ERRORS.get(exc.errno or 0) or (exc.strerror or str(exc)).lower()


def _check_kind(info: os.stat_result) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise LoadFailure("file-unreadable", Fact("is a directory, not a file"))
    if not stat.S_ISREG(info.st_mode):
        raise LoadFailure("file-unreadable", Fact("not a regular file (a pipe, socket or device)"))


def _check_size(size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise LoadFailure("file-too-large", Fact(
            f"file is {size} bytes, over the policy's limit of {max_bytes} bytes",
            hint="raise limits.max_file_bytes in the policy file if this size is intended"))


def refuse_escape(path: str, roots: Sequence[str | os.PathLike[str]]) -> None:
    """Raise a `file-unreadable` LoadFailure when `path` must not be read: it resolves into
    /proc, /sys or /dev, or (with `roots`) it lies inside the first root but resolves outside
    every root."""
    real = os.path.realpath(path)
    if any(is_under(real, folder) for folder in SPECIAL_FOLDERS):
        raise LoadFailure("file-unreadable", Fact(f"resolves to a special file{_link_text(path)}: not read"))
    if not roots or not is_under(os.path.abspath(path), os.path.abspath(roots[0])):
        return
    if not any(is_under(real, os.path.realpath(root)) for root in roots):
        raise LoadFailure("file-unreadable", Fact(f"resolves outside the repository root{_link_text(path)}: not read",
                                                  hint=_ROOTS_HINT))


def _link_text(path: str) -> str:
    """What the repository itself says the link points to (its author wrote that text, so
    naming it discloses nothing about this machine); a link higher up the path is not named."""
    try:
        return f" (a symlink to {os.readlink(path)})" if os.path.islink(path) else " (through a symlinked folder)"
    except OSError:
        return ""


def is_under(path: str, base: str) -> bool:
    """Whether `path` is `base` or below it (both absolute and normalised)."""
    return path == base or path.startswith(base.rstrip(os.sep) + os.sep)


def is_file(path: str | os.PathLike[str]) -> bool:
    """Whether `path` is a regular file, by stat alone (nothing is opened); any error, even a
    path too long for the system (which `Path.is_file` raises), means no."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def _byte_position(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset]
    line = before.count(b"\n") + 1
    column = offset - (before.rfind(b"\n") + 1) + 1
    return line, column
