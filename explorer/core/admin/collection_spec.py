"""What a new collection or property should be, checked locally before anything is sent.

Specs are plain frozen dataclasses the front ends fill in from a form, flags or pasted JSON;
:func:`check_spec` and :func:`parse_config_json` turn every mistake into an ExplorerError that
says what to fix, so a bad request never reaches the server.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from explorer.core.base import json_input
from explorer.core.base.errors import ExplorerError
from explorer.core.base.names import COLLECTION_NAME
from explorer.core.objects.validation import json_hint

#: Data types a property can have, as Weaviate names them.
DATA_TYPES: tuple[str, ...] = (
    "text",
    "text[]",
    "int",
    "int[]",
    "number",
    "number[]",
    "boolean",
    "boolean[]",
    "date",
    "date[]",
    "uuid",
    "uuid[]",
    "geoCoordinates",
    "phoneNumber",
    "blob",
    "object",
    "object[]",
)
#: Short names people type, mapped to Weaviate's names.
TYPE_ALIASES: dict[str, str] = {
    "string": "text",
    "str": "text",
    "integer": "int",
    "float": "number",
    "bool": "boolean",
    "geo": "geoCoordinates",
    "phone": "phoneNumber",
}
VECTORIZERS: tuple[str, ...] = ("none", "text2vec-bigram")
INDEX_TYPES: tuple[str, ...] = ("hnsw", "flat", "dynamic")
DISTANCES: tuple[str, ...] = ("cosine", "dot", "l2-squared", "hamming", "manhattan")

_PROPERTY_NAME = re.compile(r"^[_A-Za-z][_0-9A-Za-z]{0,230}$")
_VECTOR_NAME = re.compile(r"^[_A-Za-z][-_0-9A-Za-z]{0,230}$")


@dataclass(frozen=True)
class PropertySpec:
    name: str
    data_type: str
    description: str | None = None
    #: The properties inside an ``object`` or ``object[]`` property.
    nested: tuple[PropertySpec, ...] = ()


@dataclass(frozen=True)
class VectorSpec:
    """One named vector: its vectorizer and its index."""

    name: str = "default"
    vectorizer: str = "none"
    #: The text properties text2vec-bigram reads (all text properties when empty).
    source_properties: tuple[str, ...] = ()
    index_type: str = "hnsw"
    distance: str = "cosine"


@dataclass(frozen=True)
class CollectionSpec:
    name: str
    description: str | None = None
    properties: tuple[PropertySpec, ...] = ()
    vectors: tuple[VectorSpec, ...] = field(default_factory=lambda: (VectorSpec(),))
    generative_module: str | None = None
    reranker_module: str | None = None
    multi_tenant: bool = False
    auto_tenant_creation: bool = False
    replication_factor: int | None = None


def normalise_data_type(text: str) -> str:
    """``Text``, ``string`` or ``int[]`` → Weaviate's name, or an error listing the choices."""
    cleaned = text.strip()
    lowered = cleaned.lower()
    by_lower = {t.lower(): t for t in DATA_TYPES}
    base, array = (lowered[:-2], "[]") if lowered.endswith("[]") else (lowered, "")
    name = by_lower.get(lowered) or by_lower.get(TYPE_ALIASES.get(base, base).lower() + array)
    if name is None:
        raise ExplorerError(
            "Unknown data type",
            f"{cleaned!r} is not a data type; use one of {', '.join(DATA_TYPES)}",
        )
    return name


def check_collection_name(name: str) -> str:
    """Weaviate capitalises the first letter; we ask for a valid name and do the same."""
    stripped = name.strip()
    if not COLLECTION_NAME.match(stripped):
        raise ExplorerError(
            "Invalid collection name",
            f"{stripped!r}: start with a letter, then letters, digits or _ only",
        )
    return stripped[0].upper() + stripped[1:]


def check_property(prop: PropertySpec, where: str = "") -> None:
    label = f"{where}{prop.name}"
    if not _PROPERTY_NAME.match(prop.name):
        raise ExplorerError(
            "Invalid property name",
            f"{label!r}: start with a letter or _, then letters, digits or _ only",
        )
    if prop.data_type not in DATA_TYPES:
        raise ExplorerError(
            "Unknown data type",
            f"{label}: {prop.data_type!r} is not a data type; use one of {', '.join(DATA_TYPES)}",
        )
    is_object = prop.data_type in ("object", "object[]")
    if is_object and not prop.nested:
        raise ExplorerError(
            "Nested properties needed",
            f"{label} is {prop.data_type}: give it at least one nested property",
        )
    if prop.nested and not is_object:
        raise ExplorerError(
            "Nested properties need an object",
            f"{label} is {prop.data_type}; only object and object[] properties nest others",
        )
    _check_unique([p.name for p in prop.nested], f"inside {label}")
    for nested in prop.nested:
        check_property(nested, where=f"{label}.")


def check_spec(spec: CollectionSpec, server_modules: tuple[str, ...] = ()) -> CollectionSpec:
    """The spec with its name capitalised, or an error naming the first thing to fix."""
    name = check_collection_name(spec.name)
    _check_unique([p.name for p in spec.properties], f"in {name}")
    for prop in spec.properties:
        check_property(prop)
    if not spec.vectors:
        raise ExplorerError("Vector needed", "give the collection at least one vector")
    _check_unique([v.name for v in spec.vectors], "among the vectors")
    text_properties = {p.name for p in spec.properties if p.data_type in ("text", "text[]")}
    for vector in spec.vectors:
        _check_vector(vector, text_properties, server_modules)
    for kind, module in (
        ("generative", spec.generative_module),
        ("reranker", spec.reranker_module),
    ):
        if module and server_modules and module not in server_modules:
            raise ExplorerError(
                "Module not on the server",
                f"the {kind} module {module!r} is not enabled on this server "
                f"(it has {', '.join(server_modules) or 'no modules'})",
            )
    if spec.replication_factor is not None and spec.replication_factor < 1:
        raise ExplorerError("Invalid replication factor", "the replication factor is at least 1")
    if spec.auto_tenant_creation and not spec.multi_tenant:
        raise ExplorerError(
            "Multi-tenancy needed", "automatic tenant creation needs multi-tenancy on"
        )
    return CollectionSpec(
        name=name,
        description=spec.description or None,
        properties=spec.properties,
        vectors=spec.vectors,
        generative_module=spec.generative_module or None,
        reranker_module=spec.reranker_module or None,
        multi_tenant=spec.multi_tenant,
        auto_tenant_creation=spec.auto_tenant_creation,
        replication_factor=spec.replication_factor,
    )


def _check_vector(
    vector: VectorSpec, text_properties: set[str], server_modules: tuple[str, ...]
) -> None:
    if not _VECTOR_NAME.match(vector.name):
        raise ExplorerError(
            "Invalid vector name", f"{vector.name!r}: letters, digits, _ and - only"
        )
    if vector.vectorizer not in VECTORIZERS:
        raise ExplorerError(
            "Unknown vectorizer",
            f"{vector.vectorizer!r}: use one of {', '.join(VECTORIZERS)}",
        )
    if vector.vectorizer != "none" and server_modules and vector.vectorizer not in server_modules:
        raise ExplorerError(
            "Module not on the server",
            f"the vectorizer {vector.vectorizer!r} is not enabled on this server",
        )
    if vector.vectorizer == "none" and vector.source_properties:
        raise ExplorerError(
            "Source properties need a vectorizer",
            f"vector {vector.name}: without a vectorizer there is nothing to read them",
        )
    unknown = [p for p in vector.source_properties if p not in text_properties]
    if unknown:
        raise ExplorerError(
            "Unknown source property",
            f"vector {vector.name} reads {', '.join(unknown)}, which is not a text property "
            f"(text properties: {', '.join(sorted(text_properties)) or 'none'})",
        )
    if vector.index_type not in INDEX_TYPES:
        raise ExplorerError(
            "Unknown vector index", f"{vector.index_type!r}: use one of {', '.join(INDEX_TYPES)}"
        )
    if vector.distance not in DISTANCES:
        raise ExplorerError(
            "Unknown distance", f"{vector.distance!r}: use one of {', '.join(DISTANCES)}"
        )


def _check_unique(names: list[str], where: str) -> None:
    seen: set[str] = set()
    for name in names:
        if name.lower() in seen:
            raise ExplorerError("Duplicate name", f"{name!r} appears twice {where}")
        seen.add(name.lower())


# -- JSON configs --------------------------------------------------------------------------------


def parse_config_json(text: str) -> dict[str, Any]:
    """A collection config from JSON text, with line and column for malformed JSON."""
    if not text.strip():
        raise ExplorerError("No JSON", "paste or load a collection config (a JSON object)")
    try:
        data = json_input.loads(text)
    except json.JSONDecodeError as exc:
        raise ExplorerError(
            "Malformed JSON", f"line {exc.lineno}, column {exc.colno}: {json_hint(text, exc)}"
        ) from None
    return check_config_dict(data)


def check_config_dict(data: Any, name: str | None = None) -> dict[str, Any]:
    """A copy of ``data`` ready for ``create_from_dict``: an object naming its collection.

    ``name`` (when given) replaces the collection's name, so an exported config can be
    created again as a copy. ``name`` is accepted in place of ``class``.
    """
    if not isinstance(data, dict):
        raise ExplorerError(
            "Not a collection config",
            f'expected a JSON object with a "class" name, got {type(data).__name__}',
        )
    config = dict(data)
    if "class" not in config and isinstance(config.get("name"), str):
        config["class"] = config.pop("name")
    if name is not None:
        config["class"] = name
    class_name = config.get("class")
    if not isinstance(class_name, str) or not class_name.strip():
        raise ExplorerError(
            "Collection name missing",
            'the config needs a "class" (the collection name), e.g. {"class": "Books", ...}',
        )
    config["class"] = check_collection_name(class_name)
    properties = config.get("properties", [])
    if not isinstance(properties, list):
        raise ExplorerError("Invalid properties", '"properties" must be a list of objects')
    for index, prop in enumerate(properties):
        if not isinstance(prop, dict) or not isinstance(prop.get("name"), str):
            raise ExplorerError(
                "Invalid property", f'properties[{index}] needs a "name" and a "dataType"'
            )
        data_type = prop.get("dataType")
        if not isinstance(data_type, list) or not data_type:
            raise ExplorerError(
                "Invalid property",
                f'property {prop["name"]!r} needs "dataType" as a list, e.g. ["text"]',
            )
    return config


def load_config_file(path_text: str) -> dict[str, Any]:
    """Read and check a JSON config file (blocking: call it in a thread)."""
    path = Path(path_text).expanduser()
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ExplorerError("Cannot read the file", f"{path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ExplorerError("Not a JSON file", f"{path} is not UTF-8 text") from None
    return parse_config_json(text)
