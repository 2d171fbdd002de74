"""Plain-text formatting of untrusted server values: never markup, never terminal escapes."""

from __future__ import annotations

import re

# C0 and C1 control characters, DEL, and the bidi overrides that can disguise text.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char == "\n":
        return "↵"
    if char == "\t":
        return "⇥"
    return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"


def safe_text(value: object, max_length: int | None = None) -> str:
    """``value`` as one line of inert text; truncated with an ellipsis past ``max_length``."""
    text = _CONTROL.sub(_escape, str(value))
    if max_length is not None and len(text) > max_length:
        return text[: max(max_length - 1, 0)] + "…"
    return text


def format_count(count: int | None) -> str:
    return "—" if count is None else f"{count:,}"
