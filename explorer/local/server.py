"""Start and stop a real Weaviate server process on 127.0.0.1 without blocking the event loop.

A server started by :class:`LocalServer` never outlives the process that started it (on Linux
the child asks the kernel for SIGTERM when its parent dies, and normal exits stop it
explicitly), unless it was started detached, in which case a state file in its data dir tells
``weaviate-explorer server stop`` which process to end.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import json
import os
import signal
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from explorer.core.base.errors import ServerStartError
from explorer.core.client.probes import grpc_serving, http_ready
from explorer.local.binary import PINNED_WEAVIATE_VERSION
from explorer.local.ports import LOOPBACK, ServerPorts, allocate_ports, is_port_free
from explorer.local.server_log import data_dir_not_writable, last_failure

OFFLINE_MODULES = ("text2vec-bigram", "generative-dummy", "reranker-dummy", "backup-filesystem")
STATE_FILE = "weaviate-explorer-server.json"
LOG_FILE = "weaviate.log"
NODE_NAME = "node0"


@dataclass(frozen=True)
class ServerState:
    """What a running (possibly detached) server left in its data dir."""

    pid: int
    ports: ServerPorts
    binary: str
    detached: bool

    @property
    def url(self) -> str:
        return f"http://{LOOPBACK}:{self.ports.http}"

    def to_json(self) -> str:
        return json.dumps(
            {
                "pid": self.pid,
                "ports": self.ports.as_dict(),
                "binary": self.binary,
                "detached": self.detached,
            },
            indent=2,
        )

    @classmethod
    def read(cls, data_dir: Path) -> ServerState | None:
        try:
            raw: dict[str, Any] = json.loads((data_dir / STATE_FILE).read_text())
            return cls(
                pid=int(raw["pid"]),
                ports=ServerPorts(**raw["ports"]),
                binary=str(raw["binary"]),
                detached=bool(raw.get("detached", False)),
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None


@dataclass(frozen=True)
class AuthSettings:
    """API-key authentication with RBAC: a root (admin) user and, optionally, a viewer.

    Anonymous access is turned off and database users (created through the API) are enabled.
    """

    admin_key: str = field(repr=False)
    admin_user: str = "admin"
    viewer_key: str | None = field(default=None, repr=False)
    viewer_user: str = "viewer"

    def environment(self) -> dict[str, str]:
        keys, users = [self.admin_key], [self.admin_user]
        if self.viewer_key:
            keys.append(self.viewer_key)
            users.append(self.viewer_user)
        env = {
            "AUTHENTICATION_ANONYMOUS_ACCESS_ENABLED": "false",
            "AUTHENTICATION_APIKEY_ENABLED": "true",
            "AUTHENTICATION_APIKEY_ALLOWED_KEYS": ",".join(keys),
            "AUTHENTICATION_APIKEY_USERS": ",".join(users),
            "AUTHENTICATION_DB_USERS_ENABLED": "true",
            "AUTHORIZATION_RBAC_ENABLED": "true",
            "AUTHORIZATION_RBAC_ROOT_USERS": self.admin_user,
        }
        if self.viewer_key:
            # v1.38.11 reads viewer users only from this variable (usecases/config/environment.go).
            env["EXPERIMENTAL_AUTHORIZATION_RBAC_READONLY_USERS"] = self.viewer_user
        return env


def server_environment(
    data_dir: Path, ports: ServerPorts, extra: dict[str, str] | None, node_name: str = NODE_NAME
) -> dict[str, str]:
    """The environment of a single offline node, every listener on loopback where it can be."""
    backups = (data_dir / "backups").resolve()
    env = {
        "PERSISTENCE_DATA_PATH": str((data_dir / "data").resolve()),
        "AUTHENTICATION_ANONYMOUS_ACCESS_ENABLED": "true",
        "DISABLE_TELEMETRY": "true",
        "ENABLE_MODULES": ",".join(OFFLINE_MODULES),
        "BACKUP_FILESYSTEM_PATH": str(backups),
        "API_BASED_MODULES_DISABLED": "true",
        "CLUSTER_HOSTNAME": node_name,
        "CLUSTER_IN_LOCALHOST": "true",
        "CLUSTER_BIND_ADDR": LOOPBACK,
        "CLUSTER_ADVERTISE_ADDR": LOOPBACK,
        "CLUSTER_GOSSIP_BIND_PORT": str(ports.gossip),
        "CLUSTER_DATA_BIND_PORT": str(ports.gossip + 1),
        "RAFT_PORT": str(ports.raft),
        "RAFT_INTERNAL_RPC_PORT": str(ports.raft + 1),
        "RAFT_BOOTSTRAP_EXPECT": "1",
        # One node on loopback: no network delay to tolerate, so elect the leader at once.
        "RAFT_TIMEOUTS_MULTIPLIER": "1",
        "GRPC_PORT": str(ports.grpc),
        "GO_PROFILING_DISABLE": "true",
        "LOG_LEVEL": "info",
        "QUERY_DEFAULTS_LIMIT": "25",
    }
    keep = {
        k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "TMPDIR", "TZ", "GOMEMLIMIT")
    }
    return {**keep, **env, **(extra or {})}


def _die_with_parent() -> None:  # pragma: no cover - runs in the forked child
    """Ask Linux to SIGTERM this child when the process that started it dies, even by SIGKILL."""
    os.setsid()
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


def _detach_from_parent() -> None:  # pragma: no cover - runs in the forked child
    os.setsid()


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie is dead for our purposes.
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return True


def pid_is_weaviate(pid: int, binary: str) -> bool:
    """Guard against ending an unrelated process that reused a stale pid."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[0].decode()
    except OSError:
        return pid_alive(pid)  # no /proc (macOS): trust the state file
    return cmdline == binary or Path(cmdline).name == Path(binary).name


def _log_tail(path: Path, lines: int = 15) -> str:
    try:
        text = path.read_text(errors="replace").splitlines()
    except OSError:
        return "(no server log)"
    return "\n".join(text[-lines:])


class LocalServer:
    """One Weaviate server process on loopback, with its own data dir and free ports."""

    def __init__(
        self,
        binary: Path,
        data_dir: Path,
        *,
        http_port: int | None = None,
        grpc_port: int | None = None,
        extra_env: dict[str, str] | None = None,
        detach: bool = False,
        auth: AuthSettings | None = None,
        node_name: str = NODE_NAME,
        ports: ServerPorts | None = None,
    ) -> None:
        self.binary = Path(binary)
        self.data_dir = Path(data_dir).resolve()
        self.requested_http_port = http_port
        self.requested_grpc_port = grpc_port
        self.extra_env = extra_env
        self.detach = detach
        self.auth = auth
        self.node_name = node_name
        #: Ports fixed in advance (cluster nodes must know each other's before they start).
        self.fixed_ports = ports
        self.ports: ServerPorts | None = None
        self.process: asyncio.subprocess.Process | None = None
        self.version = PINNED_WEAVIATE_VERSION

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None

    @property
    def url(self) -> str:
        assert self.ports is not None, "server not started"
        return f"http://{LOOPBACK}:{self.ports.http}"

    @property
    def grpc_port(self) -> int:
        assert self.ports is not None, "server not started"
        return self.ports.grpc

    @property
    def log_path(self) -> Path:
        return self.data_dir / LOG_FILE

    def _choose_ports(self) -> ServerPorts:
        """Reuse the ports of the last run when still free: raft remembers its address."""
        if self.fixed_ports is not None:
            return self.fixed_ports
        previous = ServerState.read(self.data_dir)
        if (
            previous
            and self.requested_http_port in (None, previous.ports.http)
            and (self.requested_grpc_port in (None, previous.ports.grpc))
            and all(is_port_free(p) for p in previous.ports.all_ports())
        ):
            return previous.ports
        for port, what in ((self.requested_http_port, "HTTP"), (self.requested_grpc_port, "gRPC")):
            if port is not None and not is_port_free(port):
                raise ServerStartError(
                    "Port in use", f"the {what} port {port} is taken; choose another or omit it"
                )
        return allocate_ports(self.requested_http_port, self.requested_grpc_port)

    async def start(self, timeout: float = 90.0) -> None:
        """Spawn the server and return once both REST and gRPC answer."""
        existing = ServerState.read(self.data_dir)
        if existing and pid_alive(existing.pid) and pid_is_weaviate(existing.pid, existing.binary):
            raise ServerStartError(
                "Data dir in use",
                f"a Weaviate server (pid {existing.pid}) already runs on {self.data_dir}; "
                "stop it with `weaviate-explorer server stop --data-dir "
                f"{self.data_dir}` or use another data dir",
            )
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            (self.data_dir / "backups").mkdir(exist_ok=True)
            with tempfile.TemporaryFile(dir=self.data_dir):
                pass  # the log and the state file go here: fail now, before anything starts
        except OSError as exc:
            raise data_dir_not_writable(exc.filename or self.data_dir, exc.strerror or "") from None
        self.ports = self._choose_ports()
        extra = {**(self.auth.environment() if self.auth else {}), **(self.extra_env or {})}
        env = server_environment(self.data_dir, self.ports, extra, self.node_name)
        args = [
            "--scheme",
            "http",
            "--host",
            LOOPBACK,
            "--port",
            str(self.ports.http),
            "--read-timeout=600s",
            "--write-timeout=600s",
        ]
        with open(self.log_path, "wb") as log:
            self.process = await asyncio.create_subprocess_exec(
                str(self.binary),
                *args,
                env=env,
                cwd=self.data_dir,
                stdin=asyncio.subprocess.DEVNULL,
                stdout=log,
                stderr=log,
                preexec_fn=_detach_from_parent if self.detach else _die_with_parent,
            )
        if not self.detach:
            _running.add(self)
        state = ServerState(self.process.pid, self.ports, str(self.binary), self.detach)
        (self.data_dir / STATE_FILE).write_text(state.to_json())
        try:
            await self._wait_until_ready(timeout)
        except BaseException:
            await self.stop()
            raise

    async def _wait_until_ready(self, timeout: float) -> None:
        assert self.process is not None and self.ports is not None
        deadline = time.monotonic() + timeout
        while True:
            if self.process.returncode is not None:
                failure = last_failure(self.log_path)
                if failure is not None and failure.not_writable:
                    raise data_dir_not_writable(failure.path or self.data_dir, failure.message)
                raise ServerStartError(
                    "Weaviate server exited",
                    f"{self.binary} exited with code {self.process.returncode} while starting. "
                    f"Last lines of {self.log_path}:\n{_log_tail(self.log_path)}",
                )
            if await http_ready(self.url, timeout=1.0) and await grpc_serving(
                LOOPBACK, self.ports.grpc, timeout=1.0
            ):
                return
            if time.monotonic() > deadline:
                raise ServerStartError(
                    "Weaviate server not ready",
                    f"no answer on {self.url} and gRPC port {self.ports.grpc} after {timeout:.0f}s."
                    f" Last lines of {self.log_path}:\n{_log_tail(self.log_path)}",
                )
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self.process.wait(), 0.25)

    async def stop(self, timeout: float = 15.0) -> None:
        """SIGTERM, then SIGKILL after ``timeout``; waits for the process to be gone."""
        process = self.process
        _running.discard(self)
        if process is None:
            return
        if process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                process.terminate()
            try:
                await asyncio.wait_for(process.wait(), timeout)
            except TimeoutError:
                with contextlib.suppress(ProcessLookupError):
                    process.kill()
                await process.wait()
        self._forget_state(process.pid)

    def _forget_state(self, pid: int) -> None:
        state = ServerState.read(self.data_dir)
        if state is not None and state.pid == pid:
            with contextlib.suppress(OSError):
                (self.data_dir / STATE_FILE).unlink()

    def kill_now(self) -> None:
        """Synchronous last resort for interpreter exit: the loop may already be gone."""
        if self.process is None or self.process.returncode is not None:
            return
        terminate_pid(self.process.pid, timeout=10.0)
        self._forget_state(self.process.pid)

    async def __aenter__(self) -> LocalServer:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()


def terminate_pid(pid: int, timeout: float = 15.0) -> bool:
    """SIGTERM a process we started, SIGKILL it after ``timeout``. True if it is gone."""
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return True
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not pid_alive(pid):
            _reap(pid)
            return True
        time.sleep(0.1)
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    for _ in range(50):
        if not pid_alive(pid):
            _reap(pid)
            return True
        time.sleep(0.1)
    return not pid_alive(pid)


def _reap(pid: int) -> None:
    with contextlib.suppress(ChildProcessError, OSError):
        os.waitpid(pid, os.WNOHANG)


def stop_detached(data_dir: Path, timeout: float = 15.0) -> ServerState | None:
    """Stop the server whose state file is in ``data_dir``. Returns what was stopped, if any."""
    data_dir = Path(data_dir).resolve()
    state = ServerState.read(data_dir)
    if state is None:
        return None
    if pid_alive(state.pid) and pid_is_weaviate(state.pid, state.binary):
        terminate_pid(state.pid, timeout)
    with contextlib.suppress(OSError):
        (data_dir / STATE_FILE).unlink()
    return state


def running_state(data_dir: Path) -> ServerState | None:
    """The state of a live server on ``data_dir``, or None."""
    state = ServerState.read(Path(data_dir).resolve())
    if state and pid_alive(state.pid) and pid_is_weaviate(state.pid, state.binary):
        return state
    return None


_running: set[LocalServer] = set()


@atexit.register
def _stop_all_at_exit() -> None:
    for server in list(_running):
        server.kill_now()
