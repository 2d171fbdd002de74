"""``json.loads`` for untrusted text whose every failure is a ``json.JSONDecodeError``.

Plain ``json.loads`` also raises ``RecursionError`` on deeply nested arrays and a bare
``ValueError`` on integers of more than 4,300 digits; callers that catch ``JSONDecodeError``
would crash on those. Here both become a decode error with a message that says what to fix.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from typing import Any

#: What to say about JSON nested deeper than Python's parser can follow.
NESTED_TOO_DEEP = "nested too deep to read (hundreds of levels of {} or []): flatten it"
#: Longest integer literal read as an int (Python refuses longer ones); 64-bit ints have 20.
MAX_INT_DIGITS = 4300


class _NumberTooLong(Exception):
    def __init__(self, digits: int) -> None:
        self.digits = digits


def _parse_int(text: str) -> int:
    if len(text) > MAX_INT_DIGITS:
        raise _NumberTooLong(len(text))
    return int(text)


def loads(
    text: str | bytes, *, object_pairs_hook: Callable[[list[tuple[str, Any]]], Any] | None = None
) -> Any:
    """The JSON value of ``text``; raises only ``json.JSONDecodeError`` (and ``ValueError``
    from ``object_pairs_hook``)."""
    try:
        return json.loads(text, parse_int=_parse_int, object_pairs_hook=object_pairs_hook)
    except RecursionError:
        raise json.JSONDecodeError(NESTED_TOO_DEEP, _as_text(text), 0) from None
    except _NumberTooLong as exc:
        raise json.JSONDecodeError(
            f"a number has {exc.digits} digits (at most {MAX_INT_DIGITS}): shorten it",
            _as_text(text),
            0,
        ) from None


def _as_text(text: str | bytes) -> str:
    return text if isinstance(text, str) else text.decode("utf-8", errors="replace")


def is_finite(number: float) -> bool:
    """Whether ``number`` is a finite float, or an int a float can hold (not 10**400)."""
    try:
        return math.isfinite(number)
    except OverflowError:
        return False


def json_kind(value: Any) -> str:
    """What a parsed JSON value is, for a message: "a string", "a list", "an object", …"""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, Mapping):
        return "an object"
    return type(value).__name__
