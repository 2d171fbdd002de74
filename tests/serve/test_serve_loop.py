"""``serve``'s app in this process: the client lives on the server's loop, with no thread."""

from __future__ import annotations

import threading

import httpx

from explorer.core.client.connection import ConnectionOptions
from explorer.local.server import LocalServer
from explorer.local.startup import LaunchPlan
from explorer.serve.app import ServeSettings, create_app


async def test_the_client_lives_on_the_servers_loop(
    weaviate_server: LocalServer, books_collection: str
) -> None:
    options = ConnectionOptions(url=weaviate_server.url, grpc_port=weaviate_server.grpc_port)
    app = create_app(ServeSettings(LaunchPlan(options)))
    before = set(threading.enumerate())
    async with app.router.lifespan_context(app):
        started = {thread.name for thread in set(threading.enumerate()) - before}
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://serve") as client:
            health = await client.get("/health")
            body = {"collection": books_collection, "kind": "bm25", "text": "book", "limit": 3}
            answer = await client.post("/search", json=body)
    assert health.json()["connected"] is True
    assert answer.status_code == 200, answer.text
    assert len(answer.json()) == 3
    assert "weaviate-client" not in started
