"""Type checks of the filter language against a collection's schema, with converted values.

A filter that passes here reaches the server with values of the property's own type, so a
mistake is reported at its position in the filter rather than as a server error.
"""

from __future__ import annotations

import difflib
import uuid
from typing import Any

from explorer.core.base.models import CollectionConfig
from explorer.core.where.filters import (
    CREATION_TIME_PROPERTY,
    ID_PROPERTY,
    METADATA_NAMES,
    OPERATORS,
    UPDATE_TIME_PROPERTY,
    filter_metadata_name,
)
from explorer.core.where.syntax import Token, WhereError, parse_datetime

_COMPARE = frozenset({"=", "!=", "<", "<=", ">", ">="})
_EQUALITY = frozenset({"=", "!="})
_CONTAINS = frozenset({"in", "contains_any", "contains_all", "contains_none"})
_ORDERED = _COMPARE | _CONTAINS | {"is_null"}
_UNORDERED = _EQUALITY | _CONTAINS | {"is_null"}

#: Operators each base type can be filtered with.
OPERATORS_BY_TYPE: dict[str, frozenset[str]] = {
    "text": _ORDERED | {"like"},
    "int": _ORDERED,
    "number": _ORDERED,
    "date": _ORDERED,
    "boolean": _UNORDERED,
    "uuid": _UNORDERED,
}
#: The metadata pseudo-properties, their base type and what the client lets them use.
_METADATA: dict[str, tuple[str, frozenset[str]]] = {
    ID_PROPERTY: ("uuid", _EQUALITY | {"in", "contains_any", "contains_none"}),
    CREATION_TIME_PROPERTY: ("date", _COMPARE | {"in", "contains_any", "contains_none"}),
    UPDATE_TIME_PROPERTY: ("date", _COMPARE | {"in", "contains_any", "contains_none"}),
}
_EXPECTED = {
    "text": 'a quoted string such as "SCIENCE"',
    "int": "a whole number such as 400",
    "number": "a number such as 4.5",
    "boolean": "true or false",
    "date": "a date such as 2005-01-01 or 2005-01-01T12:30:00Z",
    "uuid": 'a quoted UUID such as "6a3b1d0e-8f2c-4c55-9d7e-0a1b2c3d4e5f"',
}


def _operator_name(operator: str) -> str:
    return "is null" if operator == "is_null" else operator


def property_type(
    text: str, config: CollectionConfig | None, name: Token
) -> tuple[str | None, str, frozenset[str] | None]:
    """(base type or None when untyped, the type to show, the operators it allows)."""
    metadata = filter_metadata_name(name.value)
    if metadata in _METADATA:
        base, operators = _METADATA[metadata]
        return base, base, operators
    if config is None:
        return None, "", None
    if "." in name.value:
        return _reference_path_type(text, config, name)
    types = {p.name: p.data_type for p in config.properties}
    data_type = types.get(name.value)
    if data_type is None:
        choices = [*sorted(types), *METADATA_NAMES]
        close = difflib.get_close_matches(name.value, choices, n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        shown = ", ".join(choices[:20]) + (", …" if len(choices) > 20 else "")
        raise WhereError(
            text,
            name.start,
            f"{config.name} has no property {name.value!r}; {hint}choose from {shown}",
        )
    base = data_type.removesuffix("[]")
    return (base, data_type, OPERATORS_BY_TYPE.get(base, frozenset({"is_null"})))


def _reference_path_type(
    text: str, config: CollectionConfig, name: Token
) -> tuple[str | None, str, frozenset[str] | None]:
    """The type of ``reference.property``: the property's, in the reference's target."""
    reference, _, rest = name.value.partition(".")
    targets = dict(config.references).get(reference)
    if targets is None:
        choices = ", ".join(r for r, _t in config.references) or "none"
        raise WhereError(
            text,
            name.start,
            f"{config.name} has no reference {reference!r} to filter through; "
            f"its references are {choices}",
        )
    if len(targets) != 1:
        raise WhereError(
            text,
            name.start,
            f"{reference} may point to {', '.join(targets)}: filter through a reference with "
            "one target collection",
        )
    if "." in rest:
        raise WhereError(
            text, name.start, f"{name.value}: filter through one reference at a time (a.b)"
        )
    target = config.reference_schemas.get(targets[0])
    if target is None:
        raise WhereError(
            text, name.start, f"the schema of {targets[0]} (the target of {reference}) is unknown"
        )
    base, shown, operators = property_type(text, target, Token("name", rest, rest, name.start))
    return base, f"{shown} (in {target.name})", operators


def reference_paths(config: CollectionConfig) -> list[str]:
    """``reference.property`` for every property a filter can reach through a reference."""
    paths = []
    for reference, targets in config.references:
        target = config.reference_schemas.get(targets[0]) if len(targets) == 1 else None
        if target is not None:
            paths += [f"{reference}.{p.name}" for p in target.properties]
    return paths


def check_condition(
    text: str,
    config: CollectionConfig | None,
    name: Token,
    operator: str,
    operator_token: Token,
    operand: Token | list[Token] | bool,
) -> Any:
    """The operand converted to the property's type; raises :class:`WhereError` at the culprit."""
    base, shown_type, operators = property_type(text, config, name)
    if operators is not None and operator not in operators:
        allowed = ", ".join(sorted(_operator_name(o) for o in operators))
        raise WhereError(
            text,
            operator_token.start,
            f"{name.value!r} is {shown_type}, which cannot use {_operator_name(operator)!r}; "
            f"it allows {allowed}",
        )
    null_unindexed = config is not None and not config.index_null_state
    if operator == "is_null" and null_unindexed and name.value not in _METADATA:
        assert config is not None
        raise WhereError(
            text,
            operator_token.start,
            f"'is null' needs an index of null values, and {config.name} has none "
            "(index_null_state is off; it can only be set when the collection is created)",
        )
    if isinstance(operand, bool):
        return operand
    if isinstance(operand, list):
        return tuple(convert(text, item, base, name.value, shown_type) for item in operand)
    if operator == "like" and operand.kind != "string":
        raise WhereError(text, operand.start, 'like needs a quoted pattern such as "*theatre*"')
    return convert(text, operand, base, name.value, shown_type)


def convert(text: str, token: Token, base: str | None, name: str, shown_type: str) -> Any:
    """One literal as a value of ``base`` (or as written, when the filter is untyped)."""
    kind, value = token.kind, token.value
    if kind == "keyword":
        kind, value = "bool", value == "true"
    if base is None:
        return value
    if base == "text" and kind == "string":
        return value
    if base == "int" and kind == "int":
        return value
    if base == "number" and kind in ("int", "float"):
        return float(value)  # the lexer keeps ints within int64 and floats finite
    if base == "boolean" and kind == "bool":
        return value
    if base == "date":
        if kind == "date":
            return value
        if kind == "string":
            return parse_datetime(value.strip(), text, token.start)
    if base == "uuid" and kind == "string":
        try:
            return str(uuid.UUID(value))
        except ValueError:
            raise WhereError(text, token.start, f"{token.text} is not a UUID") from None
    if base not in _EXPECTED:  # only 'is null' passes the operator check for these types
        raise WhereError(text, token.start, f"{name!r} is {shown_type}: test it with 'is null'")
    return _mismatch(text, token, base, name, shown_type, kind)


def _mismatch(text: str, token: Token, base: str, name: str, shown_type: str, kind: str) -> Any:
    found = {
        "string": "text",
        "int": "a whole number",
        "float": "a decimal number",
        "date": "a date",
        "bool": "a boolean",
    }.get(kind, kind)
    hint = ""
    if base == "text" and kind != "string":
        hint = f' (quote it: "{token.text}")'
    elif base == "int" and kind == "float":
        hint = " (no decimals)"
    elif base == "int" and kind == "string" and _is_int(token.value):
        hint = f" (drop the quotes: {token.value.strip()})"
    raise WhereError(
        text,
        token.start,
        f"{name!r} is {shown_type}: expected {_EXPECTED[base]}, found {found} {token.text}{hint}",
    )


def _is_int(value: str) -> bool:
    try:
        int(value.strip())
    except ValueError:
        return False
    return True


#: Pseudo-properties a filter can use besides the collection's own.
METADATA_PROPERTIES = tuple(_METADATA)


def operators_for(config: CollectionConfig, name: str) -> tuple[str, ...]:
    """The operators a filter on property ``name`` may use, in :data:`~explorer.core.where.filters.OPERATORS` order.

    Raises :class:`WhereError` for a name the collection does not have.
    """
    _base, _shown, allowed = property_type(name, config, Token("name", name, name, 0))
    return tuple(o for o in OPERATORS if allowed is None or o in allowed)


def base_type(config: CollectionConfig, name: str) -> str | None:
    """The base type a filter converts values of ``name`` to (``text`` for ``text[]``)."""
    base, _shown, _allowed = property_type(name, config, Token("name", name, name, 0))
    return base
