"""Which file format a path means, from its extension."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal

from explorer.core.base.errors import ExplorerError

if TYPE_CHECKING:
    from explorer.core.base.models import CollectionConfig
    from explorer.core.client.session import ExplorerSession

FileFormat = Literal["json", "jsonl", "csv"]
EXTENSIONS: dict[str, FileFormat] = {
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
}


def format_for(path: Path | str) -> FileFormat:
    """The format of ``path`` by its extension; an unknown one is an error that lists the rest."""
    suffix = Path(path).suffix.lower()
    found = EXTENSIONS.get(suffix)
    if found is None:
        known = ", ".join(EXTENSIONS)
        shown = f"{suffix!r}" if suffix else "no extension"
        raise ExplorerError(
            "Unknown file format",
            f"{Path(path).name} has {shown}: name the file with one of {known}",
        )
    return found


def failed_rows_path(path: Path) -> Path:
    """Where an import writes the rows it could not import: next to the input."""
    return path.with_name(path.name + ".failed.jsonl")


async def existing_collection(session: ExplorerSession, name: str, hint: str) -> CollectionConfig:
    """The fresh config of ``name``, or a clear error when there is no such collection."""
    async with session.call():
        exists = await session.client.collections.exists(name)
    if not exists:
        async with session.call():
            names = list(await session.client.collections.list_all(simple=True))
        same = next((n for n in names if n.lower() == name.lower()), None)
        hint = f"did you mean {same}? (names are case-sensitive)" if same else hint
        raise ExplorerError("No such collection", f"{name} does not exist: {hint}")
    return await session.collection_config(name, refresh=True)
