"""What a ``repl -c`` script prints is valid in the format asked for (issue 15 items 20, 21)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from explorer.core.client.connection import ConnectionOptions
from explorer.core.client.session import ExplorerSession
from explorer.repl.app import run_lines
from explorer.repl.context import ReplContext
from explorer.repl.schema_cache import SchemaCache
from tests.integration.books import Book
from tests.repl.harness import run_cli


def _target(options: ConnectionOptions) -> list[str]:
    return ["--url", options.url, "--grpc-port", str(options.grpc_port)]


async def test_json_over_several_commands_is_refused_before_any_of_them_runs(
    server_options: ConnectionOptions, books: tuple[str, list[Book]]
) -> None:
    """Item 20: `-c 'count; aggregate' --format json` printed two concatenated documents, and
    then the refusal came only after the second command had run."""
    name, data = books
    script = f"use {name}; count; aggregate"
    done = await run_cli("repl", *_target(server_options), "--format", "json", "-c", script)
    assert done.returncode == 1
    assert done.stdout == ""  # nothing ran, so nothing printed
    assert "nothing ran" in done.stderr and "--format jsonl" in done.stderr, done.stderr

    lines = await run_cli("repl", *_target(server_options), "--format", "jsonl", "-c", script)
    assert lines.returncode == 0, lines.stderr
    values = [json.loads(line) for line in lines.stdout.splitlines()]
    assert values[0]["count"] == len(data) and len(values) >= 2


async def test_a_json_script_on_stdin_is_read_whole_and_refused_before_a_change(
    session: ExplorerSession,
    books: tuple[str, list[Book]],
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A script read line by line is refused before its first command too: the insert that
    would have printed the first of two documents never reaches the server."""
    name, data = books
    context = ReplContext(session, SchemaCache(session), "json", interactive=False)
    script = [f"use {name}", 'insert \'{"title": "Never"}\'', "# a comment", "count"]
    assert await run_lines(context, script) == 1
    printed = capsys.readouterr()
    assert printed.out == "" and "nothing ran" in printed.err, printed
    assert await session.count(name) == len(data)


@pytest.mark.parametrize(
    "script",
    [
        "use {name}; format jsonl; count; aggregate",  # the format switches before a 2nd document
        "use {name}; count --format jsonl; count",  # a flag asks for another format
        "use {name}; consistency ONE; config --json cfg.json; count; quit; aggregate",
    ],
)
async def test_a_json_script_that_prints_one_document_runs(
    script: str,
    session: ExplorerSession,
    books: tuple[str, list[Book]],
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    name, data = books
    context = ReplContext(session, SchemaCache(session), "json", interactive=False)
    assert await run_lines(context, [script.format(name=name)]) == 0, capsys.readouterr().err
    assert str(len(data)) in capsys.readouterr().out
