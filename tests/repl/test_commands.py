"""Every REPL command against the real server, checked against direct weaviate-client calls."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from typing import Any

import pytest
from weaviate.classes.aggregate import GroupByAggregate, Metrics
from weaviate.classes.query import Filter, HybridFusion, MetadataQuery, Sort

from explorer.core.client.session import ExplorerSession
from tests.integration.books import create_books
from tests.repl.harness import ReplHarness


@pytest.fixture
async def repl(session: ExplorerSession) -> AsyncIterator[ReplHarness]:
    harness = ReplHarness(session)
    yield harness
    await harness.context.schema.close()
    session.current_collection = session.current_tenant = None


def uuids(objects: list[dict[str, Any]]) -> list[str]:
    return [o["uuid"] for o in objects]


async def test_ls_lists_collections_with_counts(repl: ReplHarness, session, books) -> None:
    name, data = books
    listed = {c["name"]: c for c in await repl.json("ls")}
    assert set(listed) == set(await session.client.collections.list_all(simple=True))
    assert listed[name]["count"] == len(data)
    assert {v["name"] for v in listed[name]["vectors"]} == {"custom", "bigram"}
    assert name in repl.context.schema.snapshot.collections  # ls refreshed completion too
    table = (await repl.run("ls")).out
    assert name in table and "bigram (text2vec-bigram)" in table


async def test_use_schema_and_helpful_errors(repl: ReplHarness, session, books) -> None:
    name, _ = books
    ran = await repl.run(f"use {name.lower()}")  # any case finds the collection
    assert ran.ok and ran.out == ""  # a confirmation is for people at the prompt only
    assert session.current_collection == name and session.current_tenant is None

    schema = await repl.json("schema")
    config = await session.client.collections.use(name).config.get()
    assert [(p["name"], p["data_type"]) for p in schema["properties"]] == [
        (p.name, p.data_type.value) for p in config.properties
    ]
    assert schema["generative_module"] == "generative-dummy"

    missing = await repl.run(f"use {name}X")
    assert not missing.ok and missing.err.count("\n") == 1
    assert f"column 5: there is no collection '{name}X'; did you mean {name}?" in missing.err
    tenant = await repl.run(f"use {name} @someone")
    assert not tenant.ok and f"{name} has no tenants" in tenant.err


async def test_use_a_tenant_of_a_multi_tenant_collection(
    repl: ReplHarness, session: ExplorerSession, collection_name: str, cleanup_collections
) -> None:
    from weaviate.classes.config import Configure
    from weaviate.classes.tenants import Tenant

    cleanup_collections.append(collection_name)
    client = session.client
    await client.collections.create(
        collection_name, multi_tenancy_config=Configure.multi_tenancy(enabled=True)
    )
    handle = client.collections.use(collection_name)
    await handle.tenants.create([Tenant(name="alpha"), Tenant(name="beta")])
    await handle.with_tenant("alpha").data.insert_many([{"n": i} for i in range(3)])
    await handle.with_tenant("beta").data.insert({"n": 9})

    assert (await repl.run(f"use {collection_name} @alpha; count")).out == "3\n"
    assert session.current_tenant == "alpha"
    assert (await repl.run(f"use {collection_name} @beta; count")).out == "1\n"
    fetched = await repl.json("fetch")
    direct = await handle.with_tenant("beta").query.fetch_objects()
    assert uuids(fetched) == [str(o.uuid) for o in direct.objects]
    bad = await repl.run(f"use {collection_name} alpha")
    assert not bad.ok and "write the tenant as @name" in bad.err

    # Issue 15 item 24: `use Coll @ghost` was accepted without checking the tenant.
    ghost = await repl.run(f"use {collection_name} @ghost")
    assert not ghost.ok and "has no tenant 'ghost'" in ghost.err and "alpha" in ghost.err
    assert session.current_tenant == "beta"
    # ... and `tenants create "tenant a"` created the two tenants "tenant" and "a".
    spaced = await repl.run('tenants create "tenant a" gamma')
    assert not spaced.ok and "'tenant a'" in spaced.err, spaced.err
    assert set(await handle.tenants.get()) == {"alpha", "beta"}
    assert (await repl.run("tenants create gamma,delta")).ok
    assert set(await handle.tenants.get()) == {"alpha", "beta", "gamma", "delta"}


async def test_count_with_and_without_a_filter(repl: ReplHarness, session, books) -> None:
    name, data = books
    handle = session.client.collections.use(name)
    await repl.run(f"use {name}")
    assert (await repl.run("count")).out == f"{len(data)}\n"
    direct = await handle.aggregate.over_all(
        total_count=True,
        filters=Filter.by_property("year").greater_than(1995)
        & Filter.by_property("genre").equal("drama"),
    )
    ran = await repl.run("count --where 'year > 1995 and genre = \"drama\"'")
    assert ran.out == f"{direct.total_count}\n" and direct.total_count
    assert await repl.json("count") == {"collection": name, "count": len(data)}


async def test_get_by_uuid_with_vectors(repl: ReplHarness, session, books) -> None:
    name, data = books
    await repl.run(f"use {name}")
    direct = await session.client.collections.use(name).query.fetch_object_by_id(
        data[4].uuid, include_vector=True
    )
    assert direct is not None
    got = await repl.json(f"get {data[4].uuid} --vector")
    assert got["uuid"] == str(direct.uuid)
    assert got["properties"]["title"] == direct.properties["title"]
    assert got["properties"]["published"] == direct.properties["published"].isoformat()
    assert got["vectors"]["custom"] == pytest.approx(direct.vector["custom"])
    assert "vectors" not in await repl.json(f"get {data[4].uuid}")
    missing = await repl.run("get 00000000-0000-0000-0000-000000000000")
    assert not missing.ok and "Not found" in missing.err
    bad = await repl.run("get nope")
    assert not bad.ok and "column 5: 'nope' is neither a uuid nor the start of one" in bad.err


async def test_fetch_filters_sorts_and_selects(repl: ReplHarness, session, books) -> None:
    name, _ = books
    await repl.run(f"use {name}")
    direct = await session.client.collections.use(name).query.fetch_objects(
        limit=4,
        offset=1,
        filters=Filter.by_property("rating").greater_or_equal(2.0),
        sort=Sort.by_property("year", ascending=False),
    )
    fetched = await repl.json(
        "fetch --limit 4 --offset 1 --where 'rating >= 2' --sort year:desc --props title,year"
    )
    assert uuids(fetched) == [str(o.uuid) for o in direct.objects]
    assert [set(o["properties"]) for o in fetched] == [{"title", "year"}] * 4
    table = (await repl.run("fetch --limit 2 --sort year --props title")).out
    assert "The quiet harbour" in table and "2 objects" in table
    unknown = await repl.run("fetch --props title,nope")
    assert not unknown.ok and "no property 'nope'" in unknown.err
    bad_sort = await repl.run("fetch --sort year:sideways")
    assert not bad_sort.ok and "column 14: 'year:sideways': write prop" in bad_sort.err


async def test_bm25_matches_the_client(repl: ReplHarness, session, books) -> None:
    name, _ = books
    await repl.run(f"use {name}")
    direct = await session.client.collections.use(name).query.bm25(
        "harbour", query_properties=["title"], limit=5, return_metadata=MetadataQuery(score=True)
    )
    found = await repl.json("bm25 harbour --props title --limit 5")
    assert uuids(found) == [str(o.uuid) for o in direct.objects]
    assert [o["score"] for o in found] == pytest.approx([o.metadata.score for o in direct.objects])


async def test_near_vector_and_near_object_match_the_client(
    repl: ReplHarness, session, books
) -> None:
    name, data = books
    handle = session.client.collections.use(name)
    await repl.run(f"use {name}")
    vector = data[7].vector
    direct = await handle.query.near_vector(vector, target_vector="custom", limit=3)
    found = await repl.json(f"near_vector {vector} --target custom --limit 3")
    assert uuids(found) == [str(o.uuid) for o in direct.objects]
    assert found[0]["uuid"] == data[7].uuid and found[0]["distance"] == pytest.approx(0, abs=1e-5)

    direct = await handle.query.near_object(data[2].uuid, target_vector="custom", limit=3)
    found = await repl.json(f"near_object {data[2].uuid} --target custom --limit 3")
    assert uuids(found) == [str(o.uuid) for o in direct.objects]

    unchosen = await repl.run(f"near_object {data[2].uuid}")
    assert not unchosen.ok and "Choose a target vector" in unchosen.err
    bad = await repl.run("near_vector [1, 'x'] --target custom")
    assert not bad.ok and "a JSON list of numbers" in bad.err
    short = await repl.run("near_vector [1.0, 2.0] --target custom")
    assert (
        not short.ok and f"has {len(vector)} dimensions" in short.err and "column 13" in short.err
    )


async def test_hybrid_matches_the_client(repl: ReplHarness, session, books) -> None:
    name, _ = books
    await repl.run(f"use {name}")
    direct = await session.client.collections.use(name).query.hybrid(
        "lighthouse keeper",
        alpha=0.5,
        fusion_type=HybridFusion.RELATIVE_SCORE,
        target_vector="bigram",
        query_properties=["title"],
        limit=3,
        filters=Filter.by_property("year").less_than(2000),
    )
    found = await repl.json(
        'hybrid "lighthouse keeper" --alpha 0.5 --fusion relative --target bigram '
        "--props title --limit 3 --where 'year < 2000'"
    )
    assert uuids(found) == [str(o.uuid) for o in direct.objects]
    assert found[0]["properties"]["title"] == "The lighthouse keeper"
    out_of_range = await repl.run('hybrid "x" --alpha 2')
    assert not out_of_range.ok and "--alpha is between 0" in out_of_range.err


async def test_near_text_on_bigram_suggests_hybrid(repl: ReplHarness, books) -> None:
    name, _ = books
    ran = await repl.run(f"use {name}; near_text 'lighthouse keeper'")
    assert not ran.ok
    assert "near_text not supported here" in ran.err and "hybrid with alpha 1" in ran.err


async def test_rerank_and_rag_on_a_search(repl: ReplHarness, session, books) -> None:
    name, _ = books
    await repl.run(f"use {name}")
    result = await repl.json(
        'bm25 keeper --limit 3 --rerank title "keeper" --prompt "Explain {title}" --task "Sum up"'
    )
    assert "Sum up" in result["generated"]
    for found in result["objects"]:
        assert f"Explain {found['properties']['title']}" in found["generated"]
        assert found["rerank_score"] == float(len(found["properties"]["title"]))
    table = (await repl.run('bm25 keeper --limit 2 --task "Sum up"')).out
    assert "generated (grouped task):" in table


async def test_aggregate_matches_the_client(repl: ReplHarness, session, books) -> None:
    name, _ = books
    await repl.run(f"use {name}")
    direct = await session.client.collections.use(name).aggregate.over_all(
        group_by=GroupByAggregate(prop="genre"),
        total_count=True,
        return_metrics=[Metrics("year").integer()],
    )
    result = await repl.json("aggregate --group-by genre --metrics year")
    expected = {
        g.grouped_by.value: (g.total_count, g.properties["year"].mean) for g in direct.groups
    }
    assert {
        g["value"]: (g["count"], g["metrics"]["year"]["mean"]) for g in result["groups"]
    } == expected
    overall = await repl.json("aggregate --metrics year,rating --where 'in_print = true'")
    assert overall["total_count"] == 6
    assert overall["metrics"]["year"]["minimum"] == 1990
    assert (await repl.run("aggregate --group-by nope")).ok is False


async def test_help_format_and_quit(repl: ReplHarness) -> None:
    overview = (await repl.run("help")).out
    for name in ("ls", "use", "fetch", "hybrid", "aggregate", "quit"):
        assert name in overview
    detail = (await repl.run("help hybrid")).out
    assert "--fusion METHOD" in detail and "--rerank PROP QUERY" in detail
    names = [c["name"] for c in await repl.json("help")]
    assert "near_vector" in names
    await repl.run("format jsonl")
    assert repl.context.output_format == "jsonl"
    assert (await repl.run("help")).out.count("\n") == len(names)
    quitting = await repl.runner.run("quit; ls")
    assert quitting.quit and quitting.ok


async def test_server_text_is_printed_literally(
    repl: ReplHarness, session: ExplorerSession, collection_name: str, cleanup_collections
) -> None:
    cleanup_collections.append(collection_name)
    nasty = "[bold red]boom[/] \x1b[2J\x1b]0;title\x07 \u202eevil \x9b1m"
    handle = session.client.collections.use(collection_name)
    await session.client.collections.create(collection_name)
    await handle.data.insert({"title": nasty, "when": dt.datetime(2020, 1, 1, tzinfo=dt.UTC)})
    await repl.run(f"use {collection_name}")
    table = (await repl.run("fetch")).out
    assert "[bold red]boom[/]" in table
    assert "\x1b" not in table and "\x07" not in table and "\u202e" not in table
    assert "\x9b" not in table
    raw = (await repl.run("fetch --format json")).out
    assert "\x1b" not in raw and "\u202e" not in raw and "\x9b" not in raw
    [found] = (await repl.run("fetch --format json")).json()
    assert found["properties"]["title"] == nasty  # escaped, not altered


async def test_errors_in_scripts_are_one_line_and_stop_the_script(repl: ReplHarness, books) -> None:
    name, _ = books
    ran = await repl.run(f"use {name}; count --where 'year >'; ls")
    assert not ran.ok and ran.out == ""
    assert ran.err == (
        "Error: Invalid filter: column 7: expected a value after '>': a quoted string, "
        "a number, a date, true or false, found the end of the filter\n"
    )
    assert not (await repl.run("count --where 'year > \"x\"'")).ok


async def test_interactive_errors_point_at_the_culprit(session, books) -> None:
    name, _ = books
    harness = ReplHarness(session, interactive=True)
    try:
        ran = await harness.run(f"use {name}; count --where 'year >> 3'")
        assert ran.out.startswith("Using ")
        lines = ran.err.splitlines()
        assert lines[0].startswith("Error: Invalid filter: column 7:")
        assert lines[1:] == ["year >> 3", "      ^"]
    finally:
        session.current_collection = None


async def test_the_schema_cache_swaps_in_a_whole_new_snapshot(
    session: ExplorerSession, collection_name: str, cleanup_collections
) -> None:
    from explorer.repl.schema_cache import SchemaCache

    cache = SchemaCache(session)
    before = cache.snapshot
    cleanup_collections.append(collection_name)
    await create_books(session, collection_name)
    refreshed = await cache.refresh_in_background()
    assert refreshed is cache.snapshot and refreshed is not before
    assert collection_name in refreshed.collections
    assert refreshed.properties[collection_name][:2] == ("title", "summary")
    assert refreshed.vectors[collection_name] == ("bigram", "custom")
    await cache.close()


async def test_get_takes_a_unique_start_of_a_uuid_within_the_tenant(
    repl: ReplHarness,
    session: ExplorerSession,
    collection_name: str,
    cleanup_collections: list[str],
) -> None:
    from weaviate.classes.config import DataType

    from tests.tenanted import create_tenanted

    cleanup_collections.append(collection_name)
    handle = await create_tenanted(session, collection_name, {"n": DataType.INT}, ["alpha", "beta"])
    ids = {
        "alpha": ["0002bf92-80c8-5d94-af34-0d6c5fea1aaf", "0002bf99-0000-4000-8000-000000000001"],
        "beta": ["0002bf92-0000-4000-8000-000000000002"],
    }
    for tenant, uuids in ids.items():
        for n, object_id in enumerate(uuids):
            await handle.with_tenant(tenant).data.insert({"n": n}, uuid=object_id)

    assert (await repl.run(f"use {collection_name} @alpha")).ok
    assert (await repl.json("get 0002bf92"))["uuid"] == ids["alpha"][0]
    assert (await repl.json("get 0002bf92…"))["uuid"] == ids["alpha"][0]  # as the app shows it
    assert (await repl.json("get 0002BF99-0"))["uuid"] == ids["alpha"][1]
    ambiguous = await repl.run("get 0002bf9")
    assert not ambiguous.ok
    assert ids["alpha"][0] in ambiguous.err and ids["alpha"][1] in ambiguous.err
    assert "starts 2 uuids" in ambiguous.err and "type more of it" in ambiguous.err
    missing = await repl.run("get 0002bf93")
    assert not missing.ok and "starting 0002bf93" in missing.err
    wrong = await repl.run("get 0002xyz")
    assert not wrong.ok and "neither a uuid nor the start of one" in wrong.err

    assert (await repl.run(f"use {collection_name} @beta")).ok
    assert (await repl.json("get 0002bf9"))["uuid"] == ids["beta"][0]


async def test_metadata_times_take_one_spelling_in_sort_and_filter(
    repl: ReplHarness,
    session: ExplorerSession,
    collection_name: str,
    cleanup_collections: list[str],
) -> None:
    from weaviate.classes.config import Configure, DataType, Property

    cleanup_collections.append(collection_name)
    await session.client.collections.create(
        collection_name,
        properties=[Property(name="n", data_type=DataType.INT)],
        inverted_index_config=Configure.inverted_index(index_timestamps=True),
    )
    handle = session.client.collections.use(collection_name)
    for n in range(3):
        await handle.data.insert({"n": n})
    assert (await repl.run(f"use {collection_name}")).ok
    newest = uuids(await repl.json("fetch --sort _creationTimeUnix:desc --limit 3"))
    assert uuids(await repl.json("fetch --sort _creationTime:desc --limit 3")) == newest
    assert len(uuids(await repl.json("fetch --sort _lastUpdateTime"))) == 3
    # Both spellings make the same filter (v1.38.11 compares these times oddly over gRPC, so
    # the test compares the spellings' results, not a count).
    since = "fetch --where '{} < 2100-01-01' --limit 10"
    for filter_name, other in (
        ("_creationTime", "_creationTimeUnix"),
        ("_lastUpdateTime", "_lastUpdateTimeUnix"),
    ):
        expected = uuids(await repl.json(since.format(filter_name)))
        assert uuids(await repl.json(since.format(other))) == expected
    wrong = await repl.run("fetch --where 'created > 2000-01-01'")
    assert not wrong.ok
    assert "_creationTime" in wrong.err and "_lastUpdateTime" in wrong.err, wrong.err
    wrong_sort = await repl.run("fetch --sort created")
    assert not wrong_sort.ok and "_creationTime, _lastUpdateTime" in wrong_sort.err, wrong_sort.err


async def test_schema_shows_each_vectors_sources_and_settings(
    repl: ReplHarness,
    session: ExplorerSession,
    collection_name: str,
    cleanup_collections: list[str],
) -> None:
    from weaviate.classes.config import Configure, DataType, Property

    cleanup_collections.append(collection_name)
    await session.client.collections.create(
        collection_name,
        properties=[
            Property(name="title", data_type=DataType.TEXT),
            Property(name="country", data_type=DataType.TEXT),
        ],
        vector_config=[
            Configure.Vectors.custom(
                name="title_country",
                module_name="text2vec-bigram",
                source_properties=["title", "country"],
                module_config={"vectorizeClassName": False},
            ),
            Configure.Vectors.custom(name="everything", module_name="text2vec-bigram"),
        ],
    )
    assert (await repl.run(f"use {collection_name}")).ok
    shown = await repl.json("schema")
    vectors = {v["name"]: v for v in shown["vectors"]}
    assert vectors["title_country"]["source_properties"] == ["title", "country"]
    assert vectors["title_country"]["vectorizer_settings"] == {"vectorizeClassName": False}
    assert vectors["everything"]["source_properties"] == []
    table = await repl.run("schema")
    assert "title, country" in table.out and "vectorizeClassName=False" in table.out
    assert "all text" in table.out
