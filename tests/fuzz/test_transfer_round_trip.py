"""hypothesis: objects of every data type survive export -> file -> import, in JSON, JSONL and CSV.

Objects are generated in the types the client returns (``datetime``, ``uuid.UUID``,
``GeoCoordinate``, ``_PhoneNumber``, base64 blob text, nested dicts, vectors, references),
turned into :class:`ExportRecord` the way the exporter does (``json_value``), written by
:class:`ExportFile`, read back by :class:`RowSource` and shaped by :class:`RowShaper`. What comes
out must be what went in. The one documented loss: an empty text is an empty CSV cell, which
reads back as null.
"""

from __future__ import annotations

import base64
import datetime as dt
import struct
import tempfile
import uuid as uuid_module
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from weaviate.classes.data import GeoCoordinate
from weaviate.collections.classes.types import _PhoneNumber

from explorer.core.base.models import CollectionConfig, PropertyInfo
from explorer.core.transfer.formats import FileFormat
from explorer.core.transfer.readers import RowSource
from explorer.core.transfer.rows import PreparedObject, PreparedReference, RowError, RowShaper
from explorer.core.transfer.writers import CsvColumns, ExportFile, ExportRecord, json_value
from tests.fuzz.schema import (
    ALL_TYPES,
    MULTI_REFERENCE,
    REFERENCE_TARGETS,
    SINGLE_REFERENCE,
    UNNAMED_VECTOR,
)
from tests.integration.all_types import VECTOR_DIMENSIONS

#: Each example writes and reads three files: fewer examples keep the suite quick.
FILES = settings(max_examples=settings().max_examples // 2)
# Text as the server returns it: any Unicode but lone surrogates (not valid UTF-8).
texts = st.text(st.characters(blacklist_categories=["Cs"]), max_size=30)
floats = st.floats(allow_nan=False, allow_infinity=False)
dates = st.datetimes(
    min_value=dt.datetime(1, 1, 2), max_value=dt.datetime(9999, 12, 30), timezones=st.just(dt.UTC)
)
phones = st.builds(
    _PhoneNumber,
    number=texts,
    default_country=st.sampled_from(["", "NL", "DE", "US"]),
    country_code=st.integers(0, 999),
    international_formatted=texts,
    national=st.integers(0, 10**12),
    national_formatted=texts,
    valid=st.booleans(),
)
SCALARS: dict[str, st.SearchStrategy[Any]] = {
    "text": texts,
    # Import refuses whole numbers past 2^53: Weaviate would not store them exactly.
    "int": st.integers(-(2**53), 2**53),
    "number": floats,
    "boolean": st.booleans(),
    "date": dates,
    "uuid": st.uuids(),
    # Weaviate keeps geo coordinates as float32, and export writes the shortest decimal that
    # float32 reads back the same: generate what the server can return.
    "geoCoordinates": st.builds(
        GeoCoordinate,
        latitude=st.floats(-90, 90, allow_nan=False, width=32),
        longitude=st.floats(-180, 180, allow_nan=False, width=32),
    ),
    "phoneNumber": phones,
    "blob": st.binary(max_size=40).map(lambda b: base64.b64encode(b).decode("ascii")),
}


def value_of(info: PropertyInfo) -> st.SearchStrategy[Any]:
    """A value of ``info``'s type as the client returns it."""
    if info.data_type.endswith("[]"):
        element = PropertyInfo(info.name, info.data_type[:-2], nested=info.nested)
        return st.lists(value_of(element), max_size=4)
    if info.data_type == "object":
        return st.fixed_dictionaries({}, optional={p.name: value_of(p) for p in info.nested})
    return SCALARS[info.data_type]


def vector_of(dimensions: int | tuple[int, int]) -> st.SearchStrategy[Any]:
    if isinstance(dimensions, tuple):
        rows, width = dimensions
        return st.lists(st.lists(floats, min_size=width, max_size=width), min_size=1, max_size=rows)
    return st.lists(floats, min_size=dimensions, max_size=dimensions)


uuids = st.uuids().map(str)
references = st.fixed_dictionaries(
    {},
    optional={
        SINGLE_REFERENCE: st.lists(uuids, min_size=1, max_size=3),
        MULTI_REFERENCE: st.lists(
            st.fixed_dictionaries(
                {"uuid": uuids, "collection": st.sampled_from(REFERENCE_TARGETS[MULTI_REFERENCE])}
            ),
            min_size=1,
            max_size=3,
        ),
    },
)


def objects(config: CollectionConfig) -> st.SearchStrategy[dict[str, Any]]:
    """One object: uuid, properties (any subset, client types), vectors, references."""
    if config.named_vectors:
        vectors = st.fixed_dictionaries(
            {}, optional={n: vector_of(d) for n, d in VECTOR_DIMENSIONS.items()}
        )
    else:
        vectors = st.fixed_dictionaries({}, optional={"default": vector_of(3)})
    return st.fixed_dictionaries(
        {
            "uuid": uuids,
            "properties": st.fixed_dictionaries(
                {}, optional={p.name: value_of(p) for p in config.properties}
            ),
            "vectors": vectors,
            "references": references,
        }
    )


def export_record(obj: dict[str, Any]) -> ExportRecord:
    """What the exporter builds from a client object (``ExportPages._records``)."""
    return ExportRecord(
        uuid=obj["uuid"],
        properties={n: json_value(v) for n, v in obj["properties"].items() if v is not None},
        vectors={n: json_value(v) for n, v in obj["vectors"].items()},
        references=obj["references"],
    )


def _float32(number: float) -> float:
    """``number`` as float32 holds it (what the server stores for a geo coordinate)."""
    return float(struct.unpack("f", struct.pack("f", number))[0])


def comparable(value: Any) -> Any:
    """Client input types as plain tuples, so what was exported and what was read compare."""
    if isinstance(value, GeoCoordinate):
        return ("geo", _float32(value.latitude), _float32(value.longitude))
    if isinstance(value, _PhoneNumber):
        return ("phone", value.number, value.default_country or None)
    if hasattr(value, "number") and hasattr(value, "default_country"):  # PhoneNumber (input)
        return ("phone", value.number, value.default_country)
    if isinstance(value, uuid_module.UUID):
        return str(value)
    if isinstance(value, dict):
        return {k: comparable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [comparable(v) for v in value]
    return value


def expected_properties(obj: dict[str, Any], file_format: FileFormat) -> dict[str, Any]:
    out = {}
    for name, value in obj["properties"].items():
        if file_format == "csv" and value == "":
            continue  # an empty CSV cell is null: the documented loss
        out[name] = comparable(value)
    return out


def expected_references(obj: dict[str, Any]) -> list[PreparedReference]:
    out = [
        PreparedReference(SINGLE_REFERENCE, u) for u in obj["references"].get(SINGLE_REFERENCE, [])
    ]
    out += [
        PreparedReference(MULTI_REFERENCE, r["uuid"], r["collection"])
        for r in obj["references"].get(MULTI_REFERENCE, [])
    ]
    return out


def expected_vector(obj: dict[str, Any], config: CollectionConfig) -> Any:
    vectors = obj["vectors"]
    if not vectors:
        return None
    return vectors if config.named_vectors else vectors["default"]


def round_trip(
    items: list[dict[str, Any]], config: CollectionConfig, file_format: FileFormat
) -> list[PreparedObject]:
    columns = CsvColumns(
        properties=tuple(p.name for p in config.properties),
        references=tuple(name for name, _targets in config.references),
        vectors=tuple(v.name for v in config.vectors),
        unnamed_vector=not config.named_vectors,
    )
    with tempfile.TemporaryDirectory(prefix="fuzz-round-trip-") as directory:
        target = Path(directory) / f"out.{file_format}"
        out = ExportFile(
            target, file_format, collection=config.name, with_vectors=True, columns=columns
        )
        out.write([export_record(obj) for obj in items])
        out.commit()
        source = RowSource(target, file_format)
        source.open()
        assert source.total == len(items)
        shaper = RowShaper(config, cells_are_text=file_format == "csv")
        assert shaper.unknown_columns(source.columns or []) == []
        prepared = []
        for number, raw in source.rows():
            assert not isinstance(raw, RowError), raw
            prepared.append(shaper.prepare(number, raw))
        return prepared


def check(items: list[dict[str, Any]], config: CollectionConfig) -> None:
    for file_format in ("json", "jsonl", "csv"):
        back = round_trip(items, config, file_format)
        assert [b.uuid for b in back] == [obj["uuid"] for obj in items], file_format
        for obj, prepared in zip(items, back, strict=True):
            assert comparable(prepared.properties) == expected_properties(obj, file_format), (
                file_format
            )
            assert sorted(prepared.references, key=repr) == sorted(
                expected_references(obj), key=repr
            ), file_format
            assert prepared.vector == expected_vector(obj, config), file_format


@FILES
@given(st.lists(objects(ALL_TYPES), min_size=1, max_size=3))
def test_every_type_round_trips_with_named_vectors(items: list[dict[str, Any]]) -> None:
    check(items, ALL_TYPES)


@FILES
@given(st.lists(objects(UNNAMED_VECTOR), min_size=1, max_size=2))
def test_every_type_round_trips_with_an_unnamed_vector(items: list[dict[str, Any]]) -> None:
    check(items, UNNAMED_VECTOR)
