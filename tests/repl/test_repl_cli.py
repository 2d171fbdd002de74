"""``weaviate-explorer repl`` as a script runner, on the demo data: the issue's Done-when checks."""

from __future__ import annotations

import json

import pytest
from weaviate.classes.query import Filter

from explorer.core.client.connection import ConnectionOptions
from explorer.core.client.session import ExplorerSession
from explorer.core.transfer.demo import DEMO_COLLECTION, load_demo
from tests.repl.harness import Finished, run_cli


@pytest.fixture(scope="module")
async def demo_loaded(session: ExplorerSession) -> None:
    await load_demo(session.client)


async def repl(server_options: ConnectionOptions, *args: str, stdin: str | None = None) -> Finished:
    return await run_cli(
        "repl",
        "--url",
        server_options.url,
        "--grpc-port",
        str(server_options.grpc_port),
        *args,
        stdin=stdin,
    )


async def test_count_prints_exactly_1000(server_options, demo_loaded: None) -> None:
    done = await repl(server_options, "-c", "use JeopardyQuestion; count")
    assert (done.returncode, done.stdout, done.stderr) == (0, "1000\n", "")


async def test_hybrid_as_json_prints_exactly_three_objects(
    server_options, demo_loaded: None
) -> None:
    done = await repl(
        server_options,
        "-c",
        'use JeopardyQuestion; hybrid "Lincoln theatre" --limit 3 --format json',
    )
    assert done.returncode == 0, done.stderr
    objects = json.loads(done.stdout)  # valid JSON and nothing else
    assert isinstance(objects, list) and len(objects) == 3
    assert all(o["collection"] == DEMO_COLLECTION and o["uuid"] for o in objects)
    assert "Lincoln" in objects[0]["properties"]["question"]


async def test_filtered_count_matches_the_client(
    server_options, session: ExplorerSession, demo_loaded: None
) -> None:
    direct = await session.client.collections.use(DEMO_COLLECTION).aggregate.over_all(
        total_count=True, filters=Filter.by_property("value").greater_than(1000)
    )
    done = await repl(server_options, "-c", "use JeopardyQuestion; count --where 'value > 1000'")
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) == direct.total_count and direct.total_count > 0


async def test_a_malformed_filter_fails_with_one_line_naming_the_position(
    server_options, demo_loaded: None
) -> None:
    done = await repl(server_options, "-c", "use JeopardyQuestion; count --where 'value >'")
    assert done.returncode != 0
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert "column 8" in lines[0] and "expected a value" in lines[0]


async def test_commands_from_stdin_one_per_line(server_options, demo_loaded: None) -> None:
    script = (
        "# a comment, then a blank line\n\n"
        "use JeopardyQuestion\n"
        "count --where 'round = \"Final Jeopardy!\"'\n"
        "fetch --limit 2 --sort value:desc --props value --format jsonl\n"
        'bm25 "theatre" --limit 1 --task "one\n'
        'task over two lines" --format json\n'
    )
    done = await repl(server_options, stdin=script)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "29"
    values = [json.loads(line)["properties"] for line in lines[1:3]]
    assert values == [{"value": 8000}, {"value": 6000}]
    rag = json.loads("\n".join(lines[3:]))
    assert "one\ntask over two lines" in rag["generated"] and len(rag["objects"]) == 1


async def test_a_failing_stdin_script_stops_and_exits_non_zero(
    server_options, demo_loaded: None
) -> None:
    done = await repl(server_options, stdin="use JeopardyQuestion\ncount --where 'nope > 1'\nls\n")
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.startswith(
        "Error: Invalid filter: column 1: JeopardyQuestion has no property"
    )
    assert done.stderr.count("\n") == 1


async def test_global_format_and_quit(server_options, demo_loaded: None) -> None:
    done = await repl(
        server_options, "--format", "jsonl", "-c", "use JeopardyQuestion; fetch --limit 3; quit; ls"
    )
    assert done.returncode == 0, done.stderr
    assert [json.loads(line)["collection"] for line in done.stdout.splitlines()] == [
        DEMO_COLLECTION
    ] * 3


async def test_connection_failure_is_a_message(demo_loaded: None) -> None:
    done = await run_cli("repl", "--url", "http://127.0.0.1:9", "--grpc-port", "10", "-c", "ls")
    assert done.returncode == 1
    assert "Error: Cannot reach Weaviate" in done.stderr and "Traceback" not in done.stderr


async def test_repl_is_in_the_help() -> None:
    done = await run_cli("repl", "--help")
    for word in ("--command", "--format", "--embedded", "--demo", "--url", "--grpc-port"):
        assert word in done.stdout
