"""What every value of tests/integration/all_types.py must look like in each output.

Written independently of the explorer's own formatters: each rule is stated here per type (dates
ISO 8601 with UTC as ``Z``, numbers with every digit, geo as the decimals that were written,
nested keys in schema order, phone numbers with the fields the server derives), so a test that
compares against these catches a formatter that drifts.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from tests.integration.all_types import (
    MULTI_REFERENCE,
    PROPERTY_BY_TYPE,
    AllTypes,
    AllTypesObject,
)

#: Table cells are cut to this many characters, the last one an ellipsis.
CELL_WIDTH = 40
#: Every property of the main collection, in schema order.
PROPERTIES = list(PROPERTY_BY_TYPE.values())

#: The ``price`` (number) cell of each object, as the table must show it: whole floats without
#: ".0", every other digit kept (no rounding to 6 significant digits), the sparse one empty.
PRICE_CELLS = [
    "0",
    "1.35",
    "1234569.875",
    "-1",
    "8",
    "6.35",
    "1234573.875",
    "-2.3333333333333335",
    "16",
    "11.35",
    "∅",
    "-3.6666666666666665",
]


def iso(value: dt.datetime) -> str:
    """ISO 8601, microseconds only when there are some, UTC written as Z, other offsets kept."""
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _phone_digits(number: str) -> str:
    return number.removeprefix("+49 30 ")


def phone_export(number: str) -> dict[str, Any]:
    """A phone number in export files: what was written and what the server derived from it."""
    digits = _phone_digits(number)
    return {
        "input": number,
        "defaultCountry": "DE",
        "internationalFormatted": number,
        "countryCode": 49,
        "national": int("30" + digits),
        "nationalFormatted": "030 " + digits,
        "valid": True,
    }


def phone_plain(number: str) -> dict[str, Any]:
    """A phone number as the REPL's JSON and the TUI show it (the client's field names)."""
    digits = _phone_digits(number)
    return {
        "number": number,
        "country_code": 49,
        "default_country": "DE",
        "international_formatted": number,
        "national": int("30" + digits),
        "national_formatted": "030 " + digits,
        "valid": True,
    }


def _dates_as(value: Any, date: Any) -> Any:
    if isinstance(value, dt.datetime):
        return date(value)
    if isinstance(value, dict):
        return {k: _dates_as(v, date) for k, v in value.items()}
    if isinstance(value, list):
        return [_dates_as(v, date) for v in value]
    return value


def export_properties(obj: AllTypesObject) -> dict[str, Any]:
    """The ``properties`` of an object in a JSON or JSONL export (missing ones are absent)."""
    out = _dates_as(obj.properties, iso)
    if "phone" in out:
        out["phone"] = phone_export(obj.properties["phone"]["number"])
    return out


def repl_json_properties(obj: AllTypesObject) -> dict[str, Any]:
    """The ``properties`` of an object in the REPL's JSON output: every property, null where
    the object has no value, dates as ``isoformat()``."""
    out = _dates_as(shown_properties(obj), dt.datetime.isoformat)
    return out


def export_references(made: AllTypes, obj: AllTypesObject) -> dict[str, list[Any]]:
    """References in an export: uuids, or ``{"uuid", "collection"}`` for the multi-target one."""
    out: dict[str, list[Any]] = {}
    for name, targets in obj.references.items():
        if name == MULTI_REFERENCE:
            out[name] = [{"uuid": u, "collection": c} for c, u in targets]
        else:
            out[name] = [u for _c, u in targets]
    return out


def _json_text(value: Any) -> str:
    return json.dumps(_dates_as(value, iso), ensure_ascii=False)


def full_text(value: Any) -> str:
    """A value in full on one line, before escaping and truncation."""
    if value is None:
        return "∅"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return iso(value)
    if isinstance(value, float):
        return f"{value:.0f}" if value.is_integer() else repr(value)
    if isinstance(value, str | int):
        return str(value)
    return _json_text(value)


def cell(value: Any, width: int = CELL_WIDTH) -> str:
    """A table cell: one line (newline shown as ↵), cut to ``width`` with an ellipsis."""
    text = full_text(value).replace("\n", "↵")
    return text if len(text) <= width else text[: width - 1] + "…"


def shown_properties(obj: AllTypesObject) -> dict[str, Any]:
    """Every property as the TUI and REPL hold it: missing ones None, phones with every field."""
    out: dict[str, Any] = {name: obj.properties.get(name) for name in PROPERTIES}
    if out["phone"] is not None:
        out["phone"] = phone_plain(out["phone"]["number"])
    return out


def same(found: Any, expected: Any, where: str = "") -> None:
    """Equal, and of the same JSON type at every level (8.0 is not 8, True is not 1)."""
    assert type(found) is type(expected), (where, found, expected)
    if isinstance(expected, dict):
        assert list(found) == list(expected) or set(found) == set(expected), (
            where,
            found,
            expected,
        )
        for key in expected:
            same(found[key], expected[key], f"{where}.{key}")
    elif isinstance(expected, list):
        assert len(found) == len(expected), (where, found, expected)
        for index, (f, e) in enumerate(zip(found, expected, strict=True)):
            same(f, e, f"{where}[{index}]")
    else:
        assert found == expected, (where, found, expected)
