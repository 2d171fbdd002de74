"""Creating, changing and dropping collections, against the real server."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import AsyncIterator

import pytest

from explorer.core.admin.collection_spec import (
    CollectionSpec,
    PropertySpec,
    VectorSpec,
    parse_config_json,
)
from explorer.core.admin.schema import (
    add_property,
    collection_names,
    config_json,
    create_collection,
    create_from_dict,
    drop_collection,
)
from explorer.core.base.errors import ExplorerError, ReadOnlyRefused
from explorer.core.client.connection import ConnectionOptions
from explorer.core.client.session import ExplorerSession


@pytest.fixture
async def read_only_session(server_options: ConnectionOptions) -> AsyncIterator[ExplorerSession]:
    options = dataclasses.replace(server_options, read_only=True)
    async with ExplorerSession(options) as connected:
        yield connected


def full_spec(name: str) -> CollectionSpec:
    return CollectionSpec(
        name=name,
        description="Every option the test server supports",
        properties=(
            PropertySpec("title", "text", description="The title"),
            PropertySpec("tags", "text[]"),
            PropertySpec("year", "int"),
            PropertySpec("price", "number"),
            PropertySpec("in_print", "boolean"),
            PropertySpec("published", "date"),
            PropertySpec("ref_id", "uuid"),
            PropertySpec("where", "geoCoordinates"),
            PropertySpec(
                "meta",
                "object",
                nested=(PropertySpec("pages", "int"), PropertySpec("isbn", "text")),
            ),
        ),
        vectors=(
            VectorSpec("bigram", "text2vec-bigram", ("title",), "hnsw", "cosine"),
            VectorSpec("flat_one", "none", (), "flat", "dot"),
            VectorSpec("l2", "none", (), "hnsw", "l2-squared"),
        ),
        generative_module="generative-dummy",
        reranker_module="reranker-dummy",
        multi_tenant=True,
        auto_tenant_creation=True,
        replication_factor=1,
    )


async def test_create_from_spec_with_every_option(
    session: ExplorerSession, collection_name: str, cleanup_collections: list[str]
) -> None:
    cleanup_collections.append(collection_name)
    config = await create_collection(session, full_spec(collection_name))
    assert config.name == collection_name
    assert config.description == "Every option the test server supports"
    types = {p.name: p.data_type for p in config.properties}
    assert types == {
        "title": "text",
        "tags": "text[]",
        "year": "int",
        "price": "number",
        "in_print": "boolean",
        "published": "date",
        "ref_id": "uuid",
        "where": "geoCoordinates",
        "meta": "object",
    }
    meta = next(p for p in config.properties if p.name == "meta")
    assert {(n.name, n.data_type) for n in meta.nested} == {("pages", "int"), ("isbn", "text")}
    vectors = {v.name: (v.vectorizer, v.index_type, v.distance) for v in config.vectors}
    assert vectors == {
        "bigram": ("text2vec-bigram", "hnsw", "cosine"),
        "flat_one": ("none", "flat", "dot"),
        "l2": ("none", "hnsw", "l2-squared"),
    }
    assert config.generative_module == "generative-dummy"
    assert config.reranker_module == "reranker-dummy"
    assert config.multi_tenant
    assert config.raw["multiTenancyConfig"]["autoTenantCreation"] is True
    assert config.raw["replicationConfig"]["factor"] == 1
    bigram = config.raw["vectorConfig"]["bigram"]["vectorizer"]["text2vec-bigram"]
    assert bigram["properties"] == ["title"]


async def test_create_plain_collection_and_lowercase_name(
    session: ExplorerSession, collection_name: str, cleanup_collections: list[str]
) -> None:
    lower = collection_name[0].lower() + collection_name[1:]
    cleanup_collections.append(collection_name)
    config = await create_collection(
        session, CollectionSpec(lower, properties=(PropertySpec("note", "text"),))
    )
    assert config.name == collection_name  # capitalised like the server does
    assert not config.multi_tenant
    assert [(v.name, v.vectorizer) for v in config.vectors] == [("default", "none")]
    assert config.generative_module is None


async def test_duplicate_name_is_refused_in_any_case(
    session: ExplorerSession, collection_name: str, cleanup_collections: list[str]
) -> None:
    cleanup_collections.append(collection_name)
    await create_collection(session, CollectionSpec(collection_name))
    for name in (collection_name, collection_name.upper()):
        with pytest.raises(ExplorerError, match="already a collection named") as caught:
            await create_collection(session, CollectionSpec(name))
        assert caught.value.title == "Collection exists"
    with pytest.raises(ExplorerError, match="already a collection"):
        await create_from_dict(session, {"class": collection_name})


async def test_dynamic_index_error_comes_back_clearly(
    session: ExplorerSession, collection_name: str
) -> None:
    spec = CollectionSpec(collection_name, vectors=(VectorSpec(index_type="dynamic"),))
    with pytest.raises(ExplorerError, match="async indexing"):
        await create_collection(session, spec)
    assert collection_name not in await collection_names(session)


@pytest.mark.parametrize(
    ("spec", "match"),
    [
        (CollectionSpec("9lives"), "start with a letter"),
        (CollectionSpec("Ok", properties=(PropertySpec("a b", "text"),)), "property name"),
        (CollectionSpec("Ok", properties=(PropertySpec("a", "texty"),)), "not a data type"),
        (CollectionSpec("Ok", properties=(PropertySpec("a", "object"),)), "nested property"),
        (
            CollectionSpec("Ok", properties=(PropertySpec("a", "text"), PropertySpec("A", "int"))),
            "appears twice",
        ),
        (
            CollectionSpec("Ok", vectors=(VectorSpec(vectorizer="text2vec-openai"),)),
            "use one of none, text2vec-bigram",
        ),
        (
            CollectionSpec("Ok", vectors=(VectorSpec("v", "text2vec-bigram", ("missing",)),)),
            "not a text property",
        ),
        (CollectionSpec("Ok", generative_module="generative-openai"), "not enabled"),
        (CollectionSpec("Ok", replication_factor=0), "at least 1"),
        (CollectionSpec("Ok", vectors=(VectorSpec(distance="euclid"),)), "Unknown distance"),
    ],
)
async def test_bad_specs_are_refused_before_sending(
    session: ExplorerSession, spec: CollectionSpec, match: str
) -> None:
    with pytest.raises(ExplorerError, match=match):
        await create_collection(session, spec)
    assert "Ok" not in await collection_names(session)


async def test_create_from_json_and_exported_round_trip(
    session: ExplorerSession, collection_name: str, cleanup_collections: list[str]
) -> None:
    copy_name = collection_name + "Copy"
    cleanup_collections.extend([collection_name, copy_name])
    text = json.dumps(
        {
            "class": collection_name,
            "description": "from JSON",
            "properties": [
                {"name": "title", "dataType": ["text"]},
                {"name": "n", "dataType": ["int"]},
            ],
            "vectorConfig": {
                "bigram": {
                    "vectorizer": {"text2vec-bigram": {"properties": ["title"]}},
                    "vectorIndexType": "flat",
                }
            },
            "moduleConfig": {"generative-dummy": {}},
        }
    )
    original = await create_from_dict(session, parse_config_json(text))
    assert original.description == "from JSON"
    assert [(v.name, v.vectorizer, v.index_type) for v in original.vectors] == [
        ("bigram", "text2vec-bigram", "flat")
    ]
    assert original.generative_module == "generative-dummy"

    exported = config_json(original)  # what the schema pane and `config --json` write
    copy = await create_from_dict(session, parse_config_json(exported), name=copy_name)
    assert copy.name == copy_name
    assert dict(copy.raw) == {**dict(original.raw), "class": copy_name}


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ('{"class": "A",\n  "properties": [}', "line 2, column 18"),
        ("[1, 2]", "expected a JSON object"),
        ('{"properties": []}', 'needs a "class"'),
        ("  ", "paste or load"),
        ('{"class": "A", "properties": [{"name": "x"}]}', "dataType"),
        ('{"class": "A", "properties": {"name": "x"}}', "must be a list"),
    ],
)
def test_bad_json_configs_say_what_to_fix(text: str, match: str) -> None:
    with pytest.raises(ExplorerError, match=match):
        parse_config_json(text)


async def test_server_rejection_of_a_json_config_is_clear(
    session: ExplorerSession, collection_name: str
) -> None:
    config = {"class": collection_name, "properties": [{"name": "x", "dataType": ["nonsense"]}]}
    with pytest.raises(ExplorerError, match="unknown primitive data type 'nonsense'") as caught:
        await create_from_dict(session, config)
    assert "HTTP 422" in caught.value.title
    assert collection_name not in await collection_names(session)


async def test_add_property(
    session: ExplorerSession, collection_name: str, cleanup_collections: list[str]
) -> None:
    cleanup_collections.append(collection_name)
    await create_collection(
        session, CollectionSpec(collection_name, properties=(PropertySpec("title", "text"),))
    )
    await session.collection_config(collection_name)  # cached: must be forgotten
    config = await add_property(session, collection_name, PropertySpec("pages", "int"))
    assert [(p.name, p.data_type) for p in config.properties] == [
        ("title", "text"),
        ("pages", "int"),
    ]
    assert [p.name for p in (await session.collection_config(collection_name)).properties] == [
        "title",
        "pages",
    ]
    with pytest.raises(ExplorerError, match="already has a property title"):
        await add_property(session, collection_name, PropertySpec("Title", "text"))
    with pytest.raises(ExplorerError, match="not a data type"):
        await add_property(session, collection_name, PropertySpec("x", "whatever"))
    with pytest.raises(ExplorerError, match="property name"):
        await add_property(session, collection_name, PropertySpec("bad-name", "text"))
    after = await session.collection_config(collection_name, refresh=True)
    assert [p.name for p in after.properties] == ["title", "pages"]


async def test_drop_collection(
    session: ExplorerSession, collection_name: str, cleanup_collections: list[str]
) -> None:
    cleanup_collections.append(collection_name)
    await create_collection(session, CollectionSpec(collection_name))
    session.use(collection_name)
    await drop_collection(session, collection_name)
    assert collection_name not in await collection_names(session)
    assert session.current_collection is None
    with pytest.raises(ExplorerError, match="nothing was deleted"):
        await drop_collection(session, collection_name)


async def test_read_only_refuses_every_schema_change(
    session: ExplorerSession,
    read_only_session: ExplorerSession,
    collection_name: str,
    cleanup_collections: list[str],
) -> None:
    cleanup_collections.append(collection_name)
    await create_collection(
        session, CollectionSpec(collection_name, properties=(PropertySpec("a", "text"),))
    )
    before = (await session.collection_config(collection_name, refresh=True)).raw
    new_name = collection_name + "New"
    attempts = [
        create_collection(read_only_session, CollectionSpec(new_name)),
        create_from_dict(read_only_session, {"class": new_name}),
        add_property(read_only_session, collection_name, PropertySpec("b", "int")),
        drop_collection(read_only_session, collection_name),
    ]
    for attempt in attempts:
        with pytest.raises(ReadOnlyRefused, match="read-only"):
            await attempt
    names = await collection_names(session)
    assert collection_name in names and new_name not in names
    assert (await session.collection_config(collection_name, refresh=True)).raw == before
