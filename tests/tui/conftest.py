from __future__ import annotations

from pathlib import Path

import pytest

from explorer.core.client.connection import ConnectionOptions
from explorer.local.startup import LaunchPlan
from explorer.tui.app import ExplorerApp


@pytest.fixture(autouse=True)
def isolated_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The TUI remembers settings; tests keep theirs in a temp dir."""
    config = tmp_path / "config"
    monkeypatch.setenv("WEAVIATE_EXPLORER_CONFIG_DIR", str(config))
    return config


@pytest.fixture
def app(server_options: ConnectionOptions) -> ExplorerApp:
    return ExplorerApp(LaunchPlan(server_options), page_size=5)
