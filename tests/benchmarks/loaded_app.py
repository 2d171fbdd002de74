"""The real app in a real terminal, under load: what ``keystroke_echo`` types into.

``python -m tests.benchmarks.loaded_app HTTP_URL GRPC_PORT`` runs :class:`ExplorerApp` as the
command line would, and once it is connected it loads itself the way a busy user does: the
objects pane pages through ``PAGE_SIZE``-row pages of the 100k collection, ``HYBRID_QUERIES``
hybrid queries and ``AGGREGATES`` aggregates of the 100k collection stay in flight, and the focus
sits in the filter bar's where input, where the benchmark types. The info line says which page
is on screen, so the benchmark knows when the load runs.
"""

from __future__ import annotations

import asyncio
import os
import sys
from typing import Any

from textual.widgets import Input

from explorer.core.base.quiet import quiet_client_warnings
from explorer.core.client.connection import ConnectionOptions
from explorer.core.client.session import ExplorerSession
from explorer.core.query.requests import AggregateRequest, SearchRequest
from explorer.local.startup import LaunchPlan
from explorer.tui.app import ExplorerApp
from explorer.tui.panes.objects_pane import ObjectsPane
from tests.benchmarks.app_driver import loaded_pane, wait_for
from tests.benchmarks.server import BIG_COLLECTION, HYBRID_COLLECTION, HYBRID_TARGET, HYBRID_TEXTS

PAGE_SIZE = 500
HYBRID_QUERIES = 20
AGGREGATES = 3
#: Set to a path, the app profiles its UI thread under load, writes the profile there and exits
#: (``python -m tests.benchmarks.profile_loaded_app``).
PROFILE_ENV = "WX_BENCH_PROFILE"
PROFILE_SECONDS = 20.0
#: Set, the app only keeps the aggregates in flight, and the keys are the person's (to try by
#: hand in tmux); ``WX_BENCH_PAGE_SIZE`` sets the page size.
AGGREGATES_ONLY_ENV = "WX_BENCH_AGGREGATES_ONLY"
PAGE_SIZE_ENV = "WX_BENCH_PAGE_SIZE"
#: Where the benchmark types: the objects pane's where input (the table pages below it).
INPUT_ID = "objects-where"


class LoadedApp(ExplorerApp):
    def on_mount(self) -> None:
        # Textual calls ExplorerApp.on_mount as well (each class's handler in the MRO runs):
        # calling it here too ran the app's start twice.
        self.run_worker(self._load(), group="bench-load", exit_on_error=True)

    async def _load(self) -> None:
        await wait_for(
            lambda: any(c.name == BIG_COLLECTION for c in self.collections), "the collections"
        )
        assert self.opened is not None
        session = self.opened.session
        pane = await loaded_pane(self, ObjectsPane)
        self.open_collection(BIG_COLLECTION)
        await wait_for(lambda: bool(pane.records), "page 1")
        if os.environ.get(AGGREGATES_ONLY_ENV):
            await _aggregates(session)  # the keys are the person's own
            return
        pane.action_edit_filter()
        self.main_screen.query_one(f"#{INPUT_ID}", Input).focus()
        load = asyncio.gather(_page(pane), _queries(session), _aggregates(session))
        profile = os.environ.get(PROFILE_ENV)
        if profile:
            await _profiled(load, profile)
            self.exit()
        await load


async def _profiled(load: asyncio.Future[Any], out: str) -> None:
    """Profile this (the UI's) thread for ``PROFILE_SECONDS`` of load; write the text to ``out``."""
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.005, async_mode="disabled")
    profiler.start()
    await asyncio.sleep(PROFILE_SECONDS)
    profiler.stop()
    load.cancel()
    with open(out, "w") as handle:
        handle.write(profiler.output_text(unicode=False, color=False, show_all=False))
        handle.write("\n\nWith every library frame shown:\n")
        handle.write(profiler.output_text(unicode=False, color=False, show_all=True))


async def _page(pane: ObjectsPane) -> None:
    """Next page as soon as the last one is on screen; back to the start at the end."""
    while True:
        shown = pane.records

        def moved(shown: tuple[object, ...] = shown) -> bool:
            return pane.records is not shown

        if pane.last_page is not None and pane.target_page >= pane.last_page:
            pane.target_page = -1
        pane.action_next_page()
        await wait_for(moved, "the next page", 600)


async def _queries(session: ExplorerSession) -> None:
    done = 0
    while True:
        await asyncio.gather(
            *(
                session.search(
                    SearchRequest(
                        HYBRID_COLLECTION,
                        "hybrid",
                        text=HYBRID_TEXTS[(done + i) % len(HYBRID_TEXTS)],
                        target_vector=HYBRID_TARGET,
                        limit=10,
                    )
                )
                for i in range(HYBRID_QUERIES)
            )
        )
        done += HYBRID_QUERIES


async def _aggregates(session: ExplorerSession) -> None:
    requests = [
        AggregateRequest(BIG_COLLECTION),
        AggregateRequest(BIG_COLLECTION, group_by="tag"),
        AggregateRequest(BIG_COLLECTION, metrics=("title", "n")),
    ][:AGGREGATES]
    while True:
        await asyncio.gather(*(session.aggregate(request) for request in requests))


def main(argv: list[str]) -> None:
    quiet_client_warnings()
    url, grpc_port = argv[0], int(argv[1])
    LoadedApp(
        LaunchPlan(ConnectionOptions(url=url, grpc_port=grpc_port)), page_size=PAGE_SIZE
    ).run()


if __name__ == "__main__":
    main(sys.argv[1:])
