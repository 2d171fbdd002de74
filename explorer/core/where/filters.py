"""A small, UI-free filter tree and its translation to weaviate ``Filter`` objects.

The REPL's ``--where`` parser and the TUI's filter builder both produce this tree, so there is
one translation to the client's filters.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, get_args

from explorer.core.base.errors import ExplorerError

if TYPE_CHECKING:
    from weaviate.collections.classes.filters import _Filters

#: Every operator, in the order a form offers them.
Operator = Literal[
    "=",
    "!=",
    "<",
    "<=",
    ">",
    ">=",
    "like",
    "in",
    "contains_any",
    "contains_all",
    "contains_none",
    "is_null",
]
OPERATORS: tuple[Operator, ...] = get_args(Operator)
#: Pseudo-properties that filter on metadata rather than on a property.
ID_PROPERTY = "id"
CREATION_TIME_PROPERTY = "_creationTime"
UPDATE_TIME_PROPERTY = "_lastUpdateTime"
#: The metadata names as filters and sorts list them.
METADATA_NAMES = (ID_PROPERTY, CREATION_TIME_PROPERTY, UPDATE_TIME_PROPERTY)
#: The time names as the server spells them in a sort; filters take them too.
_UNIX_SPELLING = {
    CREATION_TIME_PROPERTY: "_creationTimeUnix",
    UPDATE_TIME_PROPERTY: "_lastUpdateTimeUnix",
}


def filter_metadata_name(name: str) -> str:
    """A metadata time in either spelling as filters name it (``_creationTime``)."""
    return next((k for k, v in _UNIX_SPELLING.items() if v == name), name)


def sort_metadata_name(name: str) -> str:
    """A metadata time in either spelling as the server sorts by it (``_creationTimeUnix``)."""
    return _UNIX_SPELLING.get(name, name)


@dataclass(frozen=True)
class Condition:
    property: str
    operator: Operator
    value: Any


@dataclass(frozen=True)
class And:
    operands: tuple[FilterExpr, ...]


@dataclass(frozen=True)
class Or:
    operands: tuple[FilterExpr, ...]


@dataclass(frozen=True)
class Not:
    operand: FilterExpr


FilterExpr = Condition | And | Or | Not

#: The client's ``Filter`` method for each operator (``is_null`` is ``is_none``); codegen uses it too.
FILTER_METHODS: dict[str, str] = {
    "=": "equal",
    "!=": "not_equal",
    ">": "greater_than",
    ">=": "greater_or_equal",
    "<": "less_than",
    "<=": "less_or_equal",
    "like": "like",
    "in": "contains_any",
    "contains_any": "contains_any",
    "contains_all": "contains_all",
    "contains_none": "contains_none",
}


def to_weaviate(expr: FilterExpr) -> _Filters:
    """Translate a filter tree into the client's ``Filter`` objects."""
    from weaviate.classes.query import Filter

    if isinstance(expr, And):
        return Filter.all_of([to_weaviate(e) for e in expr.operands])
    if isinstance(expr, Or):
        return Filter.any_of([to_weaviate(e) for e in expr.operands])
    if isinstance(expr, Not):
        return Filter.not_(to_weaviate(expr.operand))

    if expr.property == ID_PROPERTY:
        target: Any = Filter.by_id()
    elif expr.property == CREATION_TIME_PROPERTY:
        target = Filter.by_creation_time()
    elif expr.property == UPDATE_TIME_PROPERTY:
        target = Filter.by_update_time()
    elif "." in expr.property:  # through a reference: hasCategory.title
        reference, _, name = expr.property.partition(".")
        linked: Any = Filter.by_ref(reference)
        target = {
            ID_PROPERTY: linked.by_id,
            CREATION_TIME_PROPERTY: linked.by_creation_time,
            UPDATE_TIME_PROPERTY: linked.by_update_time,
        }.get(name, lambda: linked.by_property(name))()
    else:
        target = Filter.by_property(expr.property)

    if expr.operator == "is_null":
        return target.is_none(bool(expr.value))
    method_name = FILTER_METHODS.get(expr.operator)
    method = getattr(target, method_name, None) if method_name else None
    if method is None:
        raise ExplorerError(
            "Unsupported filter",
            f"the operator {expr.operator!r} cannot be used on {expr.property!r}",
        )
    value = list(expr.value) if isinstance(expr.value, tuple) else expr.value
    try:
        return method(value)
    except (ValueError, TypeError) as exc:
        raise ExplorerError(
            "Invalid filter value",
            f"{expr.property} {expr.operator} {expr.value!r}: {exc}",
        ) from exc
