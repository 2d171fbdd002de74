from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from explorer.core.connection import ConnectionOptions
from explorer.core.session import ExplorerSession
from explorer.startup import LaunchPlan
from explorer.tui.app import ExplorerApp
from tests.integration.books import Book, create_books


@pytest.fixture(autouse=True)
def isolated_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The TUI remembers settings; tests keep theirs in a temp dir."""
    config = tmp_path / "config"
    monkeypatch.setenv("WEAVIATE_EXPLORER_CONFIG_DIR", str(config))
    return config


@pytest.fixture
async def books(
    session: ExplorerSession, collection_name: str, cleanup_collections: list[str]
) -> AsyncIterator[tuple[str, list[Book]]]:
    cleanup_collections.append(collection_name)
    yield collection_name, await create_books(session, collection_name)


@pytest.fixture
def app(server_options: ConnectionOptions) -> ExplorerApp:
    return ExplorerApp(LaunchPlan(server_options), page_size=5)
