"""The collections list, with counts, before weaviate-client has imported.

weaviate-client takes about half a second of CPU to import (its gRPC stubs and pydantic
models); httpx, which it imports too, takes about 30 ms. So while the client imports in a
thread, the app reads the list over plain REST: ``GET /v1/schema``, then one GraphQL
``Aggregate { <Collection> { meta { count } } … }`` for every single-tenant collection. Both are
reads, so a read-only connection may send them. The full list replaces the preview once the
client is connected, and every count is read again then. The preview names each vector and its
vectorizer as the full list does, so the list is as wide as it will be: the full list replaces
it without a layout of the screen (a frame of 15-19 ms of CPU under load, when it was wider).

Anything unexpected (OIDC, which needs the client's token exchange; a refused or slow server;
a shape we do not know) gives no preview: the client's connection reports the problem.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from explorer.core.base.asyncio_http import async_http_client, import_httpcore_without_trio
from explorer.core.base.models import CollectionPreview, VectorInfo
from explorer.core.base.names import COLLECTION_NAME
from explorer.core.client.connection import ConnectionOptions

#: Seconds each of the two reads may take; the client's connection is the real check.
TIMEOUT = 2.0
#: Collections counted in the one GraphQL read; the rest show "…" until the client counts them.
MAX_COUNTED = 100


def preview_headers(options: ConnectionOptions) -> dict[str, str] | None:
    """The headers the client would send: the extra headers and the API key's bearer token.

    None when the connection authenticates with OIDC (the client exchanges the credentials
    for a token; the preview does not)."""
    if options.oidc is not None and not options.api_key:
        return None
    headers = dict(options.headers)
    if options.api_key:
        headers["Authorization"] = f"Bearer {options.api_key}"
    return headers


async def preview_collections(
    options: ConnectionOptions,
    listed: Callable[[tuple[CollectionPreview, ...]], None],
    *,
    timeout: float = TIMEOUT,
) -> tuple[CollectionPreview, ...] | None:
    """Read the list, hand it to ``listed`` (counts still None), then read the counts.

    Returns the list with its counts; None when there is no preview (nothing was listed).
    A list whose counts failed comes back with them None."""
    headers = preview_headers(options)
    if headers is None:
        return None
    import_httpcore_without_trio()
    import httpx

    try:
        async with async_http_client(
            options.display_url, base_url=options.display_url, headers=headers, timeout=timeout
        ) as http:
            schema = await http.get("/v1/schema")
            if not schema.is_success:
                return None
            previews = parse_schema(schema.json())
            if previews is None:
                return None
            listed(previews)
            query = aggregate_query(previews)
            if query is None:
                return previews
            try:
                answer = await http.post("/v1/graphql", json={"query": query})
            except httpx.HTTPError:
                return previews
            if not answer.is_success:
                return previews
            return with_counts(previews, answer.json())
    except (httpx.HTTPError, ValueError):
        return None


def parse_schema(schema: Any) -> tuple[CollectionPreview, ...] | None:
    """The previews of a ``/v1/schema`` answer, sorted by name; None for a shape we do not know."""
    if not isinstance(schema, dict) or not isinstance(schema.get("classes") or [], list):
        return None
    previews = []
    for entry in schema.get("classes") or []:
        if not isinstance(entry, dict) or not isinstance(entry.get("class"), str):
            return None
        tenancy = entry.get("multiTenancyConfig")
        multi_tenant = isinstance(tenancy, dict) and tenancy.get("enabled") is True
        previews.append(CollectionPreview(entry["class"], None, multi_tenant, vectors(entry)))
    return tuple(sorted(previews, key=lambda p: p.name))


def vectors(entry: dict[str, Any]) -> tuple[VectorInfo, ...] | None:
    """A class's vectors as the client's config names them (``convert.vector_infos``): each
    named vector with its one vectorizer, in name order; else a legacy vector index, "default",
    with the class's vectorizer ("none" without); else none. None: a shape not known here."""
    named = entry.get("vectorConfig")
    if named:
        if not isinstance(named, dict):
            return None
        infos = []
        for name, config in sorted(named.items()):
            vectorizer = config.get("vectorizer") if isinstance(config, dict) else None
            if not isinstance(vectorizer, dict) or len(vectorizer) != 1:
                return None
            infos.append(VectorInfo(name=str(name), vectorizer=str(next(iter(vectorizer)))))
        return tuple(infos)
    if entry.get("vectorIndexConfig") is not None:
        vectorizer = entry.get("vectorizer")
        if vectorizer is not None and not isinstance(vectorizer, str):
            return None
        return (VectorInfo(name="default", vectorizer=vectorizer or "none"),)
    return ()


def counted(previews: tuple[CollectionPreview, ...]) -> list[str]:
    """The names the preview counts: single-tenant, valid GraphQL names, at most MAX_COUNTED."""
    names = [p.name for p in previews if not p.multi_tenant and COLLECTION_NAME.match(p.name)]
    return names[:MAX_COUNTED]


def aggregate_query(previews: tuple[CollectionPreview, ...]) -> str | None:
    """One GraphQL read of every counted collection's object count (None: nothing to count)."""
    names = counted(previews)
    if not names:
        return None
    return "{ Aggregate { " + " ".join(f"{n} {{ meta {{ count }} }}" for n in names) + " } }"


def with_counts(
    previews: tuple[CollectionPreview, ...], answer: Any
) -> tuple[CollectionPreview, ...]:
    """``previews`` with each count the GraphQL ``answer`` holds (a partial answer counts too)."""
    data = answer.get("data") if isinstance(answer, dict) else None
    aggregate = data.get("Aggregate") if isinstance(data, dict) else None
    if not isinstance(aggregate, dict):
        return previews
    counts: dict[str, int] = {}
    for name in counted(previews):
        rows = aggregate.get(name)
        meta = (
            rows[0].get("meta")
            if isinstance(rows, list) and rows and isinstance(rows[0], dict)
            else None
        )
        count = meta.get("count") if isinstance(meta, dict) else None
        if isinstance(count, int) and not isinstance(count, bool) and count >= 0:
            counts[name] = count
    return tuple(replace(p, count=counts.get(p.name)) for p in previews)
