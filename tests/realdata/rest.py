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
