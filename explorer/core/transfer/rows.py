"""One row of an import file, checked against the collection's schema and made client-ready.

A row is either the export form ``{"uuid", "properties": {...}, "vectors": {...},
"references": {...}}`` or flat: ``uuid``, ``vector``, ``vector.<name>``, reference properties
and properties side by side (the only form a CSV file has). CSV cells are text, so they are
parsed by the property's type: numbers, booleans, dates, and JSON text for arrays and objects.
Every problem is a :class:`RowError` for that row only; the import goes on with the next.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import math
import re
import uuid as uuid_module
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from explorer.core.base import json_input
from explorer.core.base.models import CollectionConfig, PropertyInfo
from explorer.core.objects.validation import check_value, check_vector
from explorer.core.transfer.row_ids import RowIds

#: Types whose import is more lenient than an insert: a date without a time or zone, a phone
#: number as plain text. Their checks stay in :func:`coerce_value`.
_LENIENT_TYPES = frozenset({"date", "phoneNumber"})
#: Keys of the export form that describe an object but are not imported.
METADATA_KEYS = frozenset(
    {
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
)
VECTOR_PREFIX = "vector."
_BEACON = re.compile(r"^weaviate://[^/]+/(?:([A-Za-z_][A-Za-z0-9_]*)/)?([0-9a-fA-F-]{32,36})$")
_TRUE = {"true", "t", "yes", "y", "1"}
_FALSE = {"false", "f", "no", "n", "0"}
_FRACTION = re.compile(r"(\.\d{6})\d+")


class RowError(Exception):
    """This row cannot be imported; the message says which value and why."""


@dataclass(frozen=True)
class PreparedReference:
    property: str
    uuid: str
    #: The target collection: needed for a multi-target reference, None for a single target.
    collection: str | None = None


@dataclass(frozen=True)
class PreparedObject:
    """A row ready for the batch: properties in the client's types, vectors, references."""

    row: int
    uuid: str
    properties: dict[str, Any]
    vector: dict[str, Any] | list[Any] | None
    references: tuple[PreparedReference, ...]


class RowShaper:
    """Turns raw rows into :class:`PreparedObject` for one collection's schema."""

    def __init__(
        self,
        config: CollectionConfig,
        *,
        cells_are_text: bool = False,
        tenant: str | None = None,
        dimensions: Mapping[str, int] | None = None,
    ) -> None:
        self.config = config
        #: A row without a uuid gets a deterministic one (see explorer.core.transfer.row_ids).
        self.row_ids = RowIds(config.name, tenant)
        self.cells_are_text = cells_are_text
        #: Known vector dimensions by name ("default" for an unnamed vector).
        self.dimensions = dict(dimensions or {})
        self.properties = {p.name: p for p in config.properties}
        self.references = dict(config.references)
        self.vector_names = [v.name for v in config.vectors]

    # -- columns (CSV headers) --------------------------------------------------------------------

    def unknown_columns(self, columns: list[str]) -> list[str]:
        """Header names that are neither uuid, a vector, a reference nor a property."""
        return [c for c in columns if not self._is_known_key(c)]

    def _is_known_key(self, key: str) -> bool:
        return (
            key in ("uuid", "id", "vector", "vectors")
            or key.startswith(VECTOR_PREFIX)
            or key in self.references
            or key in self.properties
        )

    def describe_columns(self) -> str:
        names = ["uuid", *self.properties, *self.references]
        names += [VECTOR_PREFIX + n for n in self.vector_names] if self.config.named_vectors else []
        names += [] if self.config.named_vectors else ["vector"]
        return ", ".join(names)

    # -- one row ----------------------------------------------------------------------------------

    def prepare(self, row: int, raw: Mapping[str, Any]) -> PreparedObject:
        if not isinstance(raw, Mapping):
            raise RowError(f"expected an object {{...}}, found {json_input.json_kind(raw)}")
        nested = isinstance(raw.get("properties"), Mapping) and "properties" not in self.properties
        if nested:
            props_in = dict(raw["properties"])
            extra = {k: v for k, v in raw.items() if k != "properties" and k not in METADATA_KEYS}
            unknown = [
                k for k in extra if k not in ("uuid", "id", "vector", "vectors", "references")
            ]
            if unknown:
                raise RowError(
                    f"unknown key {unknown[0]!r} next to 'properties': "
                    "use uuid, vector, vectors and references there"
                )
            refs_in = extra.get("references") or {}
            if not isinstance(refs_in, Mapping):
                raise RowError("references: expected an object {property: [uuid, …]}")
            refs_in = dict(refs_in)
        else:
            extra = {}
            props_in, refs_in = {}, {}
            for key, value in raw.items():
                if key in ("uuid", "id", "vector", "vectors") or key.startswith(VECTOR_PREFIX):
                    extra[key] = value
                elif key in self.references:
                    refs_in[key] = value
                elif key in self.properties:
                    props_in[key] = value
                elif key in METADATA_KEYS and not self.cells_are_text:
                    continue
                else:
                    raise RowError(
                        f"{self.config.name} has no property {key!r}; "
                        f"the columns it takes are {self.describe_columns()}"
                    )
        object_id = self._uuid(extra.get("uuid", extra.get("id")), raw)
        properties = {}
        for name, value in props_in.items():
            info = self.properties.get(name)
            if info is None:
                raise RowError(
                    f"{self.config.name} has no property {name!r}; "
                    f"choose from {', '.join(self.properties) or 'none'}"
                )
            if self._is_empty(value):
                continue
            properties[name] = self._value(value, info, name)
        references = tuple(
            ref
            for name, value in refs_in.items()
            if not self._is_empty(value)
            for ref in self._references(name, value)
        )
        return PreparedObject(
            row=row,
            uuid=object_id,
            properties=properties,
            vector=self._vectors(extra),
            references=references,
        )

    def _is_empty(self, value: Any) -> bool:
        return value is None or (self.cells_are_text and value == "")

    def _uuid(self, value: Any, raw: Mapping[str, Any]) -> str:
        if self._is_empty(value):
            return self.row_ids.for_row(raw)  # the same row gets the same uuid on a re-run
        try:
            return str(uuid_module.UUID(str(value)))
        except ValueError:
            raise RowError(f"uuid: {_short(value)} is not a UUID") from None

    # -- vectors ----------------------------------------------------------------------------------

    def _vectors(self, extra: Mapping[str, Any]) -> dict[str, Any] | list[Any] | None:
        named: dict[str, Any] = {}
        plain = extra.get("vector")
        vectors = extra.get("vectors")
        if not self._is_empty(vectors):
            parsed = self._json_cell(vectors, "vectors")
            if not isinstance(parsed, Mapping):
                raise RowError("vectors: expected an object {name: [numbers]}")
            named.update(parsed)
        for key, value in extra.items():
            if key.startswith(VECTOR_PREFIX) and not self._is_empty(value):
                named[key.removeprefix(VECTOR_PREFIX)] = value
        if not self._is_empty(plain):
            parsed_plain = self._json_cell(plain, "vector")
            if isinstance(parsed_plain, Mapping):
                named.update(parsed_plain)
            elif self.config.named_vectors and len(self.vector_names) == 1:
                named[self.vector_names[0]] = parsed_plain
            elif self.config.named_vectors:
                raise RowError(
                    f"vector: {self.config.name} has several named vectors "
                    f"({', '.join(self.vector_names)}); name each one: vector.<name>"
                )
            else:
                return self._vector(parsed_plain, "default", "vector")
        if not named:
            return None
        if not self.config.named_vectors:
            if set(named) <= {"default"}:
                value = self._json_cell(named["default"], "vector")
                return self._vector(value, "default", "vector")
            raise RowError(f"{self.config.name} has one unnamed vector: write it as 'vector'")
        out = {}
        for name, value in named.items():
            if name not in self.vector_names:
                raise RowError(
                    f"{self.config.name} has no vector {name!r}; "
                    f"choose from {', '.join(self.vector_names) or 'none'}"
                )
            where = f"vector.{name}"
            out[name] = self._vector(self._json_cell(value, where), name, where)
        return out

    def _vector(self, value: Any, name: str, where: str) -> list[Any]:
        problems = check_vector(self.config, name, value, where, self.dimensions)
        if problems:
            raise RowError("; ".join(map(str, problems)))
        return _vector(value, where)

    # -- references -------------------------------------------------------------------------------

    def _references(self, name: str, value: Any) -> list[PreparedReference]:
        if isinstance(value, str):
            # A CSV cell holds JSON ([uuids], {"uuid", "collection"}) or one bare uuid or beacon.
            bare = value.strip()
            value = bare if bare[:1] not in ("[", "{", '"') else self._json_cell(value, name)
        targets = self.references[name]
        items = value if isinstance(value, list) else [value]
        out = []
        for item in items:
            collection: str | None = None
            if isinstance(item, Mapping):
                target_id = item.get("uuid", item.get("id"))
                collection = item.get("collection")
                if collection is not None and not isinstance(collection, str):
                    raise RowError(f"{name}: the collection of a reference is a name")
            elif isinstance(item, str):
                match = _BEACON.match(item)
                target_id, collection = (match.group(2), match.group(1)) if match else (item, None)
            else:
                raise RowError(f"{name}: a reference is a uuid, not {json_input.json_kind(item)}")
            try:
                target_id = str(uuid_module.UUID(str(target_id)))
            except ValueError:
                raise RowError(f"{name}: {_short(target_id)} is not a UUID") from None
            if len(targets) > 1:
                if collection is None:
                    raise RowError(
                        f"{name} may point to {', '.join(targets)}: write each reference as "
                        '{"uuid": "…", "collection": "…"}'
                    )
                if collection not in targets:
                    raise RowError(f"{name} points to {', '.join(targets)}, not to {collection!r}")
                out.append(PreparedReference(name, target_id, collection))
            else:
                out.append(PreparedReference(name, target_id, None))
        return out

    # -- property values --------------------------------------------------------------------------

    def _json_cell(self, value: Any, where: str) -> Any:
        if not (self.cells_are_text and isinstance(value, str)):
            return value
        try:
            return json_input.loads(value)
        except json.JSONDecodeError as exc:
            raise RowError(f"{where}: {_short(value)} is not valid JSON ({exc.msg})") from None

    def _value(self, value: Any, info: PropertyInfo, where: str) -> Any:
        data_type = info.data_type
        if self.cells_are_text and isinstance(value, str):
            value = _parse_cell(value, data_type, where)
        if data_type.removesuffix("[]") not in _LENIENT_TYPES:
            problems = check_value(self.config, info, value, where)
            if problems:
                raise RowError("; ".join(map(str, problems)))
        return coerce_value(value, info, where)


def _parse_cell(text: str, data_type: str, where: str) -> Any:
    """A CSV cell as the JSON value it stands for."""
    if data_type in ("text", "date", "uuid", "blob"):
        return text
    if data_type == "boolean":
        lowered = text.strip().lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise RowError(f"{where}: {_short(text)} is not a boolean (write true or false)")
    if data_type == "int":
        try:
            return int(text.strip())
        except ValueError:
            pass
    if data_type in ("int", "number"):
        try:
            return float(text.strip())
        except ValueError:
            return text  # the check says what a number looks like
    if data_type == "phoneNumber" and not text.lstrip().startswith("{"):
        return text
    try:
        return json_input.loads(text)
    except json.JSONDecodeError as exc:
        raise RowError(
            f"{where}: a {data_type} cell is JSON text, and {_short(text)} is not ({exc.msg})"
        ) from None


def coerce_value(value: Any, info: PropertyInfo, where: str) -> Any:
    """A JSON value as the client type for ``info``'s data type, or a :class:`RowError`."""
    data_type = info.data_type
    if data_type.endswith("[]"):
        if not isinstance(value, list):
            raise RowError(
                f"{where}: expected a list for {data_type}, found {json_input.json_kind(value)}"
            )
        element = PropertyInfo(info.name, data_type[:-2], nested=info.nested)
        return [
            coerce_value(item, element, f"{where}[{index}]") for index, item in enumerate(value)
        ]
    if value is None:
        return None
    match data_type:
        case "text":
            if isinstance(value, str):
                return value
        case "int":
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            if isinstance(value, int) and not isinstance(value, bool):
                if -(2**63) <= value < 2**63:
                    return value
                raise RowError(f"{where}: {_short(value)} does not fit in an int (64 bits)")
        case "number":
            if isinstance(value, int | float) and not isinstance(value, bool):
                number = _finite(value)
                if number is not None:
                    return number
                raise RowError(f"{where}: {_short(value)} is not a finite number")
        case "boolean":
            if isinstance(value, bool):
                return value
        case "date":
            if isinstance(value, str):
                return parse_date(value, where)
        case "uuid":
            if isinstance(value, str):
                try:
                    return str(uuid_module.UUID(value))
                except ValueError:
                    raise RowError(f"{where}: {_short(value)} is not a UUID") from None
        case "blob":
            if isinstance(value, str):
                try:
                    base64.b64decode(value, validate=True)
                except (binascii.Error, ValueError):
                    raise RowError(f"{where}: a blob is base64 text, and this is not") from None
                return value
        case "geoCoordinates":
            return _geo(value, where)
        case "phoneNumber":
            return _phone(value, where)
        case "object":
            if isinstance(value, Mapping):
                return _nested(value, info, where)
        case _:
            return value  # a type this version does not know: the server decides
    raise RowError(
        f"{where}: expected {data_type}, found {json_input.json_kind(value)} {_short(value)}"
    )


def _nested(value: Mapping[str, Any], info: PropertyInfo, where: str) -> dict[str, Any]:
    fields = {p.name: p for p in info.nested}
    out = {}
    for key, item in value.items():
        field = fields.get(key)
        if field is None:
            raise RowError(
                f"{where}.{key}: no such nested property; choose from {', '.join(fields)}"
            )
        if item is not None:
            out[key] = coerce_value(item, field, f"{where}.{key}")
    return out


def parse_date(text: str, where: str) -> dt.datetime:
    """An RFC 3339 date; without a zone it is UTC; more than microseconds are cut."""
    cleaned = _FRACTION.sub(r"\1", text.strip())
    try:
        parsed = dt.datetime.fromisoformat(cleaned)
    except ValueError:
        raise RowError(
            f"{where}: {_short(text)} is not a date (write e.g. 2024-01-31T12:00:00Z)"
        ) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def _geo(value: Any, where: str) -> Any:
    from weaviate.classes.data import GeoCoordinate

    if isinstance(value, Mapping) and {"latitude", "longitude"} <= set(value):
        try:
            return GeoCoordinate(
                latitude=float(value["latitude"]), longitude=float(value["longitude"])
            )
        except (TypeError, ValueError, OverflowError):
            pass
    raise RowError(f'{where}: expected {{"latitude": 52.37, "longitude": 4.89}} in range')


def _phone(value: Any, where: str) -> Any:
    from weaviate.classes.data import PhoneNumber

    if isinstance(value, str):
        return PhoneNumber(number=value)
    if isinstance(value, Mapping):
        number = value.get("input", value.get("number"))
        country = value.get("defaultCountry", value.get("default_country"))
        if isinstance(number, str) and (country is None or isinstance(country, str)):
            return PhoneNumber(number=number, default_country=country or None)
    raise RowError(f'{where}: expected a phone number: "+31 20 1234567" or {{"input", …}}')


def _vector(value: Any, where: str) -> list[Any]:
    def numbers(row: Any) -> list[float]:
        if not isinstance(row, list) or not row:
            raise RowError(f"{where}: expected a non-empty list of numbers")
        out = []
        for x in row:
            number = None if isinstance(x, bool) or not isinstance(x, int | float) else _finite(x)
            if number is None:
                raise RowError(f"{where}: {_short(x)} is not a finite number")
            out.append(number)
        return out

    if isinstance(value, list) and value and isinstance(value[0], list):
        return [numbers(row) for row in value]  # a multi-vector
    return numbers(value)


def _finite(number: float) -> float | None:
    """``number`` as a float, or None when it is not finite (or an int too big for a float)."""
    try:
        as_float = float(number)
    except OverflowError:
        return None
    return as_float if math.isfinite(as_float) else None


def _short(value: Any, width: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= width else text[: width - 1] + "…"
