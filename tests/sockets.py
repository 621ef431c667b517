"""Sockets on 127.0.0.1 that never answer, for tests of an unreachable GitHub."""
from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])  # closed when the block ends: nothing listens


@pytest.fixture
def silent() -> Iterator[socket.socket]:
    """A listener that never accepts: the kernel completes each connection, nobody answers."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield listener


@pytest.fixture
def full() -> Iterator[int]:
    """A listener whose accept queue is full: Linux drops a further SYN, so connecting times out."""
    with socket.socket() as listener, socket.socket() as filler:
        listener.bind(("127.0.0.1", 0))
        listener.listen(0)  # room for one queued connection, which the filler takes
        filler.connect(listener.getsockname())
        yield int(listener.getsockname()[1])
