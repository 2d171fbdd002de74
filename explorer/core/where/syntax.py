"""Tokens of the ``--where`` filter language, and the error that points at a position.

Kept apart from the parser so the type checks (``where_types``) can raise the same error.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from explorer.core.base.errors import ExplorerError

KEYWORDS = frozenset(
    {"and", "or", "not", "in", "like", "is", "null", "true", "false"}
    | {"contains_any", "contains_all", "contains_none"}
)
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1

IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
#: A property, or a path through a reference: ``hasCategory.title``.
PATH = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")
_DATE = re.compile(
    r"\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:[Zz]|[+-]\d{2}:?\d{2})?)?"
)
_NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][+-]?\d+)?")
_OPERATOR = re.compile(r"==|!=|<=|>=|=|<|>")
_HEX = frozenset("0123456789abcdefABCDEF")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r"}


class WhereError(ExplorerError):
    """A syntax or type error in a filter; ``position`` is the 0-based offset it points at."""

    def __init__(self, text: str, position: int, detail: str) -> None:
        self.text = text
        self.position = position
        self.detail = detail
        super().__init__("Invalid filter", f"{location(text, position)}: {detail}")

    @property
    def column(self) -> int:
        """1-based, within the line of the position."""
        return self.position - (self.text.rfind("\n", 0, self.position) + 1) + 1

    def pointer(self) -> str:
        """The offending line with a caret under the position, for a terminal."""
        start = self.text.rfind("\n", 0, self.position) + 1
        end = self.text.find("\n", self.position)
        line = self.text[start : end if end >= 0 else len(self.text)]
        return f"{line}\n{' ' * (self.column - 1)}^"


def location(text: str, position: int) -> str:
    """``column N``, or ``line L, column N`` for a filter written over several lines."""
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    if "\n" not in text:
        return f"column {column}"
    return f"line {text.count(chr(10), 0, position) + 1}, column {column}"


@dataclass(frozen=True)
class Token:
    """One token; ``kind`` is name, keyword, op, string, int, float, date, ( ) [ ] , or end."""

    kind: str
    text: str
    value: Any
    start: int


def describe(token: Token) -> str:
    """How an error message shows a token."""
    if token.kind == "end":
        return "the end of the filter"
    text = token.text if len(token.text) <= 30 else token.text[:29] + "…"
    return repr(text)


def tokenize(text: str) -> list[Token]:
    """Split a filter into tokens; the last one is always ``end``."""
    tokens: list[Token] = []
    index, length = 0, len(text)
    while index < length:
        char = text[index]
        if char.isspace():
            index += 1
            continue
        start = index
        if char in "()[],":
            token = Token(char, char, char, start)
        elif char in "\"'":
            token = _read_string(text, start)
        elif char == "`":
            end = text.find("`", start + 1)
            if end < 0 or not PATH.fullmatch(text[start + 1 : end]):
                raise WhereError(
                    text, start, "a back-quoted name needs letters, digits or _ and a closing `"
                )
            token = Token("name", text[start : end + 1], text[start + 1 : end], start)
        elif match := _OPERATOR.match(text, index):
            operator = "=" if match.group() == "==" else match.group()
            token = Token("op", match.group(), operator, start)
        elif char.isdigit() or (char == "-" and text[index + 1 : index + 2].isdigit()):
            token = _read_number_or_date(text, start)
        elif match := PATH.match(text, index):
            word = match.group()
            keyword = word.lower() in KEYWORDS
            token = Token(
                "keyword" if keyword else "name", word, word.lower() if keyword else word, start
            )
        else:
            shown = char if char.isprintable() else f"\\u{ord(char):04x}"
            raise WhereError(text, start, f"unexpected character {shown!r}")
        tokens.append(token)
        index = start + len(token.text)
    tokens.append(Token("end", "", None, length))
    return tokens


def _read_string(text: str, start: int) -> Token:
    quote, index = text[start], start + 1
    parts: list[str] = []
    while index < len(text):
        char = text[index]
        if char == quote:
            return Token("string", text[start : index + 1], "".join(parts), start)
        if char == "\\" and index + 1 < len(text):
            escaped = text[index + 1]
            if escaped == "u":
                digits = text[index + 2 : index + 6]
                if len(digits) != 4 or not set(digits) <= _HEX:
                    raise WhereError(text, index, "\\u needs four hex digits, e.g. \\u00e9")
                parts.append(chr(int(digits, 16)))
                index += 6
                continue
            parts.append(_ESCAPES.get(escaped, escaped))
            index += 2
            continue
        parts.append(char)
        index += 1
    raise WhereError(text, start, f"unterminated string: close it with {quote}")


def _read_number_or_date(text: str, start: int) -> Token:
    match = _DATE.match(text, start)
    if match and not _continues_word(text, match.end()):
        lexeme = match.group()
        return Token("date", lexeme, parse_datetime(lexeme, text, start), start)
    match = _NUMBER.match(text, start)
    if match is None or _continues_word(text, match.end()):
        end = start + 1
        while end < len(text) and (text[end].isalnum() or text[end] in "_-.:"):
            end += 1
        raise WhereError(
            text, start, f"{text[start:end]!r} is not a number or a date (quote text values)"
        )
    lexeme = match.group()
    if match.group(1) or match.group(2):
        number = float(lexeme)
        if number in (float("inf"), float("-inf")):
            raise WhereError(text, start, f"{lexeme} is out of range for a number")
        return Token("float", lexeme, number, start)
    whole = int(lexeme)
    if not INT64_MIN <= whole <= INT64_MAX:
        raise WhereError(text, start, f"{lexeme} is out of range for a 64-bit whole number")
    return Token("int", lexeme, whole, start)


def _continues_word(text: str, end: int) -> bool:
    return end < len(text) and (text[end].isalnum() or text[end] in "_.:-")


def parse_datetime(lexeme: str, text: str, start: int) -> dt.datetime:
    """An ISO 8601 date or date-time, timezone-aware (UTC unless it names an offset)."""
    try:
        value = dt.datetime.fromisoformat(lexeme.replace("z", "Z"))
    except ValueError:
        raise WhereError(
            text,
            start,
            f"{lexeme!r} is not a valid date: write one such as 2005-01-01 or 2005-01-01T12:00:00Z",
        ) from None
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)
