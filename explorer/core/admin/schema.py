"""Changing the schema: create a collection (from a spec or a JSON config), add a property, drop.

Every function refuses up front on a read-only connection, checks its input locally, sends one
request (a schema change is atomic on the server) and forgets the cached config afterwards.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from explorer.core.admin.collection_spec import (
    CollectionSpec,
    PropertySpec,
    VectorSpec,
    check_collection_name,
    check_config_dict,
    check_property,
    check_spec,
)
from explorer.core.base.errors import ExplorerError
from explorer.core.base.formatting import to_json
from explorer.core.base.models import CollectionConfig
from explorer.core.client.session import ExplorerSession


async def collection_names(session: ExplorerSession) -> tuple[str, ...]:
    async with session.call():
        names = await session.client.collections.list_all(simple=True)
    return tuple(sorted(names))


async def _refuse_existing(session: ExplorerSession, name: str) -> None:
    """Weaviate names are unique regardless of case: say so before trying."""
    existing = next((n for n in await collection_names(session) if n.lower() == name.lower()), None)
    if existing is not None:
        raise ExplorerError(
            "Collection exists",
            f"there is already a collection named {existing}; choose another name",
        )


async def create_collection(session: ExplorerSession, spec: CollectionSpec) -> CollectionConfig:
    """Create a collection from a form or flags; returns its config as the server stored it."""
    await session.approve(f"create collection {spec.name}")
    modules = session.server_info.modules if session.server_info else ()
    spec = check_spec(spec, modules)
    await _refuse_existing(session, spec.name)
    from weaviate.classes.config import Configure

    kwargs: dict[str, Any] = {
        "description": spec.description,
        "properties": [_to_property(p) for p in spec.properties],
        "vector_config": [_to_vector(v) for v in spec.vectors],
        "multi_tenancy_config": (
            Configure.multi_tenancy(
                enabled=True,
                auto_tenant_creation=spec.auto_tenant_creation,
                auto_tenant_activation=spec.auto_tenant_creation,
            )
            if spec.multi_tenant
            else None
        ),
    }
    if spec.generative_module:
        kwargs["generative_config"] = Configure.Generative.custom(
            module_name=spec.generative_module
        )
    if spec.reranker_module:
        kwargs["reranker_config"] = Configure.Reranker.custom(module_name=spec.reranker_module)
    if spec.replication_factor is not None:
        kwargs["replication_config"] = Configure.replication(factor=spec.replication_factor)
    async with session.call():
        await session.client.collections.create(spec.name, **kwargs)
    session.forget_config(spec.name)
    return await session.collection_config(spec.name, refresh=True)


def _to_property(prop: PropertySpec) -> Any:
    from weaviate.classes.config import DataType, Property

    return Property(
        name=prop.name,
        data_type=DataType(prop.data_type),
        description=prop.description,
        nested_properties=[_to_property(p) for p in prop.nested] or None,
    )


def _to_vector(vector: VectorSpec) -> Any:
    from weaviate.classes.config import Configure, VectorDistances

    distance = VectorDistances(vector.distance)
    factories: dict[str, Any] = {
        "hnsw": Configure.VectorIndex.hnsw,
        "flat": Configure.VectorIndex.flat,
        "dynamic": Configure.VectorIndex.dynamic,
    }
    index_config = factories[vector.index_type](distance_metric=distance)
    if vector.vectorizer == "none":
        return Configure.Vectors.self_provided(name=vector.name, vector_index_config=index_config)
    return Configure.Vectors.custom(
        name=vector.name,
        module_name=vector.vectorizer,
        source_properties=list(vector.source_properties) or None,
        vector_index_config=index_config,
    )


async def create_from_dict(
    session: ExplorerSession, config: Any, *, name: str | None = None
) -> CollectionConfig:
    """Create a collection from a JSON config (an exported one too); ``name`` renames it."""
    await session.approve(f"create collection {name or _named(config)}")
    checked = check_config_dict(config, name)
    collection = checked["class"]
    await _refuse_existing(session, collection)
    async with session.call():
        await session.client.collections.create_from_dict(checked)
    session.forget_config(collection)
    return await session.collection_config(collection, refresh=True)


def _named(config: Any) -> str:
    named = config.get("class") or config.get("name") if isinstance(config, dict) else None
    return str(named) if named else "from a JSON config"


async def add_property(
    session: ExplorerSession, collection: str, prop: PropertySpec
) -> CollectionConfig:
    """Add one property (existing objects have no value for it); returns the new config."""
    await session.approve(f"add property {prop.name} to {collection}")
    check_property(prop)
    config = await session.collection_config(collection, refresh=True)
    clash = next((p.name for p in config.properties if p.name.lower() == prop.name.lower()), None)
    if clash is not None:
        raise ExplorerError(
            "Property exists", f"{config.name} already has a property {clash}; choose another name"
        )
    async with session.call():
        await session.client.collections.use(config.name).config.add_property(_to_property(prop))
    session.forget_config(config.name)
    session.forget_config(collection)
    return await session.collection_config(config.name, refresh=True)


async def drop_collection(session: ExplorerSession, name: str) -> None:
    """Delete a collection with all its objects (the caller has asked the user to confirm)."""
    await session.approve(f"delete collection {name}")
    name = check_collection_name(name)
    if name not in await collection_names(session):
        raise ExplorerError("Not found", f"there is no collection {name}; nothing was deleted")
    async with session.call():
        await session.client.collections.delete(name)
    session.forget_config(name)
    if session.current_collection == name:
        session.current_collection = None
        session.current_tenant = None


def config_json(config: CollectionConfig) -> str:
    """The config as JSON that ``create-collection --from-json`` accepts back."""
    return to_json(dict(config.raw)) + "\n"


def write_config_json(config: CollectionConfig, path_text: str | Path) -> Path:
    """Write the config atomically (blocking: call it in a thread), so no half file is left."""
    path = Path(path_text).expanduser()
    temporary = path.with_name(path.name + ".part")
    try:
        temporary.write_text(config_json(config), encoding="utf-8")
        temporary.replace(path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise ExplorerError("Cannot write the file", f"{path}: {exc.strerror or exc}") from None
    return path
