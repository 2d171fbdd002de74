"""Where weaviate-explorer keeps its files, in one place (platformdirs)."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import PlatformDirs

APP_NAME = "weaviate-explorer"

_dirs = PlatformDirs(APP_NAME, appauthor=False)


def cache_dir() -> Path:
    """Per-user cache: built server binaries live here."""
    override = os.environ.get("WEAVIATE_EXPLORER_CACHE_DIR")
    return Path(override) if override else Path(_dirs.user_cache_dir)


def data_dir() -> Path:
    """Per-user data: the embedded server's data and the REPL history."""
    override = os.environ.get("WEAVIATE_EXPLORER_DATA_DIR")
    return Path(override) if override else Path(_dirs.user_data_dir)


def server_binaries_dir() -> Path:
    return cache_dir() / "server"


def embedded_data_dir() -> Path:
    return data_dir() / "embedded"


def config_dir() -> Path:
    """Per-user configuration: the TUI's remembered settings."""
    override = os.environ.get("WEAVIATE_EXPLORER_CONFIG_DIR")
    return Path(override) if override else Path(_dirs.user_config_dir)
