"""What a Weaviate server's JSON log says about why it stopped, in words a user can act on.

Weaviate logs one JSON record per line; a server that cannot start logs an ``error`` or
``fatal`` record last, e.g. ``cannot create data directory "…/data": mkdir …: permission
denied`` with the path in a ``path`` field (v1.38.11, data dir not writable).
"""

from __future__ import annotations

import json
from collections import deque
from dataclasses import dataclass
from pathlib import Path

from explorer.core.base.errors import ServerStartError

_FAILURE_LEVELS = frozenset({"error", "fatal", "panic"})
#: What the OS says when a path cannot be written.
NOT_WRITABLE_MARKERS = ("permission denied", "read-only file system")


@dataclass(frozen=True)
class LoggedFailure:
    message: str
    #: The file or directory the record names, when it names one.
    path: str | None = None

    @property
    def not_writable(self) -> bool:
        lowered = self.message.lower()
        return any(marker in lowered for marker in NOT_WRITABLE_MARKERS)


def last_failure(log_path: Path, lines: int = 400) -> LoggedFailure | None:
    """The last error (or fatal) record among the last ``lines`` lines of the log."""
    try:
        with log_path.open(encoding="utf-8", errors="replace") as handle:
            tail = deque(handle, maxlen=lines)
    except OSError:
        return None
    for line in reversed(tail):
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict) and record.get("level") in _FAILURE_LEVELS:
            path = record.get("path")
            return LoggedFailure(str(record.get("msg", "")), str(path) if path else None)
    return None


def data_dir_not_writable(path: Path | str, detail: str) -> ServerStartError:
    return ServerStartError(
        "Data dir not writable",
        f"the Weaviate server cannot write to {path} ({detail}). Make the data dir writable "
        "for the user running weaviate-explorer, or choose another one with --data-dir.",
    )
