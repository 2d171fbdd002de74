"""history, replay, save, run, saved, unsave and code in the REPL, against the real server."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from explorer.core.client.connection import ConnectionOptions
from explorer.core.client.session import ExplorerSession
from explorer.core.query.requests import SearchRequest
from explorer.core.store.history import QueryHistory
from explorer.core.store.saved_queries import SavedQueries
from tests.repl.harness import ReplHarness, run_cli


@pytest.fixture
async def repl(session: ExplorerSession) -> AsyncIterator[ReplHarness]:
    harness = ReplHarness(session)
    yield harness
    await harness.context.schema.close()
    session.current_collection = session.current_tenant = None


async def test_every_query_goes_into_the_history_and_replays(repl: ReplHarness, books) -> None:
    name, _ = books
    assert (await repl.run(f"use {name}")).ok
    found = await repl.json('bm25 "harbour" --limit 3')
    await repl.json("fetch --where 'year > 1995' --sort year:desc --limit 2")
    grouped = await repl.json("aggregate --group-by genre")
    history = await repl.json("history")
    assert [(h["number"], h["kind"], h["collection"], h["front_end"]) for h in history] == [
        (1, "bm25", name, "repl"),
        (2, "fetch", name, "repl"),
        (3, "aggregate", name, "repl"),
    ]
    assert [h["result_count"] for h in history] == [3, 2, 3]
    assert all(h["latency_ms"] > 0 and h["time"].endswith("+00:00") for h in history)
    assert history[1]["parameters"]["sort"] == [{"property": "year", "descending": True}]
    assert [h["number"] for h in await repl.json("history --limit 2")] == [2, 3]

    assert [o["uuid"] for o in await repl.json("replay 1")] == [o["uuid"] for o in found]
    replayed = await repl.json("replay 3")

    def counts(data: dict[str, Any]) -> list[tuple[str, int]]:
        return sorted((g["value"], g["count"]) for g in data["groups"])  # groups come unordered

    assert counts(replayed) == counts(grouped) == [("drama", 4), ("mystery", 4), ("travel", 4)]
    assert len(await repl.json("history")) == 5  # replays are queries too

    table = await repl.run("history")
    assert table.ok and "bm25" in table.out and "'harbour'" in table.out and "latency" in table.out

    wrong = await repl.run("replay 99")
    assert not wrong.ok and "not a history number (1 to 5" in wrong.err


async def test_save_run_saved_and_unsave(repl: ReplHarness, books, tmp_path: Path) -> None:
    name, _ = books
    nothing = await repl.run("save early")
    assert not nothing.ok and "No query yet" in nothing.err
    assert (await repl.run(f"use {name}")).ok
    found = await repl.json('hybrid "storm harbour" --alpha 0.5 --limit 4')
    assert (await repl.run("save storm")).ok
    bad = await repl.run("save 'no spaces'")
    assert not bad.ok and "letters, digits" in bad.err

    other = ReplHarness(repl.context.session)  # a new REPL session reads the same file
    try:
        assert [o["uuid"] for o in await other.json("run storm")] == [o["uuid"] for o in found]
        listed = await other.json("saved")
        assert [(s["name"], s["request"]["kind"], s["request"]["alpha"]) for s in listed] == [
            ("storm", "hybrid", 0.5)
        ]
        assert (await other.run("unsave storm")).ok
        gone = await other.run("run storm")
        assert not gone.ok and "Unknown saved query" in gone.err
    finally:
        await other.context.schema.close()


async def test_code_prints_and_writes_the_last_query(
    repl: ReplHarness, books, tmp_path: Path
) -> None:
    name, _ = books
    none_yet = await repl.run("code")
    assert not none_yet.ok and "No query yet" in none_yet.err
    assert (await repl.run(f"use {name}")).ok
    await repl.json("bm25 \"keeper\" --where 'in_print = true' --limit 2")
    printed = await repl.run("code")
    assert printed.ok
    compile(printed.out, "code.py", "exec")
    assert "async with weaviate.use_async_with_custom(" in printed.out
    assert "Filter.by_property('in_print').equal(True)" in printed.out
    as_json = await repl.json("code --sync")
    assert as_json["variant"] == "sync" and "weaviate.connect_to_custom(" in as_json["code"]
    target = tmp_path / "query.py"
    assert (await repl.run(f"code --sync --output {target}")).ok
    assert target.read_text() == as_json["code"]


async def test_an_api_key_stays_out_of_the_history_and_the_code(
    session: ExplorerSession, books
) -> None:
    """The key the session holds is never written: code reads it from WEAVIATE_API_KEY."""
    from dataclasses import replace

    name, _ = books
    secret = "k-very-secret-api-key"
    options = replace(session.options, api_key=secret)
    keyed = ExplorerSession(options)  # never connected: code generation is local
    repl = ReplHarness(session)
    try:
        assert (await repl.run(f"use {name}")).ok
        await repl.json('bm25 "storm" --limit 1')
        repl.context.session = keyed
        keyed._configs[name] = await session.collection_config(name)
        code = await repl.run("code")
        assert code.ok and secret not in code.out
        assert "Auth.api_key(os.environ['WEAVIATE_API_KEY'])" in code.out
        history_text = QueryHistory().path.read_text()
        assert secret not in history_text and session.options.display_url in history_text
    finally:
        await repl.context.schema.close()
        session.current_collection = None


async def repl_cli(server_options: ConnectionOptions, *args: str) -> tuple[int, str, str]:
    done = await run_cli(
        "repl", "--url", server_options.url, "--grpc-port", str(server_options.grpc_port), *args
    )
    return done.returncode, done.stdout, done.stderr


async def test_run_a_saved_query_headlessly(
    server_options: ConnectionOptions, session: ExplorerSession, books
) -> None:
    name, _ = books
    code, _out, err = await repl_cli(
        server_options,
        "-c",
        f"use {name}; near_vector [1.0, 0.3, 0.1] --target custom --limit 3; save nearby",
    )
    assert code == 0, err
    stored = SavedQueries().get("nearby")
    assert isinstance(stored, SearchRequest) and stored.vector == (1.0, 0.3, 0.1)

    code, out, err = await repl_cli(server_options, "-c", "run nearby", "--format", "json")
    assert code == 0, err
    expected = await session.search(stored)
    assert [o["uuid"] for o in json.loads(out)] == [o.uuid for o in expected.objects]
    assert len(expected.objects) == 3

    code, out, err = await repl_cli(server_options, "-c", "run missing", "--format", "json")
    assert (code, out) == (1, "")
    assert err.startswith(
        "Error: Unknown saved query: no query is saved as 'missing'; saved: nearby"
    )
    assert err.count("\n") == 1

    kinds = [(e.kind, e.front_end) for e in QueryHistory().read()]
    assert kinds == [("near_vector", "repl"), ("near_vector", "repl")]


async def test_code_for_the_config_and_for_an_import(repl: ReplHarness, books) -> None:
    name, _ = books
    assert (await repl.run(f"use {name}")).ok
    config_code = await repl.run("code --config --sync")
    assert config_code.ok
    compile(config_code.out, "config.py", "exec")
    assert f"'class': {name!r}" in config_code.out and "create_from_dict(config)" in config_code.out
    import_code = await repl.run("code --import rows.jsonl")
    assert import_code.ok
    compile(import_code.out, "import.py", "exec")
    assert "PATH = 'rows.jsonl'" in import_code.out
    assert "async with collection.batch.stream() as batch:" in import_code.out
    wrong = await repl.run("code --import rows.parquet")
    assert not wrong.ok and "import reads json, jsonl, csv" in wrong.err
    both = await repl.run("code --config --import rows.csv")
    assert not both.ok and "choose one of --config and --import" in both.err


async def test_count_is_recorded_as_an_aggregate(repl: ReplHarness, books) -> None:
    name, _ = books
    assert (await repl.run(f"use {name}")).ok
    counted = await repl.json("count --where 'year > 1995'")
    (entry,) = QueryHistory().read()
    assert (entry.kind, entry.result_count) == ("aggregate", counted["count"]) == ("aggregate", 6)
    code = await repl.run("code")
    assert code.ok and "collection.aggregate.over_all(" in code.out


async def test_changes_say_what_they_did_in_scripts_too(
    server_options: ConnectionOptions, books, tmp_path: Path
) -> None:
    """Scripted (``repl -c``), a command that changes something says so on stderr, leaving
    stdout to the data."""
    name, _ = books
    target = tmp_path / "config.json"
    done = await run_cli(
        "repl",
        "--url",
        server_options.url,
        "--grpc-port",
        str(server_options.grpc_port),
        "-c",
        f"use {name}; fetch --limit 1; save first; unsave first; config --json {target}",
    )
    assert done.returncode == 0, done.stderr
    assert "Saved as first" in done.stderr
    assert "Deleted the saved query first" in done.stderr
    assert f"Wrote the config of {name} to {target}" in done.stderr
    assert "Deleted" not in done.stdout and json.loads(target.read_text())["class"] == name
