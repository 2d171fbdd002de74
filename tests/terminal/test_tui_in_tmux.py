"""The installed app in a real terminal (tmux 120x40): browse and run a hybrid query by keys."""

from __future__ import annotations

import re
import shlex
import sys
import time
from pathlib import Path

from explorer.core.client.connection import ConnectionOptions
from explorer.core.client.session import ExplorerSession
from tests.integration.books import create_books
from tests.terminal.tmux import Tmux, tmux_session

INSTALLED_APP = Path(sys.executable).parent / "weaviate-explorer"


def app_command(server_options: ConnectionOptions, config_dir: Path) -> str:
    """The installed app on the test server, with a settings folder of the test's own."""
    return (
        f"WEAVIATE_EXPLORER_CONFIG_DIR={shlex.quote(str(config_dir))} "
        f"{shlex.quote(str(INSTALLED_APP))} --url {server_options.url} "
        f"--grpc-port {server_options.grpc_port}"
    )


async def test_hybrid_query_with_keys_only(
    session: ExplorerSession,
    server_options: ConnectionOptions,
    collection_name: str,
    cleanup_collections: list[str],
    tmp_path: Path,
) -> None:
    cleanup_collections.append(collection_name)
    await create_books(session, collection_name)
    command = app_command(server_options, tmp_path)
    with tmux_session(command) as tmux:
        tmux.wait_for("weaviate-explorer")
        tmux.wait_for("● connected")
        tmux.wait_for(collection_name[:16])  # a long name gives way to the vectors column
        tmux.send("C-p")
        tmux.wait_for("Search for commands")
        tmux.send(collection_name, literal=True)
        tmux.wait_for(f"Open collection {collection_name}")
        tmux.send("Enter")
        tmux.wait_for("· page 1")
        tmux.send("3")  # the form's first field, Kind (Hybrid)
        tmux.wait_for("^r Run")  # the footer shows the form's keys once it has the focus
        tmux.send("Tab")  # Query text
        tmux.send("lighthouse keeper", literal=True)
        tmux.send("Enter")
        tmux.wait_for("results · hybrid")
        # Ranked first in the results table; the object's own properties come first.
        tmux.wait_for_match(r"│\s+1\s+The lighthouse ke")  # the column may be narrow
        tmux.send("q")


async def test_search_across_a_thousand_tenants_with_keys_only(
    session: ExplorerSession, server_options: ConnectionOptions, tmp_path: Path
) -> None:
    """Issue 18: a cross-tenant search by keys alone, on a collection with 1,000 tenants."""
    from tests.many_tenants import many_tenants_collection

    async with many_tenants_collection(session, 1_000) as many:
        command = app_command(server_options, tmp_path)
        with tmux_session(command, width=140, height=45) as tmux:
            tmux.wait_for("● connected")
            tmux.send("C-p")
            tmux.wait_for("Search for commands")
            tmux.send(many.name, literal=True)
            tmux.wait_for(f"Open collection {many.name}")
            tmux.send("Enter")
            tmux.wait_for("is multi-tenant: choose a tenant")
            tmux.wait_for("All tenants: search across 1,000 (36 active)")
            tmux.send("Enter")  # "All tenants" is highlighted first
            tmux.wait_for("Across every tenant")
            tmux.send("globex", literal=True)  # the query text has the focus
            tmux.wait_for("globex  ")
            tmux.send("BTab")  # back to Kind
            tmux.send("Enter")
            tmux.wait_for("Fetch (filter only)")  # the choices are open
            tmux.send("Down", "Enter")  # BM25 (keyword)
            _wait_gone(tmux, "Fetch (filter only)", "Alpha (0 = keyword")  # BM25's form
            tmux.send("C-r")  # run
            tmux.wait_for("5 results from 36 tenants")
            tmux.wait_for("964 tenants not searched")  # the inactive ones, reported
            screen = tmux.wait_for_match(r"│\s+1\s+globex-\d\s+globex apple")
            assert re.search(r"#\s+Tenant\s+title", screen)  # labelled by tenant
            tmux.send("q")


def _wait_gone(tmux: Tmux, *texts: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = tmux.screen()
        if not any(text in screen for text in texts):
            return
        time.sleep(0.1)
    raise AssertionError(f"{texts!r} never went. Last screen:\n{screen}")


async def test_compare_search_modes_with_keys_only(
    session: ExplorerSession,
    server_options: ConnectionOptions,
    collection_name: str,
    cleanup_collections: list[str],
    tmp_path: Path,
) -> None:
    """The Lab's Compare view by keys alone: 7, the text, tick the vector, run, walk the lists."""
    cleanup_collections.append(collection_name)
    await create_books(session, collection_name)
    command = app_command(server_options, tmp_path)
    with tmux_session(command, width=160, height=45) as tmux:
        tmux.wait_for("● connected")
        tmux.wait_for(collection_name[:16])
        tmux.send("C-p")
        tmux.wait_for("Search for commands")
        tmux.send(collection_name, literal=True)
        tmux.wait_for(f"Open collection {collection_name}")
        tmux.send("Enter")
        tmux.wait_for("· page 1")
        tmux.send("7")  # the Lab: Compare's first field, the query text
        tmux.wait_for("^r Run")
        tmux.send("harbour", literal=True)
        tmux.send("Tab", "Tab")  # Alphas, then the target vectors
        tmux.send("Space")  # tick the first: bigram (text2vec-bigram)
        tmux.send("C-r")
        tmux.wait_for("overlap@10 (Jaccard)")
        tmux.wait_for("hybrid 0.75")
        tmux.send("Escape")  # from the form to the lists
        tmux.send("Right")
        tmux.wait_for("Rank: bm25")
        tmux.send("q")
