"""Collections whose references point at objects that do not exist (dangling references).

The server refuses a missing target on insert and on ``reference_add`` (422 "validate
existence"), but batch references accept it: that is how :func:`add_dangling` makes them, and
how real datasets come to hold them (JeopardyQuestion10k has 1,949). :func:`raw_references`
reads them back over REST with httpx, independently of the code under test (gRPC queries
leave dangling references out).
"""

from __future__ import annotations

import uuid as uuid_module
from typing import Any

import httpx

from explorer.core.client.session import ExplorerSession


def missing_uuid(label: str) -> str:
    """A uuid no object of the tests has."""
    return str(uuid_module.uuid5(uuid_module.NAMESPACE_URL, f"explorer-tests/missing/{label}"))


async def add_dangling(
    session: ExplorerSession,
    collection: str,
    links: list[tuple[str, str, str, str | None]],
    tenant: str | None = None,
) -> None:
    """Add references (from uuid, property, target uuid, target collection or None) in a batch."""
    from weaviate.classes.data import ReferenceToMulti

    handle = session.collection(collection, tenant)
    async with handle.batch.stream() as batch:
        for from_uuid, prop, to_uuid, target in links:
            to: Any = (
                ReferenceToMulti(target_collection=target, uuids=to_uuid) if target else to_uuid
            )
            await batch.add_reference(from_uuid=from_uuid, from_property=prop, to=to)
    assert not handle.batch.failed_references, handle.batch.failed_references


async def raw_references(
    url: str, collection: str, reference_names: list[str], tenant: str | None = None
) -> dict[str, dict[str, list[str]]]:
    """uuid -> reference property -> the stored beacons' ``Collection/uuid``, in stored order."""
    out: dict[str, dict[str, list[str]]] = {}
    after: str | None = None
    async with httpx.AsyncClient(base_url=url, timeout=30) as http:
        while True:
            params: dict[str, Any] = {"class": collection, "limit": 100}
            if after:
                params["after"] = after
            if tenant:
                params["tenant"] = tenant
            response = await http.get("/v1/objects", params=params)
            response.raise_for_status()
            objects = response.json().get("objects") or []
            for obj in objects:
                properties = obj.get("properties") or {}
                out[obj["id"]] = {
                    name: [
                        item["beacon"].split("://", 1)[1].split("/", 1)[1]
                        for item in properties[name]
                    ]
                    for name in reference_names
                    if properties.get(name)
                }
            if len(objects) < 100:
                return out
            after = objects[-1]["id"]


async def create_questions(
    session: ExplorerSession, name: str
) -> tuple[str, dict[str, str], dict[str, str]]:
    """``{name}Cat`` (titles SCIENCE, HISTORY) and ``name`` (answers), each question linked to
    its category by ``hasCategory``; returns (category collection, category uuids by title,
    the category title of each question's answer)."""
    from weaviate.classes.config import DataType, Property, ReferenceProperty

    category = f"{name}Cat"
    await session.client.collections.create(
        category, properties=[Property(name="title", data_type=DataType.TEXT)]
    )
    categories = {
        title: str(await session.client.collections.use(category).data.insert({"title": title}))
        for title in ("SCIENCE", "HISTORY")
    }
    await session.client.collections.create(
        name,
        properties=[
            Property(name="answer", data_type=DataType.TEXT),
            Property(name="value", data_type=DataType.INT),
        ],
        references=[ReferenceProperty(name="hasCategory", target_collection=category)],
    )
    answers = {"DNA": "SCIENCE", "Atom": "SCIENCE", "Rome": "HISTORY"}
    for index, (answer, title) in enumerate(answers.items()):
        await session.client.collections.use(name).data.insert(
            {"answer": answer, "value": 100 * (index + 1)},
            references={"hasCategory": categories[title]},
        )
    return category, categories, answers
