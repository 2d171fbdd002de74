"""Collection aliases: another name for a collection, which queries can use in its place."""

from __future__ import annotations

from explorer.core.admin.collection_spec import check_collection_name
from explorer.core.base.errors import ExplorerError
from explorer.core.base.models import AliasInfo
from explorer.core.client.session import ExplorerSession


async def list_aliases(
    session: ExplorerSession, collection: str | None = None
) -> tuple[AliasInfo, ...]:
    """Every alias (or those of one collection), by alias name."""
    async with session.call():
        raw = await session.client.alias.list_all(collection=collection)
    return tuple(
        AliasInfo(alias=a.alias, collection=a.collection)
        for a in sorted(raw.values(), key=lambda a: a.alias)
    )


async def resolve_alias(session: ExplorerSession, name: str) -> AliasInfo | None:
    """The alias called ``name`` (any case), or None."""
    return next((a for a in await list_aliases(session) if a.alias.lower() == name.lower()), None)


async def create_alias(session: ExplorerSession, alias: str, collection: str) -> AliasInfo:
    await session.approve(f"create alias {alias} for {collection}")
    alias = check_collection_name(alias)
    await _check_target(session, collection, alias)
    if await resolve_alias(session, alias) is not None:
        raise ExplorerError(
            "Alias exists", f"there is already an alias {alias}; update it to repoint it"
        )
    async with session.call():
        await session.client.alias.create(alias_name=alias, target_collection=collection)
    return AliasInfo(alias=alias, collection=collection)


async def update_alias(session: ExplorerSession, alias: str, collection: str) -> AliasInfo:
    """Point an existing alias at another collection (atomically, on the server)."""
    await session.approve(f"point alias {alias} at {collection}")
    await _check_target(session, collection)
    existing = await resolve_alias(session, alias)
    if existing is None:
        raise ExplorerError("Not found", f"there is no alias {alias}; create it first")
    async with session.call():
        updated = await session.client.alias.update(
            alias_name=existing.alias, new_target_collection=collection
        )
    if not updated:
        raise ExplorerError("Not found", f"the alias {existing.alias} vanished; nothing changed")
    session.forget_config(existing.alias)
    return AliasInfo(alias=existing.alias, collection=collection)


async def delete_alias(session: ExplorerSession, alias: str) -> AliasInfo:
    """Delete an alias; the collection it pointed at stays."""
    await session.approve(f"delete alias {alias}")
    existing = await resolve_alias(session, alias)
    if existing is None:
        raise ExplorerError("Not found", f"there is no alias {alias}; nothing was deleted")
    async with session.call():
        await session.client.alias.delete(alias_name=existing.alias)
    session.forget_config(existing.alias)
    return existing


async def _check_target(
    session: ExplorerSession, collection: str, new_alias: str | None = None
) -> None:
    async with session.call():
        names = await session.client.collections.list_all(simple=True)
    taken = next((n for n in names if new_alias and n.lower() == new_alias.lower()), None)
    if taken is not None:
        raise ExplorerError(
            "Name taken",
            f"there is already a collection named {taken}; choose another name for the alias",
        )
    if collection not in names:
        raise ExplorerError(
            "Not found", f"there is no collection {collection}; an alias must point at one"
        )
