"""Rows of (property, operator, value) as text of the ``--where`` language, and back.

A form builds the text here and then runs it through :func:`explorer.core.where.parser.parse_where`,
so a filter built from rows is exactly one the REPL would accept.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from explorer.core.base.errors import ExplorerError
from explorer.core.base.models import CollectionConfig
from explorer.core.where.filters import And, Condition, FilterExpr, Or
from explorer.core.where.parser import LIST_OPERATORS, format_literal, format_name
from explorer.core.where.syntax import WhereError
from explorer.core.where.types import base_type

#: What a row offers besides the language's operators: ``is_null`` split in two.
IS_NULL, IS_NOT_NULL = "is_null", "is_not_null"
Joiner = Literal["and", "or"]


@dataclass(frozen=True)
class FilterRow:
    property: str
    #: An operator of the language, or ``is_null`` / ``is_not_null``.
    operator: str
    #: As typed: a plain value (quoted for you), or a comma-separated list for in/contains_*.
    value: str = ""


def operator_label(operator: str) -> str:
    return {IS_NULL: "is null", IS_NOT_NULL: "is not null"}.get(operator, operator)


def row_text(row: FilterRow, config: CollectionConfig) -> str:
    """One condition as filter text; a value that does not fit is left for the parser to explain."""
    name = format_name(row.property)
    if row.operator == IS_NULL:
        return f"{name} is null"
    if row.operator == IS_NOT_NULL:
        return f"{name} is not null"
    try:
        base = base_type(config, row.property)
    except WhereError:
        base = None
    raw = row.value.strip()
    if not raw:
        raise ExplorerError("Value needed", f"give a value for {row.property} {row.operator}")
    if row.operator in LIST_OPERATORS:
        if any(quote in raw for quote in "\"'"):
            return f"{name} {row.operator} [{raw}]"  # written as literals already
        items = [item.strip() for item in raw.split(",") if item.strip()]
        return f"{name} {row.operator} [{', '.join(_literal(i, base) for i in items)}]"
    return f"{name} {row.operator} {_literal(raw, base)}"


def _literal(raw: str, base: str | None) -> str:
    if len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "\"'":
        return raw  # the user quoted it
    if base in ("int", "number") and _is_number(raw):
        return raw
    if base == "boolean" and raw.lower() in ("true", "false"):
        return raw.lower()
    return format_literal(raw)


def _is_number(raw: str) -> bool:
    try:
        float(raw)
    except ValueError:
        return False
    return raw.lower() not in ("nan", "inf", "-inf", "infinity", "-infinity")


def rows_text(rows: Sequence[FilterRow], joiner: Joiner, config: CollectionConfig) -> str:
    """Rows with a property, joined by ``and`` or ``or`` (empty text for no rows)."""
    parts = [row_text(row, config) for row in rows if row.property]
    return f" {joiner} ".join(parts)


def rows_from_filter(expr: FilterExpr) -> tuple[Joiner, tuple[FilterRow, ...]] | None:
    """A filter as rows, when it is one condition or one flat and/or of them; else None."""
    if isinstance(expr, Condition):
        row = _row(expr)
        return ("and", (row,)) if row is not None else None
    if isinstance(expr, And | Or):
        rows = [_row(e) if isinstance(e, Condition) else None for e in expr.operands]
        if any(r is None for r in rows):
            return None
        return ("and" if isinstance(expr, And) else "or", tuple(r for r in rows if r is not None))
    return None


def _row(condition: Condition) -> FilterRow | None:
    if condition.operator == "is_null":
        return FilterRow(condition.property, IS_NULL if condition.value else IS_NOT_NULL)
    value = condition.value
    if condition.operator in LIST_OPERATORS:
        items = value if isinstance(value, list | tuple) else (value,)
        texts = [_raw(item) for item in items]
        if any(isinstance(i, str) and ("," in i or _misread(i)) for i in items):
            texts = [format_literal(item) for item in items]
        return FilterRow(condition.property, condition.operator, ", ".join(texts))
    return FilterRow(condition.property, condition.operator, _raw(value))


def _misread(text: str) -> bool:
    """Whether :func:`row_text` would read ``text`` as typed differently: it trims it, takes
    an empty one as missing, and keeps one in quotes as a literal."""
    return text != text.strip() or not text or any(quote in text for quote in "\"'")


def _raw(value: Any) -> str:
    if isinstance(value, str):
        return format_literal(value) if _misread(value) else value
    if isinstance(value, dt.date | bool | int | float):
        return format_literal(value)
    return str(value)
