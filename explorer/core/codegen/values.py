"""Python source for literal values and filter trees, always through ``repr``.

Hostile strings cannot break out of a literal: every user or server value is written by
``repr`` (or built from ``repr`` pieces), never pasted into the source as text.
"""

from __future__ import annotations

import datetime as dt
import math
import uuid
from typing import Any

from explorer.core.base.errors import ExplorerError
from explorer.core.where.filters import (
    CREATION_TIME_PROPERTY,
    FILTER_METHODS,
    ID_PROPERTY,
    UPDATE_TIME_PROPERTY,
    And,
    FilterExpr,
    Not,
    Or,
)


def literal(value: Any, imports: set[str] | None = None) -> str:
    """Source that evaluates to ``value``; adds ``import datetime`` to ``imports`` when needed."""
    if value is None or isinstance(value, bool | int | str):
        return repr(value)
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else f"float({str(value)!r})"
    if isinstance(value, dt.datetime):
        if imports is not None:
            imports.add("import datetime")
        return f"datetime.datetime.fromisoformat({value.isoformat()!r})"
    if isinstance(value, uuid.UUID):
        return repr(str(value))
    if isinstance(value, list | tuple):
        return "[" + ", ".join(literal(v, imports) for v in value) + "]"
    if isinstance(value, dict):
        items = ", ".join(f"{literal(k, imports)}: {literal(v, imports)}" for k, v in value.items())
        return "{" + items + "}"
    raise ExplorerError("Cannot write code", f"no Python literal for a {type(value).__name__}")


def filter_code(expr: FilterExpr, imports: set[str] | None = None) -> str:
    """``Filter.…`` source equal to ``filters.to_weaviate(expr)``."""
    if isinstance(expr, And):
        return "Filter.all_of([" + ", ".join(filter_code(e, imports) for e in expr.operands) + "])"
    if isinstance(expr, Or):
        return "Filter.any_of([" + ", ".join(filter_code(e, imports) for e in expr.operands) + "])"
    if isinstance(expr, Not):
        return f"Filter.not_({filter_code(expr.operand, imports)})"
    if expr.property == ID_PROPERTY:
        target = "Filter.by_id()"
    elif expr.property == CREATION_TIME_PROPERTY:
        target = "Filter.by_creation_time()"
    elif expr.property == UPDATE_TIME_PROPERTY:
        target = "Filter.by_update_time()"
    else:
        target = f"Filter.by_property({expr.property!r})"
    if expr.operator == "is_null":
        return f"{target}.is_none({bool(expr.value)!r})"
    method = FILTER_METHODS.get(expr.operator)
    if method is None:
        raise ExplorerError(
            "Unsupported filter", f"the operator {expr.operator!r} has no Python equivalent"
        )
    return f"{target}.{method}({literal(expr.value, imports)})"
