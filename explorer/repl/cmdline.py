"""Splitting a REPL line into statements and words, shell-like, keeping every word's position.

Rules: whitespace separates words; ``'...'`` is literal; in ``"..."`` a backslash escapes ``"``
and ``\\``; an unquoted ``;`` ends a statement; a backslash before a newline continues the line;
any other backslash is literal, so pgcli-style ``\\d`` and ``\\q`` need no quoting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from explorer.core.base.errors import ExplorerError


class CommandLineError(ExplorerError):
    """A command line that cannot be parsed; ``position`` is the 0-based offset it points at."""

    def __init__(self, line: str, position: int, detail: str) -> None:
        self.line = line
        self.position = position
        self.detail = detail
        super().__init__("Invalid command", f"{location(line, position)}: {detail}")

    def pointer(self) -> str:
        """The offending line with a caret under the position, for a terminal."""
        start = self.line.rfind("\n", 0, self.position) + 1
        end = self.line.find("\n", self.position)
        text = self.line[start : end if end >= 0 else len(self.line)]
        return f"{text}\n{' ' * (self.position - start)}^"


def location(line: str, position: int) -> str:
    column = position - (line.rfind("\n", 0, position) + 1) + 1
    if "\n" not in line:
        return f"column {column}"
    return f"line {line.count(chr(10), 0, position) + 1}, column {column}"


@dataclass(frozen=True)
class Word:
    """One word with its unquoted text and where it stands in the line."""

    text: str
    start: int
    end: int
    #: Some part of it was quoted, so it is never taken for a flag ...
    quoted: bool = False
    #: Set only by a partial split: the word's quote is still open at the end of the input.
    open_quote: str = ""
    #: ... unless the quotes came after an unquoted ``--name=``: ``--where="value > 3"``.
    quoted_flag_value: bool = False

    @property
    def is_flag(self) -> bool:
        return (
            (not self.quoted or self.quoted_flag_value)
            and self.text.startswith("--")
            and len(self.text) > 2
        )


@dataclass(frozen=True)
class Statement:
    words: tuple[Word, ...]
    #: The statement's source text, and its offset in the full line.
    start: int
    end: int


#: The longest command line the REPL reads: room for a 10 MB value in an insert, no more.
MAX_LINE_CHARS = 16_000_000
#: The longest search text (bm25, hybrid, near_text): a 5 MB paste is a mistake, not a query.
MAX_SEARCH_TEXT_CHARS = 100_000


class LineTooLong(CommandLineError):
    """A command line over :data:`MAX_LINE_CHARS`, refused before it is split."""


def check_line_length(line: str) -> None:
    if len(line) > MAX_LINE_CHARS:
        raise LineTooLong(
            line[:80],
            0,
            f"this command line has {len(line):,} characters; the limit is "
            f"{MAX_LINE_CHARS:,}: shorten it, or import large values from a file",
        )


def split_statements(line: str, *, partial: bool = False) -> list[Statement]:
    """Statements separated by unquoted ``;`` (empty ones dropped unless ``partial``).

    With ``partial`` an unterminated quote is allowed (its word gets ``open_quote``) and the last
    statement is kept even when empty, which is what completion needs. Linear in the length;
    a line over :data:`MAX_LINE_CHARS` is refused.
    """
    check_line_length(line)
    statements: list[Statement] = []
    words: list[Word] = []
    statement_start = 0
    index, length = 0, len(line)
    while index < length:
        char = line[index]
        if char == "\\" and line[index + 1 : index + 2] == "\n":
            index += 2
            continue
        if char.isspace():
            index += 1
            continue
        if char == ";":
            if words or partial:
                statements.append(Statement(tuple(words), statement_start, index))
            words, statement_start = [], index + 1
            index += 1
            continue
        word, index = _read_word(line, index, partial)
        words.append(word)
    if words or partial:
        statements.append(Statement(tuple(words), statement_start, length))
    return statements


def _read_word(line: str, start: int, partial: bool) -> tuple[Word, int]:
    parts: list[str] = []
    index, quoted, length = start, False, len(line)
    flag_value = False
    while index < length:
        char = line[index]
        if char.isspace() or char == ";":
            break
        if char == "\\" and line[index + 1 : index + 2] == "\n":
            break
        plain = _PLAIN_RUN.match(line, index)
        if plain is not None:  # a run of ordinary characters at once: linear and fast
            parts.append(plain.group())
            index = plain.end()
            continue
        if char in "'\"":
            if not quoted:
                flag_value = _FLAG_EQUALS.match("".join(parts)) is not None
            quoted = True
            closing = _closing_quote(line, index)
            if closing < 0:
                if partial:
                    parts.append(_unquote(line[index + 1 :], char))
                    word = Word("".join(parts), start, length, True, char, flag_value)
                    return word, length
                raise CommandLineError(line, index, f"unterminated quote: close it with {char}")
            parts.append(_unquote(line[index + 1 : closing], char))
            index = closing + 1
            continue
        parts.append(char)
        index += 1
    return Word("".join(parts), start, index, quoted, quoted_flag_value=flag_value), index


#: An unquoted flag name and its equals sign, before a quoted value.
_FLAG_EQUALS = re.compile(r"--[^=]+=")
#: Characters that end or change a word: whitespace, ``;``, quotes and the backslash.
_PLAIN_RUN = re.compile(r"[^\s;'\"\\]+")
#: The body of a double-quoted string up to its closing quote (possessive: no backtracking).
_DOUBLE_QUOTED_BODY = re.compile(r'(?:[^"\\]++|\\.)*+"', re.DOTALL)
#: What a double-quoted string unescapes: ``\"``, ``\\`` and a backslash-newline.
_DOUBLE_QUOTED_ESCAPE = re.compile(r'\\(["\\])|\\\n')


def _closing_quote(line: str, opening: int) -> int:
    """The index of the quote that closes the one at ``opening``, or -1 (in linear time)."""
    if line[opening] == "'":
        return line.find("'", opening + 1)
    body = _DOUBLE_QUOTED_BODY.match(line, opening + 1)
    return body.end() - 1 if body is not None else -1


def _unquote(body: str, quote: str) -> str:
    if quote == "'":
        return body
    return _DOUBLE_QUOTED_ESCAPE.sub(lambda m: m.group(1) or "", body)


def is_complete(text: str) -> bool:
    """False while a quote or an unquoted ``[`` is open, or the text ends in a backslash.

    The prompt inserts a newline instead of running the command until this is True, which is how
    long prompts and vectors are written over several lines.
    """
    if len(text) > MAX_LINE_CHARS:
        return True  # run it, so the runner says it is too long (never wait for more)
    if text.rstrip(" \t").endswith("\\"):
        return False
    try:
        statements = split_statements(text)
    except CommandLineError:
        return False
    depth = 0
    for statement in statements:
        for word in statement.words:
            if word.quoted:
                continue
            depth += word.text.count("[") - word.text.count("]")
    return depth <= 0
