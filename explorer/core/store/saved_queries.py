"""Queries saved under a name, in ``saved-queries.json`` in the user config dir.

Both front ends read and write the same file (under a file lock), so a query saved in the TUI
runs headlessly with ``weaviate-explorer repl -c 'run NAME'``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import re
from pathlib import Path
from typing import Any

from filelock import FileLock

from explorer.core.base.errors import ExplorerError
from explorer.core.base.paths import config_dir
from explorer.core.query.codec import Request, request_from_dict, request_to_dict

SAVED_QUERIES_FILE = "saved-queries.json"
NAME_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")


def saved_queries_path() -> Path:
    return config_dir() / SAVED_QUERIES_FILE


def check_name(name: str) -> str:
    """A saved query's name: letters, digits, ``_``, ``.`` and ``-``, up to 64 characters."""
    if not NAME_PATTERN.fullmatch(name):
        raise ExplorerError(
            "Invalid name",
            f"{name[:80]!r}: a saved query's name starts with a letter or digit and has only "
            "letters, digits, _, . and - (at most 64 characters)",
        )
    return name


class UnknownSavedQuery(ExplorerError):
    """No query is saved under the name asked for."""


class SavedQueries:
    """Name → request; every change rewrites the file atomically under a lock."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path if path is not None else saved_queries_path()

    @property
    def _lock(self) -> FileLock:
        return FileLock(str(self.path) + ".lock", timeout=10)

    def _load(self) -> dict[str, Any]:
        if not self.path.exists():
            return {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except ValueError as exc:
            raise ExplorerError(
                "Unreadable saved queries", f"{self.path} is not valid JSON: {exc}"
            ) from exc
        queries = data.get("queries") if isinstance(data, dict) else None
        if not isinstance(queries, dict):
            raise ExplorerError("Unreadable saved queries", f"{self.path} has no 'queries' object")
        return queries

    def _write(self, queries: dict[str, Any]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        text = json.dumps({"version": 1, "queries": queries}, indent=2, ensure_ascii=False)
        temporary.write_text(text + "\n", encoding="utf-8")
        os.replace(temporary, self.path)

    # -- blocking, for threads ---------------------------------------------------------------

    def save(self, name: str, request: Request) -> None:
        check_name(name)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock:
            queries = self._load()
            queries[name] = {
                "saved": dt.datetime.now(dt.UTC).isoformat(),
                "request": request_to_dict(request),
            }
            self._write(queries)

    def get(self, name: str) -> Request:
        with self._lock:
            queries = self._load()
        if name not in queries:
            known = ", ".join(sorted(queries)) or "none yet (save one with: save NAME)"
            raise UnknownSavedQuery(
                "Unknown saved query", f"no query is saved as {name!r}; saved: {known}"
            )
        entry = queries[name]
        return request_from_dict(entry.get("request") if isinstance(entry, dict) else None)

    def delete(self, name: str) -> None:
        with self._lock:
            queries = self._load()
            if queries.pop(name, None) is None:
                raise UnknownSavedQuery("Unknown saved query", f"no query is saved as {name!r}")
            self._write(queries)

    def all(self) -> dict[str, Request]:
        """Every saved query by name, sorted; damaged entries are left out."""
        with self._lock:
            queries = self._load()
        result: dict[str, Request] = {}
        for name in sorted(queries):
            entry = queries[name]
            try:
                result[name] = request_from_dict(
                    entry.get("request") if isinstance(entry, dict) else None
                )
            except ExplorerError:
                continue
        return result

    # -- on the event loop -------------------------------------------------------------------

    async def asave(self, name: str, request: Request) -> None:
        await asyncio.to_thread(self.save, name, request)

    async def aget(self, name: str) -> Request:
        return await asyncio.to_thread(self.get, name)

    async def aall(self) -> dict[str, Request]:
        return await asyncio.to_thread(self.all)
