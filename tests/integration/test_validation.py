"""Validation of objects written as JSON, against the schema of a real collection of every type."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from explorer.core.models import CollectionConfig
from explorer.core.mutations import insert_object
from explorer.core.session import ExplorerSession
from explorer.core.validation import (
    JsonSyntaxError,
    ObjectInvalid,
    editable_properties,
    parse_json_object,
    problems_of,
    validate_object,
)
from explorer.core.vector_dimensions import vector_dimensions
from tests.integration.every_type import create_every_type, valid_document


@pytest.fixture
async def every_type(
    session: ExplorerSession, collection_name: str, cleanup_collections: list[str]
) -> tuple[CollectionConfig, str]:
    """The collection's config and the uuid of one author it can reference."""
    authors = collection_name + "Authors"
    cleanup_collections.extend([collection_name, authors])
    await create_every_type(session, collection_name, authors)
    author_id = await session.client.collections.use(authors).data.insert({"name": "Herbert"})
    return await session.collection_config(collection_name), str(author_id)


def messages(document: dict[str, Any], config: CollectionConfig, **dims: int) -> dict[str, str]:
    return {p.path: p.message for p in problems_of(document, config, dims)}


async def test_a_valid_object_of_every_type_passes_and_the_server_takes_it(
    session: ExplorerSession, every_type: tuple[CollectionConfig, str]
) -> None:
    config, author_id = every_type
    document = valid_document(author_id)
    valid = validate_object(document, config, {"custom": 3})
    assert valid.properties["author"] == [
        {"beacon": f"weaviate://localhost/{config.name}Authors/{author_id}"}
    ]
    assert valid.properties["years"] == [1965, 1966]  # 1966.0 is a whole number
    assert valid.vector == {"custom": [0.1, 0.2, 0.3]}

    changed = await insert_object(session, config.name, document)
    stored = await session.get_object(config.name, changed.uuid)
    assert stored is not None
    assert stored.properties["title"] == "Dune" and stored.properties["year"] == 1965
    assert stored.properties["details"] == {"pages": 412, "publisher": {"city": "Philadelphia"}}
    assert stored.references["author"] == (author_id,)
    assert stored.vectors["custom"] == pytest.approx((0.1, 0.2, 0.3))
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
        "year": "1965",
        "years": [1, 2.5, True],
        "rating": "high",
        "ratings": [1, float("nan")],
        "in_print": "true",
        "flags": [1],
        "published": "1965-08-01",
        "dates": ["yesterday"],
        "isbn": "not-a-uuid",
        "isbns": [42],
        "shop": {"latitude": 95, "longitude": "x", "height": 3},
        "phone": {"number": "020", "defaultCountry": "Netherlands"},
        "cover": "not base64!",
        "details": {"pages": 1.5, "publisher": {"town": "x"}},
        "editions": [{"label": 3}, "first"],
        "author": "Herbert",
    }
    found = messages({"properties": bad}, config)
    expected = {
        "properties.title": 'expected text, a quoted string such as "Dune", got 12 (quote it: "12")',
        "properties.tags": 'expected text[], a list of text values such as ["sf"], got "sf"',
        "properties.year": 'expected int, a whole number such as 1999, got "1965" (drop the quotes)',
        "properties.years[1]": "whole numbers only: drop the fraction",
        "properties.years[2]": "true and false are not numbers",
        "properties.rating": 'expected number, such as 4.5, got "high"',
        "properties.ratings[1]": "got NaN (it must be finite)",
        "properties.in_print": 'expected boolean, true or false, got "true" (without quotes)',
        "properties.flags[0]": "expected boolean, true or false, got 1",
        "properties.published": (
            'expected date, an RFC 3339 string such as "2005-01-01T00:00:00Z", got "1965-08-01" '
            '(add a time and a zone: "1965-08-01T00:00:00Z")'
        ),
        "properties.dates[0]": 'got "yesterday"',
        "properties.isbn": 'expected uuid, a quoted UUID such as "6a3b1d0e',
        "properties.isbns[0]": "expected uuid",
        "properties.shop.latitude": "95 is out of range: from -90 to 90",
        "properties.shop.longitude": 'expected a number from -180 to 180, got "x"',
        "properties.shop.height": "unknown key; geoCoordinates take latitude and longitude",
        "properties.phone.number": "unknown key; a phoneNumber takes input and defaultCountry",
        "properties.phone.input": 'expected the number as text such as "020 1234567", got null',
        "properties.phone.defaultCountry": 'two-letter ISO 3166-1 country code such as "nl"',
        "properties.cover": "(it is not valid base64)",
        "properties.details.pages": "whole numbers only",
        "properties.details.publisher.town": (
            'publisher has no nested property "town"; choose from city'
        ),
        "properties.editions[0].label": "expected text",
        "properties.editions[1]": 'expected object, a JSON object of its nested properties, got "first"',
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
    assert "properties.year: expected int" in raised.value.message


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
            "vectors": {"custon": [1.0]},
        },
        config,
    )
    assert found["vectorz"].startswith('unknown key; did you mean "vector"?')
    assert 'has no reference "autor"; did you mean "author"?' in found["references.autor"]
    assert (
        'no vector named "custon"; did you mean "custom"? choose from custom, other'
        in found["vectors.custon"]
    )


async def test_vectors_dimension_names_and_finite_numbers(
    session: ExplorerSession, every_type: tuple[CollectionConfig, str]
) -> None:
    config, _ = every_type
    # Nothing stored yet: the dimension is unknown, so any length passes.
    assert await vector_dimensions(session, config.name) == {}
    await insert_object(session, config.name, {"properties": {}, "vectors": {"custom": [1, 2, 3]}})
    assert await vector_dimensions(session, config.name) == {"custom": 3}

    found = messages(
        {
            "properties": {},
            "vectors": {"custom": [1.0, 2.0], "other": [1.0, float("inf"), "x"]},
        },
        config,
        custom=3,
    )
    assert found == {
        "vectors.custom": "expected 3 numbers (the dimension of vector custom), got 2",
        "vectors.other[1]": (
            "expected a finite number, got Infinity (NaN and infinity are not allowed)"
        ),
        "vectors.other[2]": 'expected a number, got "x"',
    }
    both = messages({"properties": {}, "vector": [1], "vectors": {}}, config)
    assert both == {"vector": 'give either "vector" or "vectors", not both'}
    ambiguous = messages({"properties": {}, "vector": [1.0]}, config)
    assert (
        'has named vectors (custom, other): write "vectors": {"custom": [...]}'
        in ambiguous["vector"]
    )
    # The server was never asked: a wrong dimension is refused before the insert.
    with pytest.raises(ObjectInvalid, match="expected 3 numbers"):
        await insert_object(session, config.name, {"properties": {}, "vectors": {"custom": [1]}})
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
    valid = validate_object({"title": "x", "year": None}, config)
    assert valid.properties == {"title": "x", "year": None} and valid.vector is None
    document = copy.deepcopy({"properties": {"year": 3}, "uuid": "not-a-uuid"})
    assert "expected a UUID" in messages(document, config)["uuid"]
