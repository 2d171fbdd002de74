"""Helpers to check processes and listening sockets of a server under test (Linux /proc)."""

from __future__ import annotations

import os
import time
from pathlib import Path

from explorer.local.server import pid_alive


def wait_until_gone(pid: int, timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not pid_alive(pid):
            return True
        time.sleep(0.1)
    return False


def listening_addresses(pid: int) -> dict[int, str]:
    """Map each TCP port the process listens on to its bound address (IPv4 or IPv6 text)."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    found: dict[int, str] = {}
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            local, state, inode = fields[1], fields[3], fields[9]
            if state != "0A" or inode not in inodes:
                continue
            address_hex, port_hex = local.split(":")
            port = int(port_hex, 16)
            if width == 8:
                address = ".".join(str(b) for b in reversed(bytes.fromhex(address_hex)))
            else:
                address = "::" if set(address_hex) == {"0"} else address_hex
            found[port] = address
    return found
