"""An import of 100,000 rows whose server is killed midway, then the same import again.

The first run must end soon after the kill and say what may be missing; after a restart the same
import converges to exactly the file: every row once, with its content, nothing more.
"""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

import pytest

from explorer.core.client.connection import ConnectionOptions
from explorer.core.client.session import ExplorerSession
from explorer.core.transfer.importer import (
    ImportInterrupted,
    ImportProgress,
    ImportRequest,
    import_file,
)
from explorer.core.transfer.stream_stop import ServerWatch
from explorer.local.server import LocalServer
from explorer.local.startup import OpenedSession
from tests.big_import import create_target, expected_contents, stored_contents, write_rows
from tests.restarts import kill, restart

#: Fault cases (servers killed, restarted or made read-only): `make test-slow` runs them.
pytestmark = pytest.mark.slow

ROWS = 100_000


async def test_a_killed_100k_import_says_what_may_be_missing_and_a_rerun_converges(
    own_server: LocalServer, tmp_path: Path
) -> None:
    started = time.monotonic()
    rows = write_rows(tmp_path / "big.jsonl", ROWS)
    path = tmp_path / "big.jsonl"
    options = ConnectionOptions(url=own_server.url, grpc_port=own_server.grpc_port)
    async with ExplorerSession(options) as session:
        await create_target(session, "Big")
        expected = await expected_contents(session, "Big", rows)
        assert len(expected) == ROWS and set(expected.values()) == {1}  # twins get two uuids
        recovered = asyncio.Event()
        opened = OpenedSession(session)
        opened.watch_health(on_recovered=recovered.set)
        killed_at: list[float] = []

        def kill_midway(update: ImportProgress) -> None:
            if not killed_at and update.read >= ROWS * 0.4:
                killed_at.append(time.monotonic())
                kill(own_server)

        try:
            first_started = time.monotonic()
            with pytest.raises(ImportInterrupted) as caught:
                await asyncio.wait_for(
                    import_file(session, ImportRequest(path, "Big"), kill_midway), 300
                )
            ended_after_kill = time.monotonic() - killed_at[0]
            report = caught.value.report
            print(
                f"\nfirst run: {report.read:,} rows read in {killed_at[0] - first_started:.1f}s"
                f" before the kill ({report.read / (killed_at[0] - first_started):,.0f} rows/s);"
                f" ended {ended_after_kill:.1f}s after it; {report.imported:,} confirmed,"
                f" {report.unconfirmed:,} may not have landed"
            )
            assert ended_after_kill < 30  # bounded: not the client's 125 s or 300 s waits
            assert caught.value.title == "Import stopped: server lost"
            assert report.server_lost is not None and own_server.url in report.server_lost
            assert 0 < report.imported < report.read < ROWS and report.reconciled
            assert report.unconfirmed == report.failed > 0
            message = caught.value.message
            assert f"{report.unconfirmed:,} rows may not have landed" in message
            assert f"{ROWS - report.read:,} rows after row {report.read:,} were not read" in message
            assert "Run the same import again once the server is back" in message

            # The failed-rows file lists exactly the rows read but not confirmed, with their uuid.
            assert report.failed_path is not None
            listed = [json.loads(line) for line in report.failed_path.read_text().splitlines()]
            assert len(listed) == report.failed
            assert all(entry["error"].startswith("may not have landed") for entry in listed)
            not_confirmed = {entry["uuid"] for entry in listed}
            read_entries = [e for e, _n in list(expected.items())[: report.read]]
            confirmed = {uuid for uuid, _props in read_entries} - not_confirmed
            assert len(confirmed) == report.imported

            await restart(own_server)
            await asyncio.wait_for(recovered.wait(), 60)
            # What the server confirmed survived the kill.
            after_kill = await stored_contents(session, "Big")
            assert confirmed <= {uuid for uuid, _props in after_kill}

            second_started = time.monotonic()
            again = await import_file(session, ImportRequest(path, "Big"))
            second = time.monotonic() - second_started
            print(f"second run: {ROWS:,} rows in {second:.1f}s ({ROWS / second:,.0f} rows/s)")
            assert (again.read, again.imported, again.failed) == (ROWS, ROWS, 0)
            assert again.failed_path is None and not report.failed_path.exists()
            assert await session.count("Big") == ROWS
            assert await stored_contents(session, "Big") == expected  # content, no duplicates
        finally:
            await opened.close()
    print(f"test total: {time.monotonic() - started:.1f}s")


async def test_without_a_health_poll_the_import_notices_the_kill_itself(
    own_server: LocalServer, tmp_path: Path
) -> None:
    """The core alone (a script, no front end polling health) still ends soon and reports."""
    path = tmp_path / "small.jsonl"
    rows = write_rows(path, 10_000)
    options = ConnectionOptions(url=own_server.url, grpc_port=own_server.grpc_port)
    async with ExplorerSession(options) as session:
        await create_target(session, "Alone")
        killed_at: list[float] = []

        def kill_early(update: ImportProgress) -> None:
            if not killed_at and update.read >= 2_000:
                killed_at.append(time.monotonic())
                kill(own_server)

        with pytest.raises(ImportInterrupted) as caught:
            await asyncio.wait_for(
                import_file(session, ImportRequest(path, "Alone"), kill_early), 300
            )
        assert time.monotonic() - killed_at[0] < 30  # not the client's Timeout.insert + 5 s
        report = caught.value.report
        assert caught.value.title == "Import stopped: server lost"
        assert report.imported > 0 and report.unconfirmed == report.failed > 0
        not_confirmed = {failure.uuid for failure in report.failures}
        assert None not in not_confirmed and len(not_confirmed) == report.failed

        await restart(own_server)
        await session.reconnect()
        landed = {uuid for uuid, _props in await stored_contents(session, "Alone")}
        read = list(await expected_contents(session, "Alone", rows[: report.read]))
        assert {uuid for uuid, _props in read} - not_confirmed <= landed  # confirmed = stored
        again = await import_file(session, ImportRequest(path, "Alone"))
        assert (again.imported, again.failed) == (len(rows), 0)
        assert await stored_contents(session, "Alone") == await expected_contents(
            session, "Alone", rows
        )


async def test_a_stream_that_dies_asks_at_once_whether_the_server_did(
    own_server: LocalServer,
) -> None:
    """The gRPC stream can fail as soon as the node is killed, before the watch's next probe:
    the importer then probes once (a CI run reported "Import stopped" without "server lost")."""
    options = ConnectionOptions(url=own_server.url, grpc_port=own_server.grpc_port)
    async with ExplorerSession(options) as session:
        watch = ServerWatch(session, interval=3600)  # its own probes would come far too late
        assert await watch.check_now() is None  # the server answers
        kill(own_server)
        lost = await watch.check_now()
        assert lost is not None and watch.lost == lost
        await restart(own_server)
