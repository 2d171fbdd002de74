"""A new collection for an import file: property names and data types inferred from its rows.

``import PATH --into NEW --create`` uses it when no config was exported next to the data. Every
row is read (blocking: run it in a thread). A JSON value has its own type; a CSV cell is text,
so it is read as what it looks like: a whole number, a number, true/false, a date, a uuid, JSON
for arrays and objects, else text. A property whose rows disagree becomes text, and the notes
say so.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from explorer.core.admin.collection_spec import (
    CollectionSpec,
    PropertySpec,
    VectorSpec,
    check_collection_name,
    check_property,
)
from explorer.core.base import json_input
from explorer.core.base.errors import ExplorerError
from explorer.core.transfer.readers import RowSource
from explorer.core.transfer.rows import METADATA_KEYS, VECTOR_PREFIX, RowError, parse_date

_ID_KEYS = frozenset({"uuid", "id"})
_INT = re.compile(r"^[+-]?\d+$")
_UUID = re.compile(r"^[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")
_DATE = re.compile(
    r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|z|[+-]\d{2}:?\d{2})?)?$"
)
_BOOLEANS = frozenset({"true", "false"})
_INT_RANGE = range(-(2**63), 2**63)


class InferenceError(ExplorerError):
    """No collection can be inferred from the file as it is (the message says what to change)."""


@dataclass
class _Seen:
    """What the values of one property (or of one nested property, or list element) were."""

    scalars: set[str] = field(default_factory=set)
    #: The elements of the lists seen (None until a list was seen).
    elements: _Seen | None = None
    #: The keys of the objects seen.
    nested: dict[str, _Seen] = field(default_factory=dict)
    objects: int = 0

    def add(self, value: Any, cells_are_text: bool) -> None:
        if value is None or (cells_are_text and value == ""):
            return
        if cells_are_text and isinstance(value, str):
            value = _cell_value(value)
        if isinstance(value, Mapping):
            self.objects += 1
            for key, item in value.items():
                self.nested.setdefault(str(key), _Seen()).add(item, cells_are_text=False)
        elif isinstance(value, list):
            self.elements = self.elements or _Seen()
            for item in value:
                self.elements.add(item, cells_are_text=False)
        else:
            self.scalars.add(_scalar_kind(value))


def _cell_value(text: str) -> Any:
    """A CSV cell as the value it stands for (JSON text for an array or an object)."""
    stripped = text.strip()
    if stripped.startswith(("[", "{")):
        try:
            return json_input.loads(stripped)
        except ValueError:
            return text
    lowered = stripped.lower()
    if lowered in _BOOLEANS:
        return lowered == "true"
    if _INT.match(stripped):
        number = int(stripped)
        return number if number in _INT_RANGE else float(number)
    try:
        number_value = float(stripped)
    except ValueError:
        return text
    return number_value if math.isfinite(number_value) else text


def _scalar_kind(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "int" if value in _INT_RANGE else "number"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        if _UUID.match(value):
            return "uuid"
        if _DATE.match(value.strip()):
            try:
                parse_date(value, "")
            except RowError:
                return "text"
            return "date"
    return "text"


@dataclass(frozen=True)
class InferredCollection:
    """The collection to create, and what was inferred from how many rows."""

    spec: CollectionSpec
    rows: int
    #: One line per thing worth saying: a type chosen over another, a key left out.
    notes: tuple[str, ...] = ()

    def property_types(self) -> dict[str, str]:
        """Every property's data type, nested ones as ``outer.inner``."""
        return dict(_property_types(self.spec.properties, ""))

    def describe(self) -> str:
        """The properties as an indented list, the vectors, then the notes."""
        lines = [f"Inferred from {self.rows:,} rows of the file:"]
        lines += _property_lines(self.spec.properties, "  ")
        vectors = ", ".join(v.name for v in self.spec.vectors)
        lines.append(f"  vectors: {vectors} (self-provided, hnsw, cosine)")
        lines += [f"  note: {note}" for note in self.notes]
        return "\n".join(lines)


def _property_types(properties: Iterable[PropertySpec], prefix: str) -> list[tuple[str, str]]:
    pairs = []
    for prop in properties:
        pairs.append((prefix + prop.name, prop.data_type))
        pairs += _property_types(prop.nested, f"{prefix}{prop.name}.")
    return pairs


def _property_lines(properties: Iterable[PropertySpec], indent: str) -> list[str]:
    lines = []
    for prop in properties:
        lines.append(f"{indent}{prop.name}: {prop.data_type}")
        lines += _property_lines(prop.nested, indent + "  ")
    return lines


def infer_collection(source: RowSource, name: str) -> InferredCollection:
    """Read every row of ``source`` (opened here) and infer collection ``name`` for it."""
    name = check_collection_name(name)
    source.open()
    cells_are_text = source.file_format == "csv"
    seen: dict[str, _Seen] = {}
    vectors: set[str] = set()
    notes: list[str] = []
    left_out: set[str] = set()
    rows = 0
    for _, row in source.rows():
        if not isinstance(row, Mapping):
            continue  # the import reports this row; it says nothing about the types
        rows += 1
        properties, vectors_here = _split_row(row, cells_are_text, left_out)
        vectors |= vectors_here
        for key, value in properties.items():
            seen.setdefault(key, _Seen()).add(value, cells_are_text)
    if not rows:
        raise InferenceError("Nothing to infer from", f"{source.path.name} has no rows")
    if not seen:
        raise InferenceError(
            "No properties", f"the rows of {source.path.name} have no properties to infer"
        )
    if left_out:
        notes.append(f"not inferred: {', '.join(sorted(left_out))} (create those by hand)")
    inferred = tuple(_property(key, value, key, notes) for key, value in seen.items())
    for prop in inferred:
        try:
            check_property(prop)
        except ExplorerError as exc:
            raise InferenceError(
                exc.title,
                f"{exc.message}. Rename a column with --map 'old=new', or leave it out with "
                "--ignore-columns",
            ) from None
    spec = CollectionSpec(
        name=name,
        properties=inferred,
        vectors=tuple(VectorSpec(name=v) for v in sorted(vectors)) or (VectorSpec(),),
    )
    return InferredCollection(spec, rows, tuple(notes))


def _split_row(
    row: Mapping[str, Any], cells_are_text: bool, left_out: set[str]
) -> tuple[Mapping[str, Any], set[str]]:
    """The row's properties, and the names of the vectors it gives (``default`` for ``vector``).

    The export form ``{"uuid", "properties", "vectors", "references"}`` and the flat form both
    work, as for the import itself."""
    vectors: set[str] = set()
    if isinstance(row.get("properties"), Mapping):
        properties: Mapping[str, Any] = row["properties"]
        extra = {k: v for k, v in row.items() if k != "properties"}
        if extra.get("references"):
            left_out.add("references")
    else:
        flat: dict[str, Any] = {}
        properties = flat
        extra = {}
        for key, value in row.items():
            if key in _ID_KEYS or key in ("vector", "vectors") or key.startswith(VECTOR_PREFIX):
                extra[key] = value
            elif key in METADATA_KEYS and not cells_are_text:
                continue
            else:
                flat[key] = value
    for key, value in extra.items():
        if value is None or value == "":
            continue
        if key.startswith(VECTOR_PREFIX):
            vectors.add(key.removeprefix(VECTOR_PREFIX))
        elif key == "vector":
            vectors.add("default")
        elif key == "vectors":
            parsed = _cell_value(value) if isinstance(value, str) else value
            if isinstance(parsed, Mapping):
                vectors |= {str(k) for k in parsed}
    return properties, vectors


def _property(name: str, seen: _Seen, where: str, notes: list[str]) -> PropertySpec:
    data_type, nested = _data_type(seen, where, notes)
    return PropertySpec(name=name, data_type=data_type, nested=nested)


def _data_type(seen: _Seen, where: str, notes: list[str]) -> tuple[str, tuple[PropertySpec, ...]]:
    shapes = [
        shape
        for shape, present in (
            ("values", bool(seen.scalars)),
            ("lists", seen.elements is not None),
            ("objects", bool(seen.objects)),
        )
        if present
    ]
    if not shapes:
        notes.append(f"{where}: no values in any row, so text")
        return "text", ()
    if len(shapes) > 1:
        notes.append(f"{where}: {' and '.join(shapes)} in different rows, so text")
        return "text", ()
    if seen.objects:
        return "object", _nested(seen, where, notes)
    if seen.elements is not None:
        element = seen.elements
        if element.objects and not element.scalars and element.elements is None:
            return "object[]", _nested(element, f"{where}[]", notes)
        if element.elements is not None or element.objects:
            notes.append(f"{where}: lists of lists or of objects and values, so text")
            return "text", ()
        if not element.scalars:
            notes.append(f"{where}: only empty lists, so text[]")
            return "text[]", ()
        return _scalar_type(element.scalars, f"{where}[]", notes) + "[]", ()
    return _scalar_type(seen.scalars, where, notes), ()


def _nested(seen: _Seen, where: str, notes: list[str]) -> tuple[PropertySpec, ...]:
    if not seen.nested:
        raise InferenceError(
            "Empty objects",
            f"{where} holds only empty objects {{}}: an object property needs at least one "
            "nested property; leave it out with --ignore-columns",
        )
    return tuple(_property(k, v, f"{where}.{k}", notes) for k, v in seen.nested.items())


def _scalar_type(kinds: set[str], where: str, notes: list[str]) -> str:
    if len(kinds) == 1:
        return next(iter(kinds))
    if kinds == {"int", "number"}:
        return "number"
    notes.append(f"{where}: {', '.join(sorted(kinds))} in different rows, so text")
    return "text"
