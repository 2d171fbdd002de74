"""Drive the REPL's command runner in-process, and the ``repl`` command as a subprocess."""

from __future__ import annotations

import asyncio
import io
import json
import os
import sys
from dataclasses import dataclass
from typing import Any

from explorer.core.client.session import ExplorerSession
from explorer.repl.context import ReplContext
from explorer.repl.render import make_console
from explorer.repl.runner import CommandRunner
from explorer.repl.schema_cache import SchemaCache


@dataclass
class Ran:
    ok: bool
    out: str
    err: str

    def json(self) -> Any:
        assert self.ok, self.err
        return json.loads(self.out)


class ReplHarness:
    """A non-interactive REPL on the test session whose output lands in strings."""

    def __init__(self, session: ExplorerSession, *, interactive: bool = False) -> None:
        self.out, self.err = io.StringIO(), io.StringIO()
        self.context = ReplContext(session, SchemaCache(session), interactive=interactive)
        self.runner = CommandRunner(
            self.context, make_console(self.out, width=200), make_console(self.err, width=200)
        )

    async def run(self, line: str) -> Ran:
        for stream in (self.out, self.err):
            stream.seek(0)
            stream.truncate()
        outcome = await self.runner.run(line)
        return Ran(outcome.ok, self.out.getvalue(), self.err.getvalue())

    async def json(self, line: str) -> Any:
        return (await self.run(f"{line} --format json")).json()


@dataclass
class Finished:
    returncode: int
    stdout: str
    stderr: str


async def run_cli(
    *args: str, stdin: str | None = None, env: dict[str, str] | None = None, timeout: float = 120
) -> Finished:
    """``python -m explorer ARGS`` without blocking the loop the test server's session uses."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "explorer",
        *args,
        stdin=asyncio.subprocess.PIPE if stdin is not None else asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env={**os.environ, **(env or {})},
    )
    stdout, stderr = await asyncio.wait_for(
        process.communicate(stdin.encode() if stdin is not None else None), timeout
    )
    assert process.returncode is not None
    return Finished(process.returncode, stdout.decode(), stderr.decode())
