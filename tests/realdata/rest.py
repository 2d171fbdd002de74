"""The stored objects as the server's REST API returns them: raw beacons, dangling ones too.

gRPC queries drop references to missing objects, so a comparison through them would hide the
very loss a round trip must not cause.
"""

from __future__ import annotations

from typing import Any

import httpx

PAGE = 1000


async def stored_objects(
    url: str, collection: str, tenant: str | None = None
) -> dict[str, dict[str, Any]]:
    """uuid -> {"properties": ..., "references": {name: sorted target uuids}}."""
    reference_names = await _reference_names(url, collection)
    found: dict[str, dict[str, Any]] = {}
    after: str | None = None
    async with httpx.AsyncClient(base_url=url, timeout=60) as http:
        while True:
            params: dict[str, Any] = {"class": collection, "limit": PAGE}
            if after:
                params["after"] = after
            if tenant:
                params["tenant"] = tenant
            response = await http.get("/v1/objects", params=params)
            response.raise_for_status()
            objects = response.json().get("objects") or []
            for obj in objects:
                properties = dict(obj.get("properties") or {})
                beacons = {name: properties.pop(name, None) or [] for name in reference_names}
                references = {
                    name: sorted(b["beacon"].rsplit("/", 1)[1] for b in found_beacons)
                    for name, found_beacons in beacons.items()
                    if found_beacons
                }
                found[obj["id"]] = {"properties": properties, "references": references}
            if len(objects) < PAGE:
                return found
            after = objects[-1]["id"]


async def _reference_names(url: str, collection: str) -> set[str]:
    async with httpx.AsyncClient(base_url=url, timeout=60) as http:
        response = await http.get(f"/v1/schema/{collection}")
        response.raise_for_status()
    return {
        p["name"]
        for p in response.json()["properties"]
        if p["dataType"] and p["dataType"][0][:1].isupper()
    }


#: The category every suite run's one guaranteed dangling reference points at: never stored.
MISSING_CATEGORY = "0e5b9d6c-9c1f-5b8e-9a44-6d1c2f0a7b3e"


async def add_a_dangling_reference(url: str) -> str:
    """Point the first JeopardyQuestion at a JeopardyCategory that no longer exists; its uuid.

    The package's loader leaves dangling references only when the server refuses some of its
    category objects (duplicate uuids in one batch: a thousand on one run, none on another), so
    the suite makes one of its own the way users do: the server refuses a reference to a missing
    object (422), so the category is stored, referenced, then deleted (no cascade).
    """
    async with httpx.AsyncClient(base_url=url, timeout=60) as http:
        created = await http.post(
            "/v1/objects",
            json={
                "class": "JeopardyCategory",
                "id": MISSING_CATEGORY,
                "properties": {"title": "A CATEGORY DELETED AFTER IT WAS REFERENCED"},
            },
        )
        created.raise_for_status()
        first = await http.get("/v1/objects", params={"class": "JeopardyQuestion", "limit": 1})
        first.raise_for_status()
        question = first.json()["objects"][0]["id"]
        added = await http.post(
            f"/v1/objects/JeopardyQuestion/{question}/references/hasCategory",
            json={"beacon": f"weaviate://localhost/JeopardyCategory/{MISSING_CATEGORY}"},
        )
        added.raise_for_status()
        deleted = await http.delete(f"/v1/objects/JeopardyCategory/{MISSING_CATEGORY}")
        deleted.raise_for_status()
    return question
