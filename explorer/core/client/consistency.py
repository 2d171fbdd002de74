"""The consistency level a session's calls use: ONE, QUORUM, ALL, or the server's default."""

from __future__ import annotations

from explorer.core.base.errors import ExplorerError

CONSISTENCY_LEVELS = ("ONE", "QUORUM", "ALL")


def check_consistency_level(level: str | None) -> str | None:
    """``ONE``, ``QUORUM``, ``ALL`` (any case), or None for the server default."""
    if level is None or not level.strip() or level.strip().lower() == "default":
        return None
    upper = level.strip().upper()
    if upper not in CONSISTENCY_LEVELS:
        raise ExplorerError(
            "Unknown consistency level",
            f"{level!r}: choose one of {', '.join(CONSISTENCY_LEVELS)} (or default)",
        )
    return upper
