"""The installed app in a real terminal (tmux 120x40): browse and run a hybrid query by keys."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

from explorer.core.client.connection import ConnectionOptions
from explorer.core.client.session import ExplorerSession
from tests.integration.books import create_books
from tests.terminal.tmux import tmux_session

INSTALLED_APP = Path(sys.executable).parent / "weaviate-explorer"


async def test_hybrid_query_with_keys_only(
    session: ExplorerSession,
    server_options: ConnectionOptions,
    collection_name: str,
    cleanup_collections: list[str],
    tmp_path: Path,
) -> None:
    cleanup_collections.append(collection_name)
    await create_books(session, collection_name)
    command = (
        f"WEAVIATE_EXPLORER_CONFIG_DIR={shlex.quote(str(tmp_path))} "
        f"{shlex.quote(str(INSTALLED_APP))} --url {server_options.url} "
        f"--grpc-port {server_options.grpc_port}"
    )
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
    command = (
        f"WEAVIATE_EXPLORER_CONFIG_DIR={shlex.quote(str(tmp_path))} "
        f"{shlex.quote(str(INSTALLED_APP))} --url {server_options.url} "
        f"--grpc-port {server_options.grpc_port}"
    )
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
