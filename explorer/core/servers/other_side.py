"""The second connection of a cross-server command: a saved profile's name, or a URL.

``diff-schema --against`` and ``copy --to`` name the other side the way a user names a
server elsewhere: a profile (with its credentials, ``read_only`` and ``protected``) or a plain
``http(s)://`` URL, which carries no credentials (use a profile for a server that needs them).
The other side gets a session of its own, closed when the command ends.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from explorer.core.base.errors import ExplorerError
from explorer.core.client.connection import DEFAULT_GRPC_PORT, ConnectionOptions
from explorer.core.client.session import ExplorerSession


class OtherSideError(ExplorerError):
    """The other side cannot be used as named (an unknown profile, an embedded one, a bad URL)."""


def is_url(text: str) -> bool:
    return "://" in text


def other_side_options(
    target: str, *, grpc_port: int | None = None, read_only: bool = False
) -> ConnectionOptions:
    """The connection ``target`` names (blocking: a profile is read from its file)."""
    from explorer.core.store.profiles import CliValues, get_profile, resolve

    target = target.strip()
    if not target:
        raise OtherSideError("Other server needed", "name a profile or give a URL")
    if is_url(target):
        return ConnectionOptions(
            url=target, grpc_port=grpc_port or DEFAULT_GRPC_PORT, read_only=read_only
        )
    profile = get_profile(target)
    if profile.embedded:
        raise OtherSideError(
            "Embedded profile",
            f"profile {profile.name!r} starts a server of its own when used: start it "
            "(weaviate-explorer server start) and give its URL instead",
        )
    options = resolve(CliValues(grpc_port=grpc_port, read_only=read_only), {}, profile)
    return options


@asynccontextmanager
async def other_session(options: ConnectionOptions) -> AsyncIterator[ExplorerSession]:
    """A connected session to the other side, closed at the end of the block."""
    session = ExplorerSession(options)
    await session.connect()
    try:
        yield session
    finally:
        await session.close()
