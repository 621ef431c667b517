"""A body given on the command line (a PR body for `check-branch`, an issue body for
`check-issue`): a file, or `-` for standard input, read with the policy's size limit.

One set of messages for both: a file is read exactly as `check-case-study` reads a report
(`loaders.files.read_text`); standard input is held in memory (never written to disk) and
decoded by the same function, so binary data, invalid UTF-8 (with its line and column) and a
byte order mark say the same thing whichever way the body came. A body that cannot be used
raises `BodyFailure` (a `LoadFailure`: rule and fact); the caller turns it into a finding
(`check-issue`) or a usage error naming the option (`check-branch --body-file`).

Standard input over the limit is counted to its end, so that the message gives its real size,
but only up to `MAX_COUNTED` bytes: an endless stream (`< /dev/zero`) must not hang the check.
"""
from __future__ import annotations

import sys
from typing import IO

from policycheck.findings import Fact
from policycheck.loaders import LoadFailure
from policycheck.loaders.files import TextFile, decode_text, read_text

STDIN = "-"
MAX_COUNTED = 1 << 30  # bytes of standard input counted for the size message, at most
_CHUNK = 1 << 16
_TOO_LARGE_HINT = "raise limits.max_file_bytes in the policy file if this size is intended"


class BodyFailure(LoadFailure):
    """A body that cannot be used; `size`: the bytes of a stream over the limit (as counted)."""

    def __init__(self, rule: str, fact: Fact, size: int | None = None):
        super().__init__(rule, fact)
        self.size = size


def read_body(source: str, limit: int, stdin: IO[bytes] | None = None) -> TextFile:
    """The body in `source` (a path, or `-`: `stdin`, by default the process's standard input)."""
    if source == STDIN:
        return read_stream(stdin if stdin is not None else sys.stdin.buffer, limit)
    try:
        return read_text(source, limit)
    except BodyFailure:
        raise
    except LoadFailure as failure:
        raise BodyFailure(failure.rule, failure.fact) from None


def read_stream(stream: IO[bytes], limit: int, shown: str = "standard input") -> TextFile:
    """A body from a byte stream, held in memory; over `limit` bytes is a `file-too-large` failure."""
    kept = stream.read(limit + 1)
    size = len(kept)
    if size > limit:
        size += _count_rest(stream)
        more = "more than " if size - limit - 1 >= MAX_COUNTED else ""
        raise BodyFailure("file-too-large", Fact(f"{shown} is {more}{size} bytes, over the policy's limit of"
                                                 f" {limit} bytes", hint=_TOO_LARGE_HINT), size)
    try:
        return decode_text(STDIN, kept)
    except LoadFailure as failure:
        raise BodyFailure(failure.rule, failure.fact) from None


def _count_rest(stream: IO[bytes]) -> int:
    counted = 0
    while counted < MAX_COUNTED and (chunk := stream.read(min(_CHUNK, MAX_COUNTED - counted))):
        counted += len(chunk)
    return counted
