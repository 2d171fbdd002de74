"""Cheap, quiet health probes for a Weaviate server (REST ready and gRPC health).

weaviate-client's own ``is_live()``/``is_ready()`` print exceptions to stdout, which would
corrupt a terminal UI, so the explorer probes with these instead.
"""

from __future__ import annotations

# grpc.health.v1.HealthCheckResponse{status: SERVING} on the wire: field 1, varint 1.
_SERVING = b"\x08\x01"


async def http_ready(
    base_url: str, timeout: float = 2.0, headers: dict[str, str] | None = None
) -> bool:
    """True when ``GET /v1/.well-known/ready`` answers 2xx."""
    import httpx

    try:
        async with httpx.AsyncClient(timeout=timeout, headers=headers) as http:
            response = await http.get(f"{base_url.rstrip('/')}/v1/.well-known/ready")
    except httpx.HTTPError:
        return False
    return response.is_success


async def grpc_serving(host: str, port: int, *, secure: bool = False, timeout: float = 2.0) -> bool:
    """True when the gRPC health service at host:port answers SERVING within ``timeout``."""
    import grpc
    import grpc.aio

    target = f"{host}:{port}"
    channel = (
        grpc.aio.secure_channel(target, grpc.ssl_channel_credentials())
        if secure
        else grpc.aio.insecure_channel(target)
    )
    try:
        check = channel.unary_unary(
            "/grpc.health.v1.Health/Check",
            request_serializer=lambda _request: b"",
            response_deserializer=lambda raw: raw,
        )
        reply = await check(None, timeout=timeout)
    except grpc.aio.AioRpcError:
        return False
    finally:
        await channel.close()
    return bytes(reply) == _SERVING
