"""A real multi-node Weaviate cluster on 127.0.0.1: one server process a node.

Every node gets its own data dir, hostname (the Raft node id) and ports; they find each other
through gossip (``CLUSTER_JOIN``) and Raft (``RAFT_JOIN``) and elect a leader once all are up.
"""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path

from explorer.local.ports import LOOPBACK, ServerPorts, allocate_ports
from explorer.local.server import LocalServer


def node_environment(index: int, ports: list[ServerPorts]) -> dict[str, str]:
    """What node ``index`` needs to know of its peers."""
    env = {
        "RAFT_JOIN": ",".join(f"node{i}:{p.raft}" for i, p in enumerate(ports)),
        "RAFT_BOOTSTRAP_EXPECT": str(len(ports)),
    }
    if index > 0:
        env["CLUSTER_JOIN"] = f"{LOOPBACK}:{ports[0].gossip}"
    return env


class LocalCluster:
    """``size`` nodes started together; :attr:`nodes` are ordinary :class:`LocalServer` s."""

    def __init__(self, binary: Path, base_dir: Path, size: int = 3) -> None:
        if size < 1:
            raise ValueError("a cluster needs at least one node")
        taken: set[int] = set()
        all_ports: list[ServerPorts] = []
        while len(all_ports) < size:
            ports = allocate_ports()
            if taken.isdisjoint(ports.all_ports()):
                taken.update(ports.all_ports())
                all_ports.append(ports)
        self.nodes = [
            LocalServer(
                binary,
                Path(base_dir) / f"node{i}",
                node_name=f"node{i}",
                ports=ports,
                extra_env=node_environment(i, all_ports),
            )
            for i, ports in enumerate(all_ports)
        ]

    async def start(self, timeout: float = 120.0) -> None:
        """Start every node at once (Raft waits for all of them) and wait until all are ready."""
        try:
            await asyncio.gather(*(node.start(timeout) for node in self.nodes))
        except BaseException:
            await self.stop()
            raise

    async def stop(self) -> None:
        for node in self.nodes:
            with contextlib.suppress(Exception):
                await node.stop()
