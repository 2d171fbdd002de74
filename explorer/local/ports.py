"""Free TCP ports on 127.0.0.1 for a local Weaviate server."""

from __future__ import annotations

import socket
from contextlib import ExitStack
from dataclasses import asdict, dataclass

LOOPBACK = "127.0.0.1"


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


def allocate_ports(http: int | None = None, grpc: int | None = None) -> ServerPorts:
    """Pick free ports; gossip and raft each get a pair of consecutive free ports."""
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

        return ServerPorts(
            http=http if http is not None else hold_one(),
            grpc=grpc if grpc is not None else hold_one(),
            gossip=hold_pair(),
            raft=hold_pair(),
        )
