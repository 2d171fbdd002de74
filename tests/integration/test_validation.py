"""Validation of objects written as JSON, against the schema of a real collection of every type
(tests/integration/all_types.py)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from explorer.core.base.models import CollectionConfig
from explorer.core.client.session import ExplorerSession
from explorer.core.objects.mutations import insert_object
from explorer.core.objects.validation import (
    JsonSyntaxError,
    ObjectInvalid,
    editable_properties,
    parse_json_object,
    problems_of,
    validate_object,
)
from explorer.core.query.vector_dimensions import vector_dimensions
from tests.integration.all_types import AllTypes, create_all_types, target_uuids


@pytest.fixture
async def every_type(
    session: ExplorerSession, collection_name: str, cleanup_collections: list[str]
) -> tuple[CollectionConfig, str]:
    """The (empty) every-type collection's config and the uuid of an author it can reference."""
    made: AllTypes = await create_all_types(session, collection_name, with_objects=False)
    cleanup_collections.extend(made.collections)
    return await session.collection_config(collection_name), target_uuids("a")[0]


def valid_document(author_id: str) -> dict[str, Any]:
    """A full-form object that uses every type correctly."""
    return {
        "properties": {
            "title": "Dune",
            "tags": ["sf", "classic"],
            "count": 1965,
            "counts": [1965, 1966.0],
            "price": 4.5,
            "prices": [4, 4.5],
            "active": True,
            "flags": [True, False],
            "published": "1965-08-01T00:00:00Z",
            "dates": ["1965-08-01T10:30:00+02:00"],
            "external_id": "6a3b1d0e-8f2c-4c55-9d7e-0a1b2c3d4e5f",
            "external_ids": ["6a3b1d0e-8f2c-4c55-9d7e-0a1b2c3d4e50"],
            "location": {"latitude": 52.37, "longitude": 4.89},
            "phone": {"input": "020 1234567", "defaultCountry": "nl"},
            "image": "aGVsbG8=",
            "details": {"label": "hardcover", "meta": {"level": 2, "inner": {"code": "P-412"}}},
            "parts": [{"name": "first"}, {"name": "second", "sub": {"deep": {"ok": True}}}],
            "author": author_id,
        },
        "vectors": {"small": [0.1, 0.2, 0.3], "colbert": [[0.5, 0.25], [0.125, 1.0]]},
    }


def messages(document: dict[str, Any], config: CollectionConfig, **dims: int) -> dict[str, str]:
    return {p.path: p.message for p in problems_of(document, config, dims)}


async def test_a_valid_object_of_every_type_passes_and_the_server_takes_it(
    session: ExplorerSession, every_type: tuple[CollectionConfig, str]
) -> None:
    config, author_id = every_type
    document = valid_document(author_id)
    valid = validate_object(document, config, {"small": 3})
    assert valid.properties["author"] == [
        {"beacon": f"weaviate://localhost/{config.name}TargetA/{author_id}"}
    ]
    assert valid.properties["counts"] == [1965, 1966]  # 1966.0 is a whole number
    assert valid.vector == {"small": [0.1, 0.2, 0.3], "colbert": [[0.5, 0.25], [0.125, 1.0]]}

    changed = await insert_object(session, config.name, document)
    stored = await session.get_object(config.name, changed.uuid)
    assert stored is not None
    assert stored.properties["title"] == "Dune" and stored.properties["count"] == 1965
    assert stored.properties["details"] == {
        "label": "hardcover",
        "meta": {"level": 2, "inner": {"code": "P-412"}},
    }
    assert stored.properties["parts"] == [
        {"name": "first"},
        {"name": "second", "sub": {"deep": {"ok": True}}},
    ]
    assert stored.properties["image"] == "aGVsbG8="
    assert stored.references["author"] == (author_id,)
    assert stored.vectors["small"] == pytest.approx((0.1, 0.2, 0.3))
    assert stored.vectors["colbert"] == ((0.5, 0.25), (0.125, 1.0))
    # What the editor shows for it validates again (dates, phone numbers round-trip).
    shown = editable_properties(stored.properties, config)
    assert shown["published"] == "1965-08-01T00:00:00Z"
    assert shown["phone"] == {"input": "020 1234567", "defaultCountry": "nl"}
    assert problems_of({"properties": shown}, config) == ()


async def test_every_type_rejects_wrong_values_naming_path_and_fix(
    every_type: tuple[CollectionConfig, str],
) -> None:
    config, _ = every_type
    bad = {
        "title": 12,
        "tags": "sf",
        "count": "1965",
        "counts": [1, 2.5, True],
        "price": "high",
        "prices": [1, float("nan")],
        "active": "true",
        "flags": [1],
        "published": "1965-08-01",
        "dates": ["yesterday"],
        "external_id": "not-a-uuid",
        "external_ids": [42],
        "location": {"latitude": 95, "longitude": "x", "height": 3},
        "phone": {"number": "020", "defaultCountry": "Netherlands"},
        "image": "not base64!",
        "details": {"meta": {"level": 1.5, "inner": {"town": "x"}}},
        "parts": [{"name": 3}, "first"],
        "author": "Herbert",
    }
    found = messages({"properties": bad}, config)
    expected = {
        "properties.title": 'expected text, a quoted string such as "Dune", got 12 (quote it: "12")',
        "properties.tags": 'expected text[], a list of text values such as ["sf"], got "sf"',
        "properties.count": 'expected int, a whole number such as 1999, got "1965" (drop the quotes)',
        "properties.counts[1]": "whole numbers only: drop the fraction",
        "properties.counts[2]": "true and false are not numbers",
        "properties.price": 'expected number, such as 4.5, got "high"',
        "properties.prices[1]": "got NaN (it must be finite)",
        "properties.active": 'expected boolean, true or false, got "true" (without quotes)',
        "properties.flags[0]": "expected boolean, true or false, got 1",
        "properties.published": (
            'expected date, an RFC 3339 string such as "2005-01-01T00:00:00Z", got "1965-08-01" '
            '(add a time and a zone: "1965-08-01T00:00:00Z")'
        ),
        "properties.dates[0]": 'got "yesterday"',
        "properties.external_id": 'expected uuid, a quoted UUID such as "6a3b1d0e',
        "properties.external_ids[0]": "expected uuid",
        "properties.location.latitude": "95 is out of range: from -90 to 90",
        "properties.location.longitude": 'expected a number from -180 to 180, got "x"',
        "properties.location.height": "unknown key; geoCoordinates take latitude and longitude",
        "properties.phone.number": "unknown key; a phoneNumber takes input and defaultCountry",
        "properties.phone.input": 'expected the number as text such as "020 1234567", got null',
        "properties.phone.defaultCountry": 'two-letter ISO 3166-1 country code such as "nl"',
        "properties.image": "(it is not valid base64)",
        "properties.details.meta.level": "whole numbers only",
        "properties.details.meta.inner.town": (
            'inner has no nested property "town"; choose from code, values'
        ),
        "properties.parts[0].name": "expected text",
        "properties.parts[1]": 'expected object, a JSON object of its nested properties, got "first"',
        "properties.author": "expected a reference: a UUID, a list of UUIDs, or beacons",
    }
    assert set(found) == set(expected), found
    for path, fragment in expected.items():
        assert fragment in found[path], (path, found[path])
    with pytest.raises(ObjectInvalid) as raised:
        validate_object({"properties": bad}, config)
    assert raised.value.message.startswith(
        f"{len(expected)} problems for {config.name}, nothing was sent:"
    )
    assert "properties.count: expected int" in raised.value.message


async def test_unknown_names_suggest_close_ones(every_type: tuple[CollectionConfig, str]) -> None:
    config, author_id = every_type
    found = messages(
        {"titel": "x", "vector": [1.0]},  # the short form: the document is the properties
        config,
    )
    assert found["titel"].startswith(
        f'{config.name} has no property "titel"; did you mean "title"?'
    )
    assert 'write the full form {"properties": {...}, "vector": ...}' in found["vector"]

    found = messages(
        {
            "properties": {},
            "vectorz": [1],
            "references": {"autor": author_id},
            "vectors": {"smal": [1.0]},
        },
        config,
    )
    assert found["vectorz"].startswith('unknown key; did you mean "vector"?')
    assert 'has no reference "autor"; did you mean "author"?' in found["references.autor"]
    assert (
        'no vector named "smal"; did you mean "small"? choose from colbert, large, small'
        in found["vectors.smal"]
    )


async def test_vectors_dimension_names_and_finite_numbers(
    session: ExplorerSession, every_type: tuple[CollectionConfig, str]
) -> None:
    config, _ = every_type
    # Nothing stored yet: the dimension is unknown, so any length passes.
    assert await vector_dimensions(session, config.name) == {}
    await insert_object(
        session,
        config.name,
        {"properties": {}, "vectors": {"small": [1, 2, 3], "colbert": [[1, 2], [3, 4]]}},
    )
    assert await vector_dimensions(session, config.name) == {"small": 3, "colbert": 2}

    found = messages(
        {
            "properties": {},
            "vectors": {
                "small": [1.0, 2.0],
                "large": [1.0, float("inf"), "x"],
                "colbert": [[1.0, 2.0], [3.0]],
            },
        },
        config,
        small=3,
    )
    assert found == {
        "vectors.small": "expected 3 numbers (the dimension of vector small), got 2",
        "vectors.large[1]": (
            "expected a finite number, got Infinity (NaN and infinity are not allowed)"
        ),
        "vectors.large[2]": 'expected a number, got "x"',
        "vectors.colbert[1]": (
            "every vector of a multi-vector needs the same length (2), this has 1"
        ),
    }
    both = messages({"properties": {}, "vector": [1], "vectors": {}}, config)
    assert both == {"vector": 'give either "vector" or "vectors", not both'}
    ambiguous = messages({"properties": {}, "vector": [1.0]}, config)
    assert (
        'has named vectors (colbert, large, small): write "vectors": {"colbert": [...]}'
        in ambiguous["vector"]
    )
    # The server was never asked: a wrong dimension is refused before the insert.
    with pytest.raises(ObjectInvalid, match="expected 3 numbers"):
        await insert_object(session, config.name, {"properties": {}, "vectors": {"small": [1]}})
    assert await session.count(config.name) == 1


def test_json_errors_say_line_column_and_fix() -> None:
    with pytest.raises(JsonSyntaxError) as raised:
        parse_json_object('{\n  "title": "Dune",\n  "year": 1965,\n}')
    assert (raised.value.line, raised.value.column) == (4, 1)
    assert "remove the trailing comma" in raised.value.message
    assert raised.value.message.startswith("line 4, column 1:")

    with pytest.raises(JsonSyntaxError, match="JSON needs double quotes"):
        parse_json_object("{'title': 'Dune'}")
    with pytest.raises(JsonSyntaxError, match=r"line 1, column 11: .*quote text values"):
        parse_json_object('{"title": Dune}')
    with pytest.raises(JsonSyntaxError, match="appears twice"):
        parse_json_object('{"a": 1, "a": 2}')
    with pytest.raises(JsonSyntaxError, match="expected a JSON object"):
        parse_json_object("[1, 2]")
    with pytest.raises(JsonSyntaxError, match="the text ends early"):
        parse_json_object('{"a": [1, 2')
    assert parse_json_object(' {"a": {"b": [1]}} ') == {"a": {"b": [1]}}


async def test_the_short_form_and_nulls(every_type: tuple[CollectionConfig, str]) -> None:
    config, _ = every_type
    valid = validate_object({"title": "x", "count": None}, config)
    assert valid.properties == {"title": "x", "count": None} and valid.vector is None
    document = copy.deepcopy({"properties": {"count": 3}, "uuid": "not-a-uuid"})
    assert "expected a UUID" in messages(document, config)["uuid"]
