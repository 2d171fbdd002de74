"""Values as Weaviate's Go code prints them: ``fmt.Sprintf("%v")`` and ``encoding/json``.

The generative modules turn each property into text this way before a prompt is rendered
(``usecases/modulecomponents/additional/generate``): primitives with ``%v``, arrays and objects
with ``json.Marshal``. Ints reach that code as float64, so 1234567 prints ``1.234567e+06``.
"""

from __future__ import annotations

import datetime as dt
import math
import uuid
from collections.abc import Mapping
from decimal import Decimal
from typing import Any


def _shortest_digits(value: float) -> tuple[str, int]:
    """The shortest digits that round-trip, and the decimal point's position (``dp``)."""
    _sign, digits, exponent = Decimal(repr(value)).as_tuple()
    text = "".join(str(d) for d in digits).rstrip("0") or "0"
    assert isinstance(exponent, int)
    point = len(digits) + exponent
    if text == "0":
        point = 1
    return text, point


def _exponent_form(digits: str, point: int, minimum_exponent_digits: int = 2) -> str:
    exponent = point - 1
    mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
    sign = "-" if exponent < 0 else "+"
    return f"{mantissa}e{sign}{abs(exponent):0{minimum_exponent_digits}d}"


def _fixed_form(digits: str, point: int) -> str:
    if point <= 0:
        return "0." + "0" * -point + digits
    if point >= len(digits):
        return digits + "0" * (point - len(digits))
    return digits[:point] + "." + digits[point:]


def go_float_v(value: float) -> str:
    """``fmt.Sprintf("%v", float64)``: shortest digits, exponent form from 1e+06 or below 1e-04."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    sign = "-" if math.copysign(1.0, value) < 0 else ""
    digits, point = _shortest_digits(abs(value))
    exponent = point - 1
    if exponent < -4 or exponent >= 6:
        return sign + _exponent_form(digits, point)
    return sign + _fixed_form(digits, point)


def go_json_float(value: float) -> str:
    """A float64 as ``encoding/json`` writes it: fixed, or ``1e+21`` / ``1e-7`` at the extremes."""
    if not math.isfinite(value):
        raise ValueError(f"{value} has no JSON form")
    sign = "-" if math.copysign(1.0, value) < 0 and value != 0 else ""
    magnitude = abs(value)
    digits, point = _shortest_digits(magnitude)
    if magnitude != 0 and (magnitude < 1e-6 or magnitude >= 1e21):
        return sign + _exponent_form(digits, point, minimum_exponent_digits=1)
    return sign + _fixed_form(digits, point)


_SHORT_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\b": "\\b",
    "\f": "\\f",
}
_HTML_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def go_json_string(text: str) -> str:
    """A string as ``json.Marshal`` writes it (HTML-safe: ``<``, ``>``, ``&`` escaped)."""
    out = ['"']
    for char in text:
        if char in _SHORT_ESCAPES:
            out.append(_SHORT_ESCAPES[char])
        elif char in _HTML_ESCAPES:
            out.append(_HTML_ESCAPES[char])
        elif ord(char) < 0x20:
            out.append(f"\\u{ord(char):04x}")
        elif 0xD800 <= ord(char) <= 0xDFFF:
            out.append("\ufffd")  # a lone surrogate is invalid UTF-8: Go writes U+FFFD
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def go_json(value: Any) -> str:
    """``json.Marshal`` of a value as the server holds it: map keys sorted, no spaces."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return go_json_float(float(value))
    if isinstance(value, str):
        return go_json_string(value)
    if isinstance(value, dt.datetime | uuid.UUID):
        return go_json_string(go_text(value))
    if isinstance(value, Mapping):
        items = sorted((str(k), v) for k, v in value.items())
        return "{" + ",".join(f"{go_json_string(k)}:{go_json(v)}" for k, v in items) + "}"
    if isinstance(value, list | tuple):
        return "[" + ",".join(go_json(v) for v in value) + "]"
    return go_json_string(str(value))


def go_date(value: dt.datetime) -> str:
    """RFC 3339 with the fraction's trailing zeros dropped and ``Z`` for UTC."""
    text = value.isoformat()
    if value.microsecond:
        head, _, rest = text.partition(".")
        fraction = rest[:6].rstrip("0")
        text = f"{head}.{fraction}{rest[6:]}"
    offset = value.utcoffset()
    if offset is not None and offset == dt.timedelta(0):
        text = text.removesuffix("+00:00") + "Z"
    return text


def go_text(value: Any) -> str:
    """``fmt.Sprintf("%v")`` of a primitive property value as the generative module sees it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return go_float_v(float(value))
    if isinstance(value, dt.datetime):
        return go_date(value)
    return str(value)
