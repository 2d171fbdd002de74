"""Free TCP ports on 127.0.0.1 for a local Weaviate server.

By default the kernel picks them. With ``WEAVIATE_EXPLORER_PORTS=LOW-HIGH`` they come from that
range instead, handed out in turn through a cursor file that every process setting the same range
shares under a lock: no two processes get the same port until the range wraps around, and no
outgoing connection takes one (keep the range below the kernel's ephemeral ports, 32768 and up on
Linux). The test suite sets it, so parallel workers and their subprocesses never collide.
"""

from __future__ import annotations

import fcntl
import os
import socket
import tempfile
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import asdict, dataclass
from pathlib import Path

from explorer.core.base.errors import ServerStartError

LOOPBACK = "127.0.0.1"
PORT_RANGE_ENV = "WEAVIATE_EXPLORER_PORTS"


@dataclass(frozen=True)
class ServerPorts:
    """The ports one Weaviate node listens on.

    The server also binds ``gossip + 1`` (cluster data) and ``raft + 1`` (raft internal RPC).
    """

    http: int
    grpc: int
    gossip: int
    raft: int

    def as_dict(self) -> dict[str, int]:
        return asdict(self)

    def all_ports(self) -> list[int]:
        return [self.http, self.grpc, self.gossip, self.gossip + 1, self.raft, self.raft + 1]


def is_port_free(port: int) -> bool:
    """True when nothing listens on ``port``.

    SO_REUSEADDR, as Weaviate's listeners set it: connections of a killed server lingering in
    TIME_WAIT do not keep a restarted one off its old port.
    """
    # gRPC binds every interface, so the port must be free there too.
    return all(_bindable(host, port) for host in (LOOPBACK, ""))


def _bindable(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


@dataclass(frozen=True)
class PortRange:
    """The ports ``WEAVIATE_EXPLORER_PORTS`` allows, both ends included."""

    low: int
    high: int

    @classmethod
    def parse(cls, text: str) -> PortRange:
        low_text, dash, high_text = text.strip().partition("-")
        try:
            low, high = int(low_text), int(high_text)
        except ValueError:
            low = high = 0
        if not dash or not 1024 <= low < high <= 65535 or high - low < 16:
            raise ServerStartError(
                "Bad port range",
                f"{PORT_RANGE_ENV}={text!r} should be LOW-HIGH, two ports from 1024 to 65535 at "
                "least 16 apart (for example 20000-29999); fix it or unset it",
            )
        return cls(low, high)

    @classmethod
    def from_environment(cls) -> PortRange | None:
        text = os.environ.get(PORT_RANGE_ENV, "")
        return cls.parse(text) if text.strip() else None

    @property
    def cursor_file(self) -> Path:
        """Shared by every process that uses this range (and so the same temp dir)."""
        return Path(tempfile.gettempdir()) / f"weaviate-explorer-ports-{self.low}-{self.high}"


def allocate_ports(http: int | None = None, grpc: int | None = None) -> ServerPorts:
    """Pick free ports; gossip and raft each get a pair of consecutive free ports."""
    port_range = PortRange.from_environment()
    if port_range is not None:
        return _allocate_in_range(port_range, http, grpc)
    with ExitStack() as held:
        taken: set[int] = {p for p in (http, grpc) if p is not None}

        def hold_one() -> int:
            while True:
                sock = held.enter_context(socket.socket(socket.AF_INET, socket.SOCK_STREAM))
                sock.bind((LOOPBACK, 0))
                port = int(sock.getsockname()[1])
                if port not in taken:
                    taken.add(port)
                    return port

        def hold_pair() -> int:
            for _ in range(100):
                port = hold_one()
                if port + 1 not in taken and is_port_free(port + 1):
                    taken.add(port + 1)
                    return port
            raise OSError("could not find two consecutive free ports on 127.0.0.1")

        return _ports(http, grpc, hold_one, hold_pair)


def _ports(
    http: int | None, grpc: int | None, one: Callable[[], int], pair: Callable[[], int]
) -> ServerPorts:
    return ServerPorts(
        http=http if http is not None else one(),
        grpc=grpc if grpc is not None else one(),
        gossip=pair(),
        raft=pair(),
    )


def _allocate_in_range(port_range: PortRange, http: int | None, grpc: int | None) -> ServerPorts:
    """The next free ports after the shared cursor; the cursor moves past them."""
    taken: set[int] = {p for p in (http, grpc) if p is not None}
    span = port_range.high - port_range.low + 1
    descriptor = os.open(port_range.cursor_file, os.O_RDWR | os.O_CREAT, 0o666)
    with open(descriptor, "r+") as cursor_file:
        fcntl.flock(cursor_file, fcntl.LOCK_EX)  # released when the file closes
        cursor_file.seek(0)
        text = cursor_file.read().strip()
        cursor = int(text) if text.isdigit() else port_range.low

        def take(count: int) -> int:
            nonlocal cursor
            for _ in range(span):
                if not port_range.low <= cursor <= port_range.high - count + 1:
                    cursor = port_range.low
                first = cursor
                block = range(first, first + count)
                cursor = first + 1
                if any(p in taken or not is_port_free(p) for p in block):
                    continue
                cursor = first + count
                taken.update(block)
                return first
            raise ServerStartError(
                "No free ports",
                f"every port in {PORT_RANGE_ENV}={port_range.low}-{port_range.high} is taken; "
                "widen the range or unset it",
            )

        ports = _ports(http, grpc, lambda: take(1), lambda: take(2))
        cursor_file.seek(0)
        cursor_file.truncate()
        cursor_file.write(str(cursor))
        return ports
