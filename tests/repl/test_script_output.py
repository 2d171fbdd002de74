"""What a ``repl -c`` script prints is valid in the format asked for (issue 15 items 20, 21)."""

from __future__ import annotations

import json

from explorer.core.client.connection import ConnectionOptions
from tests.integration.books import Book
from tests.repl.harness import run_cli


def _target(options: ConnectionOptions) -> list[str]:
    return ["--url", options.url, "--grpc-port", str(options.grpc_port)]


async def test_json_over_several_commands_is_refused_and_stdout_stays_one_document(
    server_options: ConnectionOptions, books: tuple[str, list[Book]]
) -> None:
    """Item 20: `-c 'count; aggregate' --format json` printed two concatenated documents."""
    name, data = books
    script = f"use {name}; count; aggregate"
    done = await run_cli("repl", *_target(server_options), "--format", "json", "-c", script)
    assert done.returncode == 1
    assert json.loads(done.stdout)["count"] == len(data)  # one valid document, nothing after it
    assert "--format jsonl" in done.stderr, done.stderr

    lines = await run_cli("repl", *_target(server_options), "--format", "jsonl", "-c", script)
    assert lines.returncode == 0, lines.stderr
    values = [json.loads(line) for line in lines.stdout.splitlines()]
    assert values[0]["count"] == len(data) and len(values) >= 2
