from __future__ import annotations

from pathlib import Path

import pytest

from policycheck.loaders import LoadFailure
from policycheck.loaders.files import read_text


def _failure(path: Path | str, limit: int = 1000) -> LoadFailure:
    with pytest.raises(LoadFailure) as info:
        read_text(str(path), limit)
    return info.value


def test_utf8_text_is_read(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("name: café\n", encoding="utf-8")
    loaded = read_text(str(path), 1000)
    assert loaded.text == "name: café\n" and loaded.notes == []


def test_bom_is_stripped_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(b"\xef\xbb\xbfa: 1\n")
    loaded = read_text(str(path), 1000)
    assert loaded.text == "a: 1\n"
    [(rule, fact)] = loaded.notes
    assert (rule, fact.severity, fact.line, fact.column) == ("file-encoding", "warning", 1, 1)


def test_invalid_utf8_points_at_the_byte(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(b"a: 1\nb: caf\xe9\n")
    failure = _failure(path)
    assert failure.rule == "file-encoding"
    assert (failure.fact.line, failure.fact.column) == (2, 7)
    assert "0xe9" in failure.fact.message


def test_binary_missing_directory_and_size(tmp_path: Path) -> None:
    binary = tmp_path / "b.yaml"
    binary.write_bytes(b"\x00\x01\x02")
    assert _failure(binary).rule == "file-encoding"
    assert _failure(tmp_path / "missing.yaml").fact.message == "no such file"
    assert _failure(tmp_path).fact.message == "is a directory, not a file"
    big = tmp_path / "big.yaml"
    big.write_text("a: 1\n" * 300)
    failure = _failure(big, limit=1000)
    assert failure.rule == "file-too-large" and "1500 bytes" in failure.fact.message


def test_reading_never_writes(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(b"\xef\xbb\xbfa: 1\n")
    before = path.stat().st_mtime_ns, path.read_bytes()
    read_text(str(path), 1000)
    assert (path.stat().st_mtime_ns, path.read_bytes()) == before


def test_pipes_and_devices_are_never_opened(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "f.yaml"
    os.mkfifo(fifo)
    failure = _failure(fifo)
    assert (failure.rule, failure.fact.message) == ("file-unreadable", "not a regular file (a pipe, socket or device)")
    assert _failure("/dev/zero").rule == "file-unreadable"
