"""The part of a ``code --import`` script that reads rows as the explorer's import does.

This module is copied into every generated import script (from the first import on), so it
uses only the standard library and weaviate-client. It follows
:mod:`explorer.core.transfer.rows` and :mod:`explorer.core.transfer.row_ids`: the export form
``{"uuid", "properties", "vectors", "references"}`` or flat rows (CSV: ``uuid``, properties,
reference columns as JSON text, ``vector`` / ``vector.<name>``), values typed by the
collection's schema, CSV cells parsed by type, and the same deterministic uuid for a row that
has none. The tests run generated scripts against the explorer's own import, object by object.
"""

import csv
import datetime as dt
import hashlib
import json
import pathlib
import re
import uuid as uuid_module
from collections import Counter
from typing import Any

from weaviate.classes.data import GeoCoordinate, PhoneNumber

ROW_ID_NAMESPACE = uuid_module.UUID("5f2b7a9e-3c41-5d8e-9a6b-0e1f2c3d4e5f")
METADATA_KEYS = {
    "collection",
    "created",
    "updated",
    "score",
    "distance",
    "certainty",
    "rerank_score",
    "explain_score",
    "generated",
}
BEACON = re.compile(r"^weaviate://[^/]+/(?:([A-Za-z_][A-Za-z0-9_]*)/)?([0-9a-fA-F-]{32,36})$")
FRACTION = re.compile(r"(\.\d{6})\d+")
TRUE_WORDS = {"true", "t", "yes", "y", "1"}
FALSE_WORDS = {"false", "f", "no", "n", "0"}


def read_rows(path: str, file_format: str) -> list[Any]:
    """The rows of a JSON (an array, or the explorer's ``{"objects": [...]}``), JSONL or CSV
    file."""
    if file_format == "csv":
        with pathlib.Path(path).open(newline="", encoding="utf-8-sig") as file:
            reader = csv.reader(file)
            header = [name.strip() for name in next(reader)]
            return [dict(zip(header, record, strict=True)) for record in reader if record]
    text = pathlib.Path(path).read_text(encoding="utf-8-sig")
    if file_format == "jsonl":
        return [json.loads(line) for line in text.splitlines() if line.strip()]
    data = json.loads(text)
    return list(data["objects"]) if isinstance(data, dict) else list(data)


class Schema:
    """What the rows are read against: the collection's properties, references and vectors."""

    def __init__(self, config: Any, tenant: str | None) -> None:
        self.name = config.name
        self.properties = {p.name: p for p in config.properties}
        self.references = {r.name: list(r.target_collections) for r in config.references}
        self.vector_names = list(config.vector_config or {})
        self.named_vectors = bool(config.vector_config)
        self.scope = f"{config.name}\x00{tenant or ''}"
        self.seen: Counter[bytes] = Counter()

    def row_uuid(self, raw: dict[str, Any]) -> str:
        """The deterministic uuid of a row that has none (the explorer's import gives the same)."""
        content = json.dumps(
            {k: v for k, v in raw.items() if k not in ("uuid", "id")},
            sort_keys=True,
            separators=(",", ":"),
            ensure_ascii=False,
            default=str,
        )
        digest = hashlib.blake2b(content.encode("utf-8"), digest_size=16).digest()
        occurrence = self.seen[digest]
        self.seen[digest] += 1
        return str(
            uuid_module.uuid5(ROW_ID_NAMESPACE, f"{self.scope}\x00{occurrence}\x00{content}")
        )


def shape_row(
    raw: dict[str, Any], schema: Schema, cells_are_text: bool
) -> tuple[str, dict[str, Any], Any, list[tuple[str, str, str | None]]]:
    """(uuid, properties, vector, references as (property, target uuid, target collection))."""

    def empty(value: Any) -> bool:
        return value is None or (cells_are_text and value == "")

    def cell(value: Any) -> Any:
        return json.loads(value) if cells_are_text and isinstance(value, str) else value

    if isinstance(raw.get("properties"), dict) and "properties" not in schema.properties:
        props_in = dict(raw["properties"])
        refs_in = dict(raw.get("references") or {})
        extra = {k: v for k, v in raw.items() if k in ("uuid", "id", "vector", "vectors")}
    else:
        props_in, refs_in, extra = {}, {}, {}
        for key, value in raw.items():
            if key in ("uuid", "id", "vector", "vectors") or key.startswith("vector."):
                extra[key] = value
            elif key in schema.references:
                refs_in[key] = value
            elif key in schema.properties:
                props_in[key] = value
            elif not (key in METADATA_KEYS and not cells_are_text):
                raise ValueError(f"{schema.name} has no property {key!r}")
    object_uuid = extra.get("uuid", extra.get("id"))
    object_uuid = schema.row_uuid(raw) if empty(object_uuid) else str(uuid_module.UUID(object_uuid))
    properties = {
        name: typed(text_cell(value, prop) if cells_are_text else value, prop)
        for name, value in props_in.items()
        for prop in [schema.properties[name]]
        if not empty(value)
    }
    named: dict[str, Any] = {}
    if not empty(extra.get("vectors")):
        named.update(cell(extra["vectors"]))
    for key, value in extra.items():
        if key.startswith("vector.") and not empty(value):
            named[key.removeprefix("vector.")] = cell(value)
    vector: Any = None
    if not empty(extra.get("vector")):
        plain = cell(extra["vector"])
        if isinstance(plain, dict):
            named.update(plain)
        elif schema.named_vectors:
            named[schema.vector_names[0]] = plain
        else:
            vector = plain
    if named:
        vector = named if schema.named_vectors else named.get("default")
    references = []
    for name, value in refs_in.items():
        if empty(value):
            continue
        items = cell(value) if isinstance(value, str) else value
        for item in items if isinstance(items, list) else [items]:
            collection = None
            if isinstance(item, dict):
                target, collection = item.get("uuid", item.get("id")), item.get("collection")
            else:
                match = BEACON.match(item)
                target, collection = (match.group(2), match.group(1)) if match else (item, None)
            multi = len(schema.references[name]) > 1
            references.append(
                (name, str(uuid_module.UUID(str(target))), collection if multi else None)
            )
    return object_uuid, properties, vector, references


def text_cell(text: str, prop: Any) -> Any:
    """A CSV cell as the JSON value it stands for, by the property's type."""
    data_type = prop.data_type.value
    if data_type in ("text", "date", "uuid", "blob"):
        return text
    if data_type == "boolean":
        if text.strip().lower() in TRUE_WORDS | FALSE_WORDS:
            return text.strip().lower() in TRUE_WORDS
        raise ValueError(f"{prop.name}: {text!r} is not a boolean")
    if data_type == "int":
        try:
            return int(text.strip())
        except ValueError:
            return float(text.strip())
    if data_type == "number":
        return float(text.strip())
    if data_type == "phoneNumber" and not text.lstrip().startswith("{"):
        return text
    return json.loads(text)


def typed(value: Any, prop: Any) -> Any:
    """A JSON value as the client type of the property's data type."""
    data_type = prop.data_type.value if hasattr(prop.data_type, "value") else prop.data_type
    if data_type.endswith("[]"):
        element = _Element(prop.name, data_type[:-2], prop.nested_properties)
        return [typed(item, element) for item in value]
    if value is None:
        return None
    if data_type == "int" and isinstance(value, float) and value.is_integer():
        return int(value)
    if data_type == "number" and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if data_type == "date" and isinstance(value, str):
        parsed = dt.datetime.fromisoformat(
            FRACTION.sub(r"\1", value.strip().replace("Z", "+00:00"))
        )
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)
    if data_type == "geoCoordinates":
        return GeoCoordinate(latitude=float(value["latitude"]), longitude=float(value["longitude"]))
    if data_type == "phoneNumber":
        if isinstance(value, str):
            return PhoneNumber(number=value)
        number = value.get("input", value.get("number"))
        country = value.get("defaultCountry", value.get("default_country"))
        return PhoneNumber(number=number, default_country=country or None)
    if data_type == "object":
        fields = {p.name: p for p in prop.nested_properties or []}
        return {k: typed(v, fields[k]) for k, v in value.items() if v is not None}
    return value


class _Element:
    """One element of an array property, typed like the array's items."""

    def __init__(self, name: str, data_type: str, nested_properties: Any) -> None:
        self.name = name
        self.data_type = data_type
        self.nested_properties = nested_properties
