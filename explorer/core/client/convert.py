"""Turn weaviate-client return values into the core's plain dataclasses."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import struct
import uuid as uuid_module
from collections.abc import Mapping, Sequence
from typing import Any

from explorer.core.base.models import (
    CollectionConfig,
    ObjectRecord,
    PropertyInfo,
    VectorInfo,
    VectorValue,
)


def enum_text(value: Any) -> str:
    """The plain string of a client enum (or of a plain string)."""
    if value is None:
        return ""
    if isinstance(value, enum.Enum):
        return str(value.value)
    return str(value)


#: Types that are plain already: the common case, checked first and cheaply.
_PLAIN_TYPES = frozenset({str, int, float, bool, type(None), dt.datetime, dt.date})


def plain_value(value: Any) -> Any:
    """A property value as plain Python: dicts, lists, str, numbers, bool, datetime, None."""
    if type(value) in _PLAIN_TYPES:
        return value
    if isinstance(value, str | bool | int | float | dt.datetime | dt.date):
        return value
    if isinstance(value, uuid_module.UUID):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): plain_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain_value(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain_value(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if hasattr(value, "latitude") and hasattr(value, "longitude"):
        return geo_value(value)
    model_dump = getattr(value, "model_dump", None)  # pydantic models (PhoneNumber)
    if callable(model_dump):
        return plain_value(model_dump(exclude_none=True))
    if isinstance(value, bytes):
        return value.decode("ascii", errors="replace")
    return str(value)


def shortest_float32(number: float) -> float:
    """The shortest decimal that float32 stores as ``number`` (52.37, not 52.369998931884766)."""
    packed = struct.pack("<f", number)
    for digits in range(1, 10):
        candidate = float(f"{number:.{digits}g}")
        if struct.pack("<f", candidate) == packed:
            return candidate
    return number


def geo_value(value: Any) -> dict[str, float]:
    """Geo coordinates as plain data: Weaviate keeps them as float32, so they are shown as the
    shortest decimals that float32 stores the same way (what was written, when it fitted)."""
    return {
        "latitude": shortest_float32(float(value.latitude)),
        "longitude": shortest_float32(float(value.longitude)),
    }


def _vector_value(raw: Any) -> VectorValue:
    if raw and isinstance(raw[0], list | tuple):
        return tuple(tuple(float(x) for x in row) for row in raw)
    return tuple(float(x) for x in raw)


def _references(obj: Any) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """The uuids of each reference, and the target collection of each uuid."""
    uuids: dict[str, tuple[str, ...]] = {}
    collections: dict[str, tuple[str, ...]] = {}
    for name, ref in (getattr(obj, "references", None) or {}).items():
        targets = getattr(ref, "objects", []) or []
        uuids[name] = tuple(str(target.uuid) for target in targets)
        collections[name] = tuple(str(target.collection) for target in targets)
    return uuids, collections


def _reference_properties(obj: Any) -> dict[str, tuple[Mapping[str, Any], ...]]:
    """The properties returned of each reference target (when a query asked for some)."""
    return {
        name: tuple(
            {k: plain_value(v) for k, v in (target.properties or {}).items()}
            for target in (getattr(ref, "objects", []) or [])
        )
        for name, ref in (getattr(obj, "references", None) or {}).items()
    }


def with_more_references(record: ObjectRecord, obj: Any) -> ObjectRecord:
    """``record`` with the references of ``obj`` (the same object, queried for another target)."""
    uuids, collections = _references(obj)
    references = dict(record.references)
    reference_collections = dict(record.reference_collections)
    for name, found in uuids.items():
        references[name] = references.get(name, ()) + found
        if name in collections:
            reference_collections[name] = reference_collections.get(name, ()) + collections[name]
    return dataclasses.replace(
        record, references=references, reference_collections=reference_collections
    )


def object_record(
    obj: Any,
    collection: str,
    order: Sequence[str | PropertyInfo] = (),
) -> ObjectRecord:
    """One ``weaviate.collections.classes.internal.Object`` (or its generative kin).

    Properties come in ``order`` (the schema's), then any others; the server's map is unordered.
    Given as :class:`PropertyInfo`, the order applies to nested objects' keys too.
    """
    metadata = obj.metadata
    references, reference_collections = _references(obj)
    generative = getattr(obj, "generative", None)
    properties = {k: plain_value(v) for k, v in (obj.properties or {}).items()}
    for info in order:
        if isinstance(info, PropertyInfo) and info.nested and info.name in properties:
            properties[info.name] = nested_in_schema_order(properties[info.name], info)
    names = [info.name if isinstance(info, PropertyInfo) else info for info in order]
    return ObjectRecord(
        uuid=str(obj.uuid),
        collection=obj.collection or collection,
        properties=_ordered(properties, names),
        vectors={name: _vector_value(v) for name, v in (obj.vector or {}).items()},
        references=references,
        created=getattr(metadata, "creation_time", None),
        updated=getattr(metadata, "last_update_time", None),
        distance=getattr(metadata, "distance", None),
        certainty=getattr(metadata, "certainty", None),
        score=getattr(metadata, "score", None),
        explain_score=getattr(metadata, "explain_score", None) or None,
        rerank_score=getattr(metadata, "rerank_score", None),
        generated=getattr(generative, "text", None) if generative is not None else None,
        reference_collections=reference_collections,
        reference_properties=_reference_properties(obj),
    )


def nested_in_schema_order(value: Any, info: PropertyInfo) -> Any:
    """A nested object (or a list of them) with its keys in the schema's order, at every level."""
    if isinstance(value, list):
        return [nested_in_schema_order(item, info) for item in value]
    if not isinstance(value, dict):
        return value
    fields = {p.name: p for p in info.nested}
    ordered = {n: nested_in_schema_order(value[n], f) for n, f in fields.items() if n in value}
    ordered.update((k, v) for k, v in value.items() if k not in ordered)
    return ordered


def _ordered(properties: dict[str, Any], order: Sequence[str]) -> dict[str, Any]:
    ordered = {name: properties[name] for name in order if name in properties}
    if len(ordered) < len(properties):
        ordered.update((k, v) for k, v in properties.items() if k not in ordered)
    return ordered


def _property_info(prop: Any) -> PropertyInfo:
    return PropertyInfo(
        name=prop.name,
        data_type=enum_text(prop.data_type),
        tokenization=enum_text(prop.tokenization) or None,
        description=prop.description,
        nested=tuple(_property_info(p) for p in (prop.nested_properties or [])),
    )


def vector_infos(config: Any) -> tuple[VectorInfo, ...]:
    """Named vectors of a collection config, or its one legacy unnamed vector."""
    named = config.vector_config or {}
    if named:
        return tuple(
            VectorInfo(
                name=name,
                vectorizer=enum_text(vc.vectorizer.vectorizer),
                index_type=enum_text(vc.vector_index_config.vector_index_type()),
                distance=enum_text(getattr(vc.vector_index_config, "distance_metric", "")),
                source_properties=tuple(vc.vectorizer.source_properties or ()),
                vectorizer_settings=dict(vc.vectorizer.model or {}),
            )
            for name, vc in sorted(named.items())
        )
    if config.vector_index_config is not None:
        return (
            VectorInfo(
                name="default",
                vectorizer=enum_text(config.vectorizer) or "none",
                index_type=enum_text(config.vector_index_type),
                distance=enum_text(getattr(config.vector_index_config, "distance_metric", "")),
                vectorizer_settings=dict(
                    (config.vectorizer_config.model or {}) if config.vectorizer_config else {}
                ),
            ),
        )
    return ()


def collection_config(config: Any) -> CollectionConfig:
    return CollectionConfig(
        name=config.name,
        description=config.description,
        properties=tuple(_property_info(p) for p in config.properties),
        references=tuple(
            (ref.name, tuple(ref.target_collections)) for ref in (config.references or [])
        ),
        vectors=vector_infos(config),
        named_vectors=bool(config.vector_config),
        multi_tenant=bool(config.multi_tenancy_config.enabled),
        generative_module=enum_text(config.generative_config.generative)
        if config.generative_config
        else None,
        reranker_module=enum_text(config.reranker_config.reranker)
        if config.reranker_config
        else None,
        raw=config.to_dict(),
        index_null_state=bool(
            config.inverted_index_config and config.inverted_index_config.index_null_state
        ),
    )
