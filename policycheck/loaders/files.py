"""Read a checked file as text, turning every way that can fail into a LoadFailure.

Files are only ever opened for reading here: only `policycheck fix` writes a checked file
(`policycheck.fixes`).
"""
from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field

from policycheck.findings import WARNING, Fact
from policycheck.loaders import LoadFailure

BOM = "\ufeff"


@dataclass
class TextFile:
    path: str
    text: str
    notes: list[tuple[str, Fact]] = field(default_factory=list)  # non-fatal load findings


def read_text(path: str, max_bytes: int) -> TextFile:
    return decode_text(path, _read_bytes(path, max_bytes))


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


def _read_bytes(path: str, max_bytes: int) -> bytes:
    if os.path.isdir(path):
        raise LoadFailure("file-unreadable", Fact("is a directory, not a file"))
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            # A FIFO or a device would block or never end: never open one.
            raise LoadFailure("file-unreadable", Fact("not a regular file (a pipe, socket or device)"))
        size = info.st_size
        if size > max_bytes:
            raise LoadFailure("file-too-large", Fact(
                f"file is {size} bytes, over the policy's limit of {max_bytes} bytes",
                hint="raise limits.max_file_bytes in the policy file if this size is intended"))
        with open(path, "rb") as handle:
            return handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise LoadFailure("file-unreadable", Fact("no such file")) from None
    except OSError as exc:
        raise LoadFailure("file-unreadable", Fact(f"cannot read file: {exc.strerror or exc}")) from None


def _byte_position(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset]
    line = before.count(b"\n") + 1
    column = offset - (before.rfind(b"\n") + 1) + 1
    return line, column
