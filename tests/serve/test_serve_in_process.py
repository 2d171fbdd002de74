"""``serve``'s app in this process (its lifespan and ASGI, no uvicorn): where its client lives,
and what its answers' bytes hold."""

from __future__ import annotations

import os
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx

from explorer.core.client.connection import ConnectionOptions
from explorer.core.client.session import ExplorerSession
from explorer.local.server import LocalServer
from explorer.local.startup import LaunchPlan
from explorer.serve.app import ServeSettings, create_app
from tests.hostile.hostile_collection import (
    HOSTILE_TAGS,
    HOSTILE_TITLE,
    RAW_CONTROLS,
    create_hostile_collection,
)


@asynccontextmanager
async def serving(server: LocalServer) -> AsyncIterator[httpx.AsyncClient]:
    """The app with its lifespan running, and a client that calls it directly."""
    options = ConnectionOptions(url=server.url, grpc_port=server.grpc_port)
    app = create_app(ServeSettings(LaunchPlan(options)))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://serve") as client:
            yield client


async def test_the_client_lives_on_the_servers_loop(
    weaviate_server: LocalServer, books_collection: str
) -> None:
    before = set(threading.enumerate())
    async with serving(weaviate_server) as client:
        started = {thread.name for thread in set(threading.enumerate()) - before}
        health = await client.get("/health")
        body = {"collection": books_collection, "kind": "bm25", "text": "book", "limit": 3}
        answer = await client.post("/search", json=body)
    assert health.json()["connected"] is True
    assert answer.status_code == 200, answer.text
    assert len(answer.json()) == 3
    assert "weaviate-client" not in started


async def test_answers_escape_terminal_controls_and_keep_the_text(
    weaviate_server: LocalServer, session: ExplorerSession
) -> None:
    name = f"ServeHostile{os.getpid()}"
    await create_hostile_collection(session, name)
    try:
        async with serving(weaviate_server) as client:
            answer = await client.post(
                "/search", json={"collection": name, "kind": "fetch", "limit": 10}
            )
    finally:
        await session.client.collections.delete(name)
    assert answer.status_code == 200, answer.text
    for control in RAW_CONTROLS:
        assert control not in answer.text
    titles = {o["properties"].get("title") for o in answer.json()}
    tags = [o["properties"].get("tags") for o in answer.json()]
    assert HOSTILE_TITLE in titles
    assert HOSTILE_TAGS in tags
