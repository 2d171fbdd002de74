"""The ``--where`` filter language: text to the core's filter tree, type-checked, and back.

The REPL's ``--where`` and the TUI's filter inputs share this parser, so both speak one language.
Keywords are case-insensitive; names are case-sensitive and may be back-quoted::

    expr       := and_expr ("or" and_expr)*
    and_expr   := not_expr ("and" not_expr)*
    not_expr   := "not" not_expr | "(" expr ")" | condition
    condition  := name ( compare value
                       | ["not"] "like" string
                       | ["not"] ("in" | "contains_any" | "contains_all" | "contains_none") list
                       | "is" ["not"] "null" )
    compare    := "=" | "==" | "!=" | "<" | "<=" | ">" | ">="
    value      := "string" | 'string' | number | date | true | false
    list       := "[" [value ("," value)* [","]] "]"

Dates are bare (``2005-01-01``, ``2005-01-01T12:30:00Z``) and become timezone-aware datetimes,
in UTC unless they name an offset.
"""

from __future__ import annotations

import datetime as dt
import math
import uuid
from typing import Any, cast

from explorer.core.base.errors import ExplorerError
from explorer.core.base.models import CollectionConfig, SortSpec
from explorer.core.where.filters import (
    CREATION_TIME_PROPERTY,
    UPDATE_TIME_PROPERTY,
    And,
    Condition,
    FilterExpr,
    Not,
    Operator,
    Or,
    filter_metadata_name,
    sort_metadata_name,
)
from explorer.core.where.syntax import (
    KEYWORDS,
    PATH,
    Token,
    WhereError,
    describe,
    location,
    tokenize,
)
from explorer.core.where.types import check_condition

__all__ = ["MAX_DEPTH", "WhereError", "format_where", "parse_sort", "parse_where"]

LIST_OPERATORS = ("in", "contains_any", "contains_all", "contains_none")
#: How deep parentheses and ``not`` may nest; deeper input is an error, never a RecursionError.
MAX_DEPTH = 64


def parse_where(text: str, config: CollectionConfig | None = None) -> FilterExpr:
    """Parse a filter; with ``config``, check names and types and convert values to match."""
    return _Parser(text, config).parse()


class _Parser:
    """Recursive descent over the token list; every error names the token it stopped at."""

    def __init__(self, text: str, config: CollectionConfig | None) -> None:
        self.text = text
        self.config = config
        self.tokens = tokenize(text)
        self.index = 0
        self.depth = 0

    @property
    def token(self) -> Token:
        return self.tokens[self.index]

    def advance(self) -> Token:
        token = self.tokens[self.index]
        self.index = min(self.index + 1, len(self.tokens) - 1)
        return token

    def at_keyword(self, *words: str) -> bool:
        return self.token.kind == "keyword" and self.token.value in words

    def fail(self, expected: str) -> WhereError:
        return WhereError(
            self.text, self.token.start, f"expected {expected}, found {describe(self.token)}"
        )

    def parse(self) -> FilterExpr:
        if self.token.kind == "end":
            raise self.fail("a condition such as value > 400")
        expr = self.or_expr()
        if self.token.kind == ")":
            raise self.fail("the end of the filter: this ')' has no '('")
        if self.token.kind != "end":
            raise self.fail("'and', 'or' or the end of the filter")
        return expr

    def or_expr(self) -> FilterExpr:
        operands = [self.and_expr()]
        while self.at_keyword("or"):
            self.advance()
            operands.append(self.and_expr())
        return operands[0] if len(operands) == 1 else Or(tuple(operands))

    def and_expr(self) -> FilterExpr:
        operands = [self.not_expr()]
        while self.at_keyword("and"):
            self.advance()
            operands.append(self.not_expr())
        return operands[0] if len(operands) == 1 else And(tuple(operands))

    def not_expr(self) -> FilterExpr:
        if self.depth >= MAX_DEPTH:
            raise WhereError(self.text, self.token.start, f"nested deeper than {MAX_DEPTH} levels")
        self.depth += 1
        try:
            if self.at_keyword("not"):
                self.advance()
                return Not(self.not_expr())
            if self.token.kind == "(":
                opening = self.advance()
                if self.token.kind == ")":
                    raise self.fail("a condition inside the parentheses")
                expr = self.or_expr()
                if self.token.kind != ")":
                    where = location(self.text, opening.start)
                    raise self.fail(f"'and', 'or' or ')' to close the '(' at {where}")
                self.advance()
                return expr
            return self.condition()
        finally:
            self.depth -= 1

    def condition(self) -> FilterExpr:
        name = self.token
        if name.kind != "name":
            raise self.fail("a property name, 'not' or '('")
        self.advance()
        negated = self.at_keyword("not")
        if negated:
            self.advance()
            if not self.at_keyword("like", *LIST_OPERATORS):
                raise self.fail("'like', 'in' or 'contains_…' after 'not'")
        operator = self.token
        operand: Token | list[Token] | bool
        if operator.kind == "op":
            self.advance()
            operation, operand = operator.value, self.value(operator)
        elif self.at_keyword("like"):
            self.advance()
            operation, operand = "like", self.value(operator)
        elif self.at_keyword(*LIST_OPERATORS):
            self.advance()
            operation, operand = operator.value, self.list()
        elif self.at_keyword("is"):
            self.advance()
            operand = not self.at_keyword("not")
            if not operand:
                self.advance()
            if not self.at_keyword("null"):
                raise self.fail("'null' after 'is'" if operand else "'null' after 'is not'")
            self.advance()
            operation = "is_null"
        else:
            raise self.fail(
                "an operator (=, !=, <, <=, >, >=, like, in, contains_any, contains_all, "
                f"contains_none or is null) after {describe(name)}"
            )
        value = check_condition(self.text, self.config, name, operation, operator, operand)
        condition = Condition(filter_metadata_name(name.value), cast(Operator, operation), value)
        return Not(condition) if negated else condition

    def value(self, after: Token) -> Token:
        token = self.token
        if token.kind in ("string", "int", "float", "date") or self.at_keyword("true", "false"):
            self.advance()
            return token
        expected = f"a value after {describe(after)}"
        if self.at_keyword("null"):
            raise self.fail(f"{expected} (to test for null, write 'is null')")
        if token.kind == "name":
            raise self.fail(f'{expected} (quote text: "{token.text}")')
        raise self.fail(f"{expected}: a quoted string, a number, a date, true or false")

    def list(self) -> list[Token]:
        if self.token.kind != "[":
            raise self.fail('a list such as ["a", "b"]')
        opening = self.advance()
        items: list[Token] = []
        while self.token.kind != "]":
            items.append(self.value(self.tokens[self.index - 1]))
            if self.token.kind == ",":
                self.advance()
            elif self.token.kind != "]":
                where = location(self.text, opening.start)
                raise self.fail(f"',' or ']' to close the '[' at {where}")
        self.advance()
        if not items:
            raise WhereError(self.text, opening.start, "the list is empty: give at least one value")
        return items


# -- the inverse --------------------------------------------------------------------------------


def format_where(expr: FilterExpr) -> str:
    """A filter tree as text that :func:`parse_where` reads back into the same tree."""
    if isinstance(expr, Or):
        return " or ".join(_group(e, (Or,)) for e in _operands(expr))
    if isinstance(expr, And):
        return " and ".join(_group(e, (And, Or)) for e in _operands(expr))
    if isinstance(expr, Not):
        return "not " + _group(expr.operand, (And, Or))
    return _format_condition(expr)


def _operands(expr: And | Or) -> tuple[FilterExpr, ...]:
    if not expr.operands:
        kind = "and" if isinstance(expr, And) else "or"
        raise ExplorerError("Invalid filter", f"an empty '{kind}' group cannot be written")
    return expr.operands


def _group(expr: FilterExpr, parenthesised: tuple[type, ...]) -> str:
    text = format_where(expr)
    if isinstance(expr, parenthesised) and len(expr.operands) > 1:  # type: ignore[union-attr]
        return f"({text})"
    return text


def format_name(name: str) -> str:
    """A property name as written in a filter: back-quoted when it would read as a keyword."""
    if PATH.fullmatch(name) and name.lower() not in KEYWORDS:
        return name
    if PATH.fullmatch(name):
        return f"`{name}`"
    raise ExplorerError("Invalid filter", f"{name!r} cannot be written as a property name")


def _format_condition(condition: Condition) -> str:
    name, operator, value = format_name(condition.property), condition.operator, condition.value
    if operator == "is_null":
        return f"{name} is null" if value else f"{name} is not null"
    if operator in LIST_OPERATORS:
        items = value if isinstance(value, list | tuple | set | frozenset) else (value,)
        return f"{name} {operator} [{', '.join(format_literal(v) for v in items)}]"
    return f"{name} {operator} {format_literal(value)}"


def format_literal(value: Any) -> str:
    """One value as a literal of the filter language."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ExplorerError("Invalid filter", f"{value} cannot be used in a filter")
        return repr(value)
    if isinstance(value, dt.datetime):
        aware = value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)
        offset = aware.utcoffset() or dt.timedelta(0)
        if offset.seconds % 60 or offset.microseconds:  # the language has minute offsets only
            aware = aware.astimezone(dt.UTC)
        if aware.utcoffset() == dt.timedelta(0) and aware.time() == dt.time(0):
            return aware.date().isoformat()
        return aware.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        value = str(value)
    if isinstance(value, str):
        return _quote(value)
    raise ExplorerError("Invalid filter", f"a {type(value).__name__} cannot be written in a filter")


def _quote(text: str) -> str:
    out = ['"']
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append("\\t")
        elif char == "\r":
            out.append("\\r")
        elif not char.isprintable() and ord(char) <= 0xFFFF:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


# -- sort -------------------------------------------------------------------------------------

#: Metadata a fetch can be ordered by, besides the properties (in either spelling).
SORT_METADATA = (CREATION_TIME_PROPERTY, UPDATE_TIME_PROPERTY)


#: Types a sort cannot order by (the server takes them and returns an arbitrary order).
_UNSORTABLE = {"object": "an object", "object[]": "a list of objects"}


def parse_sort(text: str, config: CollectionConfig | None = None) -> tuple[SortSpec, ...]:
    """``prop[:asc|:desc], other`` into sort specs, checked against the properties if known."""
    properties = {p.name for p in config.properties} if config else None
    types = {p.name: p.data_type for p in config.properties} if config else {}
    specs = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, _, direction = part.partition(":")
        name, direction = name.strip(), direction.strip().lower()
        metadata = filter_metadata_name(name) in SORT_METADATA
        if properties is not None and name not in properties and not metadata:
            assert config is not None
            choices = [*sorted(properties), *SORT_METADATA]
            raise ExplorerError(
                "Unknown sort property",
                f"{config.name} has no property {name!r}; choose from {', '.join(choices)}",
            )
        unsortable = _UNSORTABLE.get(types.get(name, ""))
        if unsortable is not None:
            raise ExplorerError(
                "Invalid sort",
                f"cannot sort by {name} ({unsortable}): sort by a property of a scalar type "
                "such as text, int, number or date",
            )
        if not name or direction not in ("", "asc", "desc"):
            raise ExplorerError("Invalid sort", f"{part!r}: write prop, prop:asc or prop:desc")
        specs.append(SortSpec(sort_metadata_name(name), descending=direction == "desc"))
    return tuple(specs)
