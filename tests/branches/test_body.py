"""`loaders.body`: a body from a file or standard input, one set of messages for both."""
from __future__ import annotations

import io
from pathlib import Path

import pytest

from policycheck.loaders.body import MAX_COUNTED, BodyFailure, read_body, read_stream


def test_a_file_and_standard_input_give_the_same_text(tmp_path: Path) -> None:
    (tmp_path / "body.md").write_bytes(b"\xef\xbb\xbfCloses #4\n")
    from_file = read_body(str(tmp_path / "body.md"), 100)
    from_stdin = read_body("-", 100, stdin=io.BytesIO(b"\xef\xbb\xbfCloses #4\n"))
    assert from_file.text == from_stdin.text == "Closes #4\n"
    assert [(rule, f.message, f.line, f.column) for rule, f in from_stdin.notes] == [
        ("file-encoding", "file starts with a UTF-8 byte order mark", 1, 1)]
    assert from_file.notes == from_stdin.notes


@pytest.mark.parametrize("data, rule, message, position", [
    (b"a\x00b", "file-encoding", "binary file (contains NUL bytes); expected UTF-8 text", (1, 1)),
    (b"Closes #4\nna\xefve\n", "file-encoding", "not valid UTF-8: byte 0xef cannot be decoded", (2, 3)),
])
def test_undecodable_bodies_fail_alike(tmp_path: Path, data: bytes, rule: str, message: str,
                                       position: tuple[int, int]) -> None:
    (tmp_path / "body.md").write_bytes(data)
    for source, stdin in ((str(tmp_path / "body.md"), None), ("-", io.BytesIO(data))):
        with pytest.raises(BodyFailure) as raised:
            read_body(source, 100, stdin=stdin)
        failure = raised.value
        assert (failure.rule, failure.fact.message, (failure.fact.line, failure.fact.column)) == (
            rule, message, position)


def test_standard_input_over_the_limit_gives_its_real_size() -> None:
    with pytest.raises(BodyFailure) as raised:
        read_stream(io.BytesIO(b"y" * 5000), 100)
    assert (raised.value.rule, raised.value.size) == ("file-too-large", 5000)
    assert raised.value.fact.message == "standard input is 5000 bytes, over the policy's limit of 100 bytes"


class _Endless(io.RawIOBase):
    """A stream that never ends, as `< /dev/zero` is."""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        buffer[:] = b"\x00" * len(buffer)
        return len(buffer)


def test_an_endless_standard_input_is_counted_only_so_far(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("policycheck.loaders.body.MAX_COUNTED", 1 << 20)
    with pytest.raises(BodyFailure) as raised:
        read_stream(io.BufferedReader(_Endless()), 10)
    assert raised.value.fact.message == ("standard input is more than 1048587 bytes, over the policy's limit"
                                         " of 10 bytes")
    assert MAX_COUNTED == 1 << 30


def test_a_missing_file_is_a_failure_naming_why(tmp_path: Path) -> None:
    with pytest.raises(BodyFailure) as raised:
        read_body(str(tmp_path / "missing.md"), 100)
    assert (raised.value.rule, raised.value.fact.message) == ("file-unreadable", "no such file")
