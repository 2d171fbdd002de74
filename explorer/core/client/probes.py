"""Cheap, quiet health probes for a Weaviate server (REST ready and gRPC health).

weaviate-client's own ``is_live()``/``is_ready()`` print exceptions to stdout, which would
corrupt a terminal UI, so the explorer probes with these instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from explorer.core.base.asyncio_http import async_http_client, import_httpcore_without_trio

if TYPE_CHECKING:
    import grpc.aio
    import httpx

# grpc.health.v1.HealthCheckResponse{status: SERVING} on the wire: field 1, varint 1.
_SERVING = b"\x08\x01"


async def http_ready(
    base_url: str, timeout: float = 2.0, headers: dict[str, str] | None = None
) -> bool:
    """True when ``GET /v1/.well-known/ready`` answers 2xx (a one-off check on its own client)."""
    probe = HttpReadyProbe(base_url, headers)
    try:
        return await probe.ready(timeout)
    finally:
        await probe.close()


class HttpReadyProbe:
    """REST readiness over one HTTP client, made on first use and reused.

    Making an ``httpx.AsyncClient`` builds an SSL context, which cost more CPU than the check
    itself in a poll that runs every second. A failed check closes the client, so the next one
    dials afresh.
    """

    def __init__(self, base_url: str, headers: dict[str, str] | None = None) -> None:
        self.base_url = base_url
        self.url = f"{base_url.rstrip('/')}/v1/.well-known/ready"
        self.headers = headers
        self._http: httpx.AsyncClient | None = None
        #: How many clients were made (for tests and stats).
        self.clients_opened = 0

    async def ready(self, timeout: float = 2.0) -> bool:
        import_httpcore_without_trio()
        import httpx

        if self._http is None:
            self.clients_opened += 1
            self._http = async_http_client(self.base_url, headers=self.headers)
        try:
            response = await self._http.get(self.url, timeout=timeout)
        except httpx.HTTPError:
            await self.close()
            return False
        return response.is_success

    async def close(self) -> None:
        http, self._http = self._http, None
        if http is not None:
            await http.aclose()


class GrpcHealthProbe:
    """The gRPC health check at host:port over one channel, opened on first use and reused.

    A poll that checks every second reuses the channel (and its connection) while the server
    answers. A failed check closes it, so the next check dials afresh: a server that comes back
    is seen at once, where a kept channel would wait out gRPC's reconnect backoff.
    """

    def __init__(self, host: str, port: int, *, secure: bool = False) -> None:
        self.target = f"{host}:{port}"
        self.secure = secure
        self._channel: grpc.aio.Channel | None = None
        #: How many channels were opened, and how many checks were made (for tests and stats).
        self.channels_opened = 0
        self.checks = 0
        #: Why the last check failed, in words ("" after a check that answered).
        self.last_failure = ""

    @property
    def is_open(self) -> bool:
        return self._channel is not None

    def _open(self) -> grpc.aio.Channel:
        import grpc
        import grpc.aio

        if self._channel is None:
            self.channels_opened += 1
            self._channel = (
                grpc.aio.secure_channel(self.target, grpc.ssl_channel_credentials())
                if self.secure
                else grpc.aio.insecure_channel(self.target)
            )
        return self._channel

    async def serving(self, timeout: float = 2.0) -> bool:
        """True when the health service answers SERVING within ``timeout`` seconds."""
        import grpc.aio

        check = self._open().unary_unary(
            "/grpc.health.v1.Health/Check",
            request_serializer=lambda _request: b"",
            response_deserializer=lambda raw: raw,
        )
        self.checks += 1
        try:
            reply = await check(None, timeout=timeout)
        except grpc.aio.AioRpcError as exc:
            await self.close()
            self.last_failure = grpc_failure_text(exc, self.target, timeout)
            return False
        serving = bytes(reply) == _SERVING
        self.last_failure = "" if serving else f"{self.target} answered, but is not serving"
        return serving

    async def close(self) -> None:
        channel, self._channel = self._channel, None
        if channel is not None:
            await channel.close()


def grpc_failure_text(exc: Any, target: str, timeout: float) -> str:
    """A failed gRPC call in words: refused, DNS, TLS or no answer in time."""
    import grpc

    details = str(exc.details() or "")
    if exc.code() == grpc.StatusCode.DEADLINE_EXCEEDED:
        return f"nothing answered gRPC at {target} within {timeout:g}s (timed out)"
    lowered = details.lower()
    if "connection refused" in lowered:
        return f"the connection to {target} was refused (nothing listens on that port)"
    if "dns" in lowered or "resolve" in lowered:
        return f"the gRPC host of {target} could not be resolved (DNS)"
    if "ssl" in lowered or "handshake" in lowered or "tls" in lowered:
        return f"the TLS handshake with {target} failed (check --grpc-secure)"
    return f"gRPC at {target} failed: {' '.join(details.split()) or exc.code().name}"


async def grpc_failure(
    host: str, port: int, *, secure: bool = False, timeout: float = 2.0
) -> str | None:
    """None when the gRPC health service at host:port answers SERVING, else why not."""
    probe = GrpcHealthProbe(host, port, secure=secure)
    try:
        return None if await probe.serving(timeout) else probe.last_failure
    finally:
        await probe.close()


async def grpc_serving(host: str, port: int, *, secure: bool = False, timeout: float = 2.0) -> bool:
    """True when the gRPC health service at host:port answers SERVING within ``timeout``.

    A one-off check on a channel of its own; to check again and again, keep a
    :class:`GrpcHealthProbe`.
    """
    probe = GrpcHealthProbe(host, port, secure=secure)
    try:
        return await probe.serving(timeout)
    finally:
        await probe.close()
