"""Plain-text formatting of untrusted server values: never markup, never terminal escapes."""

from __future__ import annotations

import datetime as dt
import json
import re

# What untrusted text may never bring to the terminal, escaped as \xNN or \uNNNN:
# - Unicode category Cc: C0 controls, DEL and C1 controls (ESC, CR, BEL, CSI, NEL, ...);
# - the line and paragraph separators U+2028 and U+2029 (line breaks to some terminals);
# - the bidi controls U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069, which reorder
#   what is shown ("Trojan Source");
# - lone surrogates U+D800-U+DFFF: not encodable as UTF-8, so writing one crashes the output.
# Zero-width format characters (U+200B, U+200C, U+200D in emoji, U+2060, U+FEFF) stay: they move
# and reorder nothing, and are legitimate in text.
#: A regex character-class body (no brackets) of the above, besides Cc.
UNSAFE_CLASS = "\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_CONTROL = re.compile(f"[\x00-\x1f\x7f-\x9f{UNSAFE_CLASS}]")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char == "\n":
        return "↵"
    if char == "\t":
        return "⇥"
    return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"


def safe_text(value: object, max_length: int | None = None) -> str:
    """``value`` as one line of inert text; truncated with an ellipsis past ``max_length``."""
    text = str(value)
    if not text.isprintable():  # every character escaped below is unprintable to Python
        text = _CONTROL.sub(_escape, text)
    if max_length is not None and len(text) > max_length:
        return text[: max(max_length - 1, 0)] + "…"
    return text


def format_count(count: int | None) -> str:
    return "—" if count is None else f"{count:,}"


_MULTILINE_CONTROL = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{UNSAFE_CLASS}]")


def safe_multiline(value: object) -> str:
    """Like :func:`safe_text` but keeps newlines and tabs, for full-value views."""
    return _MULTILINE_CONTROL.sub(_escape, str(value))


def _json_default(value: object) -> object:
    if isinstance(value, dt.datetime):
        return value.isoformat().replace("+00:00", "Z")  # as format_value shows a lone date
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def to_json(value: object, *, indent: int | None = 2) -> str:
    """JSON for display and export: dates as ISO 8601, anything unknown as its string."""
    return json.dumps(value, indent=indent, ensure_ascii=False, default=_json_default)


def format_value(value: object) -> str:
    """A property value as compact one-line text (still untrusted: pass through safe_text)."""
    if value is None:
        return "∅"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, str):
        return value
    if isinstance(value, float):
        # Every digit the value has (two prices never look alike); whole ones without ".0".
        return f"{value:.0f}" if value.is_integer() and abs(value) < 1e16 else repr(value)
    if isinstance(value, list | tuple | dict):
        return to_json(value, indent=None)
    return str(value)


def pretty_value(value: object) -> str:
    """A property value over several lines: strings as they are, structures as indented JSON."""
    if isinstance(value, str):
        return value
    if isinstance(value, list | tuple | dict):
        return to_json(value)
    return format_value(value)
