"""Write a new file that policycheck creates (`init`, `new case-study`), and nothing else.

The path must stay inside the repository once symbolic links are followed, and is never
written through a symlink, nor onto a pipe, socket or device: opening a FIFO to write would
wait for a reader forever, and a symlink a pull request added could point anywhere. Opening
with O_NOFOLLOW | O_NONBLOCK and checking the open file keeps that true even if the path is
swapped between the checks and the write.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path

from policycheck.errors import UsageError
from policycheck.loaders.files import is_under, os_reason

_FLAGS = os.O_WRONLY | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) \
    | getattr(os, "O_CLOEXEC", 0)


def write_new(path: str, text: str, root: Path, overwrite: bool = False, again: str = "use --force") -> None:
    """Write `text` to `path` inside `root`; an existing file only when `overwrite` (else the
    error says `again`, what to do instead). Every refusal is a UsageError naming the path."""
    _refuse_outside(path, root)
    _refuse_existing(path, overwrite, again)
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    _refuse_outside(path, root)  # the folders just made (or found) must not lead out either
    try:
        fd = os.open(path, _FLAGS | (0 if overwrite else os.O_EXCL), 0o644)
    except FileExistsError:
        raise UsageError(f"{path} already exists; {again}") from None
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {_write_reason(exc)}") from None
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise UsageError(f"cannot write {path}: not a regular file (a pipe, socket or device)")
        handle.truncate(0)
        handle.write(text)


def _refuse_outside(path: str, root: Path) -> None:
    folder = os.path.realpath(os.path.dirname(os.path.abspath(path)))
    if not is_under(folder, os.path.realpath(root)):
        raise UsageError(f"cannot write {path}: it is outside the repository root {root}")


def _refuse_existing(path: str, overwrite: bool, again: str) -> None:
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    except (OSError, ValueError) as exc:
        raise UsageError(f"cannot write {path}: {os_reason(exc)}") from None
    if stat.S_ISLNK(info.st_mode):
        raise UsageError(f"cannot write {path}: it is a symbolic link (policycheck never writes through one)")
    if not stat.S_ISREG(info.st_mode):
        raise UsageError(f"cannot write {path}: not a regular file (a pipe, socket, device or folder)")
    if not overwrite:
        raise UsageError(f"{path} already exists; {again}")


def _write_reason(exc: OSError) -> str:
    if exc.errno in (getattr(os, "ELOOP", -1), getattr(os, "ENXIO", -1)):  # O_NOFOLLOW on a link; a FIFO
        return "it is a symbolic link, pipe or device (policycheck never writes through one)"
    return os_reason(exc)
