"""Deterministic uuids for import rows that carry none, so re-running an import converges.

A row without a uuid gets ``uuid5(NAMESPACE, collection, tenant, occurrence, content)``: the
content is the row's canonical JSON (keys sorted, its empty ``uuid``/``id`` left out), and the
occurrence counts the identical rows before it in the same file, so two identical rows stay two
objects. The same file imported into the same collection (and tenant) again gives every row the
same uuid, and the server replaces instead of duplicating: an import cut short (the server
died, Esc) is finished by running it again.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections import Counter
from collections.abc import Mapping
from typing import Any

#: Fixed for good: changing it would change every generated uuid (and duplicate on re-runs).
NAMESPACE = uuid.UUID("5f2b7a9e-3c41-5d8e-9a6b-0e1f2c3d4e5f")
#: Keys whose (empty) value asked for a generated uuid; they are not part of the content.
_ID_KEYS = ("uuid", "id")


def canonical_json(raw: Mapping[str, Any]) -> str:
    """The row as JSON with sorted keys and no spaces, without its empty uuid/id."""
    content = {k: v for k, v in raw.items() if k not in _ID_KEYS}
    return json.dumps(
        content, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    )


class RowIds:
    """Hands out the uuid of each uuid-less row of one file, in file order."""

    def __init__(self, collection: str, tenant: str | None = None) -> None:
        self.scope = f"{collection}\x00{tenant or ''}"
        self._seen: Counter[bytes] = Counter()

    def for_row(self, raw: Mapping[str, Any]) -> str:
        content = canonical_json(raw)
        digest = hashlib.blake2b(content.encode("utf-8"), digest_size=16).digest()
        occurrence = self._seen[digest]
        self._seen[digest] += 1
        return str(uuid.uuid5(NAMESPACE, f"{self.scope}\x00{occurrence}\x00{content}"))
