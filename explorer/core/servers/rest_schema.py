"""Collection configs exactly as the server stores them (REST ``/v1/schema``), and changes to them.

The client's typed config drops what it does not model; a diff and its apply need the server's
own JSON, so these go through the client's authenticated REST connection.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from explorer.core.base.errors import ExplorerError
from explorer.core.client.session import ExplorerSession

ClassConfig = dict[str, Any]


class SchemaRequestRefused(ExplorerError):
    """The server refused a schema change; the message is the server's, whole."""


async def _send(session: ExplorerSession, method: str, path: str, body: Any = None) -> Any:
    connection: Any = session.client._connection
    async with session.call():
        if method == "get":
            response = await connection.get(path=path)
        elif method == "put":
            response = await connection.put(path=path, weaviate_object=body)
        elif method == "post":
            response = await connection.post(path=path, weaviate_object=body)
        else:
            response = await connection.delete(path=path)
    return response


async def read_schema(session: ExplorerSession) -> dict[str, ClassConfig]:
    """Every collection's stored config, by name (one request)."""
    response = await _send(session, "get", "/schema")
    _check(response, "read the schema")
    return {str(c["class"]): c for c in response.json().get("classes") or ()}


async def read_class(session: ExplorerSession, name: str) -> ClassConfig | None:
    """One collection's stored config; None when there is no such collection."""
    response = await _send(session, "get", f"/schema/{quote(name)}")
    if response.status_code == 404:
        return None
    _check(response, f"read the config of {name}")
    data: ClassConfig = response.json()
    return data


async def update_class(session: ExplorerSession, config: Mapping[str, Any]) -> None:
    """Replace a collection's config (the server refuses what cannot change in place)."""
    name = str(config["class"])
    _check(await _send(session, "put", f"/schema/{quote(name)}", dict(config)), f"update {name}")
    session.forget_config(name)


async def add_property(session: ExplorerSession, collection: str, prop: Mapping[str, Any]) -> None:
    response = await _send(session, "post", f"/schema/{quote(collection)}/properties", dict(prop))
    _check(response, f"add property {prop.get('name')} to {collection}")
    session.forget_config(collection)


async def drop_property_index(
    session: ExplorerSession, collection: str, prop: str, index: str
) -> None:
    """Drop one inverted index of a property: ``filterable``, ``searchable`` or ``rangeFilters``."""
    path = f"/schema/{quote(collection)}/properties/{quote(prop)}/index/{quote(index)}"
    _check(await _send(session, "delete", path), f"drop the {index} index of {collection}.{prop}")
    session.forget_config(collection)


async def create_class(session: ExplorerSession, config: Mapping[str, Any]) -> None:
    name = str(config["class"])
    _check(await _send(session, "post", "/schema", dict(config)), f"create {name}")
    session.forget_config(name)


def _check(response: Any, what: str) -> None:
    if response.status_code < 400:
        return
    try:
        errors = response.json().get("error") or []
        detail = "; ".join(str(e.get("message", e)) for e in errors) or response.text
    except (ValueError, AttributeError):
        detail = response.text
    raise SchemaRequestRefused(
        "Schema change refused" if response.request.method != "GET" else "Cannot read the schema",
        f"could not {what}: HTTP {response.status_code}: {str(detail).strip()}",
    )
