"""One persisted query history, shared by the TUI and the REPL: append-only JSON lines.

Every query either front end runs is one line: when, where, what (the request, as
:func:`request_codec.request_to_dict`), how many results and how long it took. The file lives in
the user data dir; a file lock lets a TUI and a REPL append at the same time. It keeps the last
:data:`HISTORY_CAP` entries: past twice that many lines it is compacted in place.
No secret goes in: the server is stored as its URL, and requests hold no credentials.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from filelock import FileLock

from explorer.core.base.errors import ExplorerError
from explorer.core.base.models import AggregateResult, QueryResult
from explorer.core.base.paths import data_dir
from explorer.core.query.codec import (
    Request,
    request_from_dict,
    request_kind,
    request_to_dict,
)

HISTORY_FILE = "query-history.jsonl"
HISTORY_CAP = 1000


def history_path() -> Path:
    return data_dir() / HISTORY_FILE


@dataclass(frozen=True)
class HistoryEntry:
    time: dt.datetime
    request: Request
    result_count: int | None
    latency_ms: float | None
    front_end: str
    server_url: str

    @property
    def collection(self) -> str:
        return self.request.collection

    @property
    def tenant(self) -> str | None:
        return self.request.tenant

    @property
    def kind(self) -> str:
        return request_kind(self.request)

    def to_dict(self) -> dict[str, Any]:
        return {
            "time": self.time.isoformat(),
            "collection": self.collection,
            "tenant": self.tenant,
            "kind": self.kind,
            "parameters": request_to_dict(self.request),
            "result_count": self.result_count,
            "latency_ms": None if self.latency_ms is None else round(self.latency_ms, 3),
            "front_end": self.front_end,
            "server_url": self.server_url,
        }

    @classmethod
    def from_dict(cls, data: Any) -> HistoryEntry:
        if not isinstance(data, dict):
            raise ExplorerError("Unreadable history entry", "an entry must be a JSON object")
        try:
            time = dt.datetime.fromisoformat(str(data["time"]))
            count = data.get("result_count")
            latency = data.get("latency_ms")
            return cls(
                time=time,
                request=request_from_dict(data["parameters"]),
                result_count=int(count) if count is not None else None,
                latency_ms=float(latency) if latency is not None else None,
                front_end=str(data.get("front_end", "")),
                server_url=str(data.get("server_url", "")),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ExplorerError(
                "Unreadable history entry", f"{type(exc).__name__}: {exc}"
            ) from None


def result_count(result: QueryResult | AggregateResult) -> int | None:
    if isinstance(result, QueryResult):
        return len(result.objects)
    if result.groups:
        return len(result.groups)
    return result.total_count


class QueryHistory:
    """The history file: append under a lock, read the newest entries, compact past the cap."""

    def __init__(self, path: Path | None = None, *, cap: int = HISTORY_CAP) -> None:
        self.path = path if path is not None else history_path()
        self.cap = cap

    @property
    def _lock(self) -> FileLock:
        return FileLock(str(self.path) + ".lock", timeout=10)

    # -- blocking, for threads ---------------------------------------------------------------

    def append(self, entry: HistoryEntry) -> None:
        line = json.dumps(entry.to_dict(), ensure_ascii=False, default=str) + "\n"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock:
            with self.path.open("a", encoding="utf-8") as file:
                file.write(line)
            self._compact_if_needed()

    def _compact_if_needed(self) -> None:
        """Keep the newest ``cap`` lines once the file holds twice as many (lock held)."""
        with self.path.open(encoding="utf-8") as file:
            lines = file.readlines()
        if len(lines) <= 2 * self.cap:
            return
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text("".join(lines[-self.cap :]), encoding="utf-8")
        os.replace(temporary, self.path)

    def read(self, limit: int | None = None) -> list[HistoryEntry]:
        """The newest ``limit`` entries (all kept ones without), oldest first; bad lines skipped."""
        if not self.path.exists():
            return []
        with self._lock:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        entries: list[HistoryEntry] = []
        for line in lines[-self.cap :]:
            try:
                entries.append(HistoryEntry.from_dict(json.loads(line)))
            except (ValueError, ExplorerError):
                continue  # a torn or hand-edited line must not hide the rest
        return entries[-limit:] if limit else entries

    def clear(self) -> None:
        with self._lock:
            self.path.unlink(missing_ok=True)

    # -- on the event loop -------------------------------------------------------------------

    async def record(
        self,
        request: Request,
        result: QueryResult | AggregateResult,
        *,
        front_end: str,
        server_url: str,
        latency_ms: float | None = None,
    ) -> HistoryEntry:
        """Append one query, written in a thread."""
        if latency_ms is None and isinstance(result, QueryResult):
            latency_ms = result.elapsed_ms
        entry = HistoryEntry(
            time=dt.datetime.now(dt.UTC),
            request=request,
            result_count=result_count(result),
            latency_ms=latency_ms,
            front_end=front_end,
            server_url=server_url,
        )
        await asyncio.to_thread(self.append, entry)
        return entry

    async def entries(self, limit: int | None = None) -> list[HistoryEntry]:
        return await asyncio.to_thread(self.read, limit)
