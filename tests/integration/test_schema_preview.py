"""The collections preview (two plain REST reads) against the real server: it must agree with
the client's full list, send the API key, and say nothing when it cannot read."""

from __future__ import annotations

from dataclasses import replace

import httpx
import pytest
from weaviate.classes.config import DataType

from explorer.core.base.models import CollectionPreview
from explorer.core.client.connection import ConnectionOptions
from explorer.core.client.schema_preview import preview_collections
from explorer.core.client.session import ExplorerSession
from explorer.local.ports import allocate_ports
from tests.integration.books import Book
from tests.tenanted import create_tenanted


async def test_the_preview_agrees_with_the_full_list(
    server_options: ConnectionOptions,
    session: ExplorerSession,
    books: tuple[str, list[Book]],
    cleanup_collections: list[str],
) -> None:
    name, data = books
    tenanted = f"{name}Mt"
    cleanup_collections.append(tenanted)
    await create_tenanted(session, tenanted, {"title": DataType.TEXT}, ["t1"])
    # Two more shapes of vectors: none configured, and a legacy class-level vectorizer (which
    # the client no longer makes, so it is made over REST).
    plain, legacy = f"{name}Plain", f"{name}Legacy"
    cleanup_collections.extend([plain, legacy])
    await session.client.collections.create(plain)
    async with httpx.AsyncClient(base_url=server_options.display_url) as http:
        made = await http.post(
            "/v1/schema", json={"class": legacy, "vectorizer": "text2vec-bigram"}
        )
        assert made.is_success, made.text
    listed: list[tuple[CollectionPreview, ...]] = []
    previews = await preview_collections(replace(server_options, read_only=True), listed.append)
    full = await session.list_collections()
    assert previews is not None
    # The list is handed over first, before its counts.
    assert [p.name for p in listed[0]] == [c.name for c in full]
    assert all(p.count is None for p in listed[0])
    # Then every count the client reads (other tests' collections may change meanwhile).
    by_name = {p.name: p for p in previews}
    assert (by_name[name].count, by_name[name].multi_tenant) == (len(data), False)
    assert (by_name[tenanted].count, by_name[tenanted].multi_tenant) == (None, True)
    assert [p.name for p in previews] == [c.name for c in full]
    assert [p.multi_tenant for p in previews] == [c.multi_tenant for c in full]
    # Each vector's name and vectorizer, as the client's list says them.
    assert [[(v.name, v.vectorizer) for v in p.vectors or ()] for p in previews] == [
        [(v.name, v.vectorizer) for v in c.vectors] for c in full
    ]
    assert all(p.vectors is not None for p in previews)


@pytest.mark.parametrize("what", ["refused", "oidc"])
async def test_no_preview_when_it_cannot_read(what: str, server_options: ConnectionOptions) -> None:
    """Nothing is listed: the client's connection reports what is wrong."""
    from explorer.core.client.connection import OidcCredentials

    if what == "refused":
        options = replace(server_options, url=f"http://127.0.0.1:{allocate_ports().http}")
    else:
        options = replace(
            server_options, oidc=OidcCredentials(flow="password", username="u", password="p")
        )
    listed: list[object] = []
    assert await preview_collections(options, listed.append) is None
    assert listed == []
