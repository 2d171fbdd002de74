"""The collection an import creates first: from the config exported next to the data (``config
--json``), or else inferred from the file's rows. Planned (and shown) before it is created."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from explorer.core.admin.collection_spec import check_collection_name, load_config_file
from explorer.core.admin.schema import collection_names, create_collection, create_from_dict
from explorer.core.base.errors import ExplorerError
from explorer.core.client.session import ExplorerSession
from explorer.core.transfer.config_inference import InferredCollection, infer_collection
from explorer.core.transfer.importer import ImportRequest


def config_next_to(data_path: Path) -> Path:
    """Where ``config --json`` is expected next to a data file: books.jsonl -> books.config.json."""
    return data_path.with_name(f"{data_path.stem}.config.json")


@dataclass(frozen=True)
class NewCollection:
    """A collection to create before an import; :meth:`describe` is what the user confirms."""

    name: str
    #: The config file it comes from (None when it is inferred from the data).
    config_path: Path
    config: dict[str, Any] | None = None
    inferred: InferredCollection | None = None

    @property
    def origin(self) -> str:
        if self.inferred is not None:
            return "properties inferred from the file"
        return str(self.config_path)

    def describe(self) -> str:
        if self.inferred is not None:
            return (
                f"{self.config_path.name} is not next to the data, so the properties are "
                f"inferred from the file.\n{self.inferred.describe()}"
            )
        assert self.config is not None
        return f"From {self.config_path}:\n" + json.dumps(
            self.config, indent=2, sort_keys=True, ensure_ascii=False
        )

    def report(self) -> dict[str, Any]:
        """What was created, and from what, for the import's report."""
        created: dict[str, Any] = {"collection": self.name, "from": self.origin}
        if self.inferred is not None:
            created["properties"] = self.inferred.property_types()
            created["notes"] = list(self.inferred.notes)
        return created

    def summary(self) -> str:
        """One sentence for the import's summary."""
        said = f"Created {self.name} ({self.origin}"
        if self.inferred is not None:
            said += ": " + ", ".join(f"{k} {v}" for k, v in self.inferred.property_types().items())
        return said + ")."


async def plan_new_collection(
    session: ExplorerSession, request: ImportRequest, config_path: Path | None = None
) -> NewCollection:
    """What to create as ``request.collection``: from ``config_path`` (default: the config next
    to the data; inferred from the file when that does not exist), refused if it exists."""
    session.require_writable(f"create collection {request.collection}")
    name = check_collection_name(request.collection)
    existing = next((n for n in await collection_names(session) if n.lower() == name.lower()), None)
    if existing is not None:
        raise ExplorerError(
            "Collection exists", f"{existing} exists already: import into it without creating it"
        )
    given = config_path is not None
    path = config_path if config_path is not None else config_next_to(request.path)
    if await asyncio.to_thread(path.exists):
        config = await asyncio.to_thread(load_config_file, str(path))
        config = {**config, "class": name}
        return NewCollection(name, path, config=config)
    if given:
        raise ExplorerError("No config for the new collection", f"{path} does not exist")
    inferred = await asyncio.to_thread(infer_collection, request.row_source(), name)
    return NewCollection(name, path, inferred=inferred)


async def create_new_collection(session: ExplorerSession, planned: NewCollection) -> None:
    if planned.inferred is not None:
        await create_collection(session, planned.inferred.spec)
    else:
        await create_from_dict(session, planned.config, name=planned.name)
