"""Check an object written as JSON against a collection's schema before anything is sent.

Weaviate's auto-schema would add an unknown property to the collection, and a vector of the
wrong dimension fails deep in the server; here every problem is found first, each named by its
JSON path with what to write instead.

The JSON is either the full form ``{"properties": {...}, "vector": [...] | "vectors": {...},
"references": {...}, "uuid": "..."}`` or, without a ``"properties"`` key, the properties alone.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import difflib
import json
import math
import re
import uuid as uuid_module
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from explorer.core.base import json_input
from explorer.core.base.errors import ExplorerError
from explorer.core.base.models import CollectionConfig, PropertyInfo

#: The keys of the full form.
TOP_LEVEL_KEYS = ("properties", "vector", "vectors", "references", "uuid")
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
#: Weaviate keeps an int as a 64-bit float: whole numbers beyond this lose their last digits.
EXACT_INT_LIMIT = 2**53
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_RFC3339 = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})", re.IGNORECASE
)
_DATE_EXAMPLE = '"2005-01-01T00:00:00Z"'
_BEACON = re.compile(r"weaviate://[^/]+/(?:([A-Za-z_][A-Za-z0-9_]*)/)?([^/]+)")
#: Read-only fields Weaviate adds to a phone number; accepted back, never required.
_PHONE_OUTPUT_KEYS = frozenset(
    {"internationalFormatted", "countryCode", "national", "nationalFormatted", "valid"}
)
_EXPECTED = {
    "text": 'text, a quoted string such as "Dune"',
    "int": "int, a whole number such as 1999",
    "number": "number, such as 4.5",
    "boolean": "boolean, true or false",
    "date": f"date, an RFC 3339 string such as {_DATE_EXAMPLE}",
    "uuid": 'uuid, a quoted UUID such as "6a3b1d0e-8f2c-4c55-9d7e-0a1b2c3d4e5f"',
    "geoCoordinates": 'geoCoordinates, {"latitude": 52.37, "longitude": 4.89}',
    "phoneNumber": 'phoneNumber, {"input": "020 1234567", "defaultCountry": "nl"}',
    "blob": "blob, a base64 string",
    "object": "object, a JSON object of its nested properties",
}


@dataclass(frozen=True)
class Problem:
    """One thing to fix: where (a JSON path such as ``properties.author.age``) and what."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class ObjectInvalid(ExplorerError):
    """The object does not fit the schema; ``problems`` lists every reason, nothing was sent."""

    def __init__(self, collection: str, problems: tuple[Problem, ...]) -> None:
        self.problems = problems
        count = len(problems)
        heading = f"{count} problem{'s' if count != 1 else ''} for {collection}, nothing was sent"
        super().__init__("Invalid object", heading + ":\n" + "\n".join(map(str, problems)))


class JsonSyntaxError(ExplorerError):
    """Malformed JSON; ``line`` and ``column`` are 1-based."""

    def __init__(self, line: int, column: int, detail: str) -> None:
        self.line = line
        self.column = column
        self.detail = detail
        super().__init__("Invalid JSON", f"line {line}, column {column}: {detail}")


@dataclass(frozen=True)
class ValidObject:
    """An object ready for the client: references are beacons among the properties."""

    properties: Mapping[str, Any]
    #: A plain (or multi-) vector for a collection with one unnamed vector, a dict by name for
    #: named vectors, or None.
    vector: list[Any] | dict[str, list[Any]] | None = None
    uuid: str | None = None
    #: The property names the user gave (for an update: exactly what changes).
    given: tuple[str, ...] = field(default=())


# -- JSON text ------------------------------------------------------------------------------------


def parse_json_object(text: str) -> dict[str, Any]:
    """Parse the JSON text of one object; errors say the line and column and how to fix it."""
    if not text.strip():
        raise JsonSyntaxError(
            1, 1, 'nothing to read: write a JSON object such as {"title": "Dune"}'
        )

    def unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in pairs:
            if key in out:
                raise ValueError(f"the key {key!r} appears twice in one object")
            out[key] = value
        return out

    try:
        value = json_input.loads(text, object_pairs_hook=unique_keys)
    except json.JSONDecodeError as exc:
        raise JsonSyntaxError(exc.lineno, exc.colno, json_hint(text, exc)) from None
    except ValueError as exc:  # a duplicate key
        raise JsonSyntaxError(1, 1, str(exc)) from None
    if not isinstance(value, dict):
        raise JsonSyntaxError(
            1,
            1,
            f'expected a JSON object {{...}}, found {json_input.json_kind(value)}: wrap it in {{"…": …}}',
        )
    return value


def lone_surrogate(text: str) -> str | None:
    """The first half of a UTF-16 pair standing alone in ``text`` (as ``\\udXXX``), if any.

    JSON can spell one (``"\\ud800"``), but it is not a character: nothing can send it.
    """
    match = _SURROGATE.search(text)
    return f"\\u{ord(match.group()):04x}" if match else None


def json_hint(text: str, exc: json.JSONDecodeError) -> str:
    """The decoder's complaint, with how to fix the usual mistakes."""
    at = text[exc.pos : exc.pos + 1]
    before = text[: exc.pos].rstrip()
    if exc.msg.startswith("Expecting") and not at:
        return f"{exc.msg}: the text ends early, close every {{ and ["
    if at == "'" or (exc.msg.startswith("Expecting property name") and at == "'"):
        return f'{exc.msg}: JSON needs double quotes ("…"), not single quotes'
    if at in "}]" and before.endswith(","):
        return f"{exc.msg}: remove the trailing comma before {at!r}"
    if exc.msg.startswith("Unterminated string"):
        return f'{exc.msg}: close the text with a double quote (")'
    if exc.msg.startswith("Expecting ',' delimiter"):
        return f"{exc.msg}: a comma is missing between two items"
    if exc.msg.startswith("Expecting value") and at and (at.isalpha() or at == "_"):
        return f'{exc.msg}: quote text values ("…"); true, false and null are lowercase'
    return exc.msg


def shown(value: Any, limit: int = 40) -> str:
    """A value as JSON for a message, shortened."""
    try:
        text = json.dumps(value, ensure_ascii=False, allow_nan=True)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# -- the object -------------------------------------------------------------------------------


def validate_object(
    document: Mapping[str, Any],
    config: CollectionConfig,
    dimensions: Mapping[str, int] | None = None,
) -> ValidObject:
    """Check ``document`` against ``config``; raises :class:`ObjectInvalid` with every problem.

    ``dimensions`` maps vector names (``"default"`` for an unnamed one) to the length their
    vectors must have, where known.
    """
    checker = _Checker(config, dimensions or {})
    result = checker.check(document)
    if checker.problems:
        raise ObjectInvalid(config.name, tuple(checker.problems))
    return result


def problems_of(
    document: Mapping[str, Any],
    config: CollectionConfig,
    dimensions: Mapping[str, int] | None = None,
) -> tuple[Problem, ...]:
    """Every problem of ``document`` (empty when it is valid)."""
    try:
        validate_object(document, config, dimensions)
    except ObjectInvalid as exc:
        return exc.problems
    return ()


def check_value(
    config: CollectionConfig, prop: PropertyInfo, value: Any, path: str
) -> tuple[Problem, ...]:
    """The problems of one property value: the checks and words of :func:`validate_object`."""
    checker = _Checker(config, {})
    checker.value(prop, value, path)
    return tuple(checker.problems)


def check_vector(
    config: CollectionConfig,
    name: str,
    value: Any,
    path: str,
    dimensions: Mapping[str, int] | None = None,
) -> tuple[Problem, ...]:
    """The problems of one vector (``name`` is ``"default"`` for an unnamed one)."""
    checker = _Checker(config, dimensions or {})
    checker.vector(path, name, value)
    return tuple(checker.problems)


def is_full_form(document: Mapping[str, Any], config: CollectionConfig) -> bool:
    """True for ``{"properties": {...}, ...}``, False when the document is the properties."""
    return "properties" in document and "properties" not in {p.name for p in config.properties}


class _Checker:
    def __init__(self, config: CollectionConfig, dimensions: Mapping[str, int]) -> None:
        self.config = config
        self.dimensions = dimensions
        self.problems: list[Problem] = []

    def add(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    def check(self, document: Mapping[str, Any]) -> ValidObject:
        if not is_full_form(document, self.config):
            return ValidObject(self.properties(document, "", shorthand=True), given=tuple(document))
        for key in document:
            if key not in TOP_LEVEL_KEYS and key != "id":
                close = difflib.get_close_matches(key, TOP_LEVEL_KEYS, n=1)
                hint = f'did you mean "{close[0]}"? ' if close else ""
                self.add(key, f"unknown key; {hint}the object takes {', '.join(TOP_LEVEL_KEYS)}")
        raw_properties = document.get("properties")
        properties: dict[str, Any] = {}
        given: list[str] = []
        if not isinstance(raw_properties, Mapping):
            self.add("properties", f"expected a JSON object, got {shown(raw_properties)}")
        else:
            properties = self.properties(raw_properties, "properties.", shorthand=False)
            given.extend(raw_properties)
        references = document.get("references")
        if references is not None:
            if not isinstance(references, Mapping):
                self.add("references", f"expected a JSON object by name, got {shown(references)}")
            else:
                for name, value in references.items():
                    path = f"references.{name}"
                    if name not in dict(self.config.references):
                        self.unknown(
                            path, name, [n for n, _ in self.config.references], "reference"
                        )
                    elif name in properties:
                        self.add(path, "given twice: also under properties; keep one")
                    else:
                        properties[name] = self.reference(name, value, path)
                        given.append(name)
        vector = self.vectors(document)
        object_id = self.uuid(document)
        return ValidObject(properties, vector, object_id, tuple(given))

    # -- properties --------------------------------------------------------------------------

    def properties(
        self, values: Mapping[str, Any], prefix: str, *, shorthand: bool
    ) -> dict[str, Any]:
        known = {p.name: p for p in self.config.properties}
        reference_names = dict(self.config.references)
        out: dict[str, Any] = {}
        for name, value in values.items():
            path = f"{prefix}{name}"
            if name in known:
                out[name] = self.value(known[name], value, path)
            elif name in reference_names:
                out[name] = self.reference(name, value, path)
            else:
                extra = ""
                if shorthand and name in TOP_LEVEL_KEYS:
                    extra = (
                        f"; to give a {name}, write the full form "
                        f'{{"properties": {{...}}, "{name}": ...}}'
                    )
                self.unknown(path, name, [*known, *reference_names], "property", extra)
        return out

    def unknown(self, path: str, name: str, choices: list[str], kind: str, extra: str = "") -> None:
        close = difflib.get_close_matches(name, choices, n=1)
        hint = f'did you mean "{close[0]}"? ' if close else ""
        listed = ", ".join(choices[:15]) + (", …" if len(choices) > 15 else "")
        self.add(
            path,
            f"{self.config.name} has no {kind} {shown(name)}; {hint}"
            + (f"choose from {listed}" if choices else f"it has no {kind}s")
            + extra,
        )

    def value(self, prop: PropertyInfo, value: Any, path: str) -> Any:
        if value is None:
            return None
        data_type = prop.data_type
        if data_type.endswith("[]"):
            if not isinstance(value, list):
                base = data_type[:-2]
                self.add(
                    path,
                    f"expected {data_type}, a list of {base} values such as "
                    f"[{shown(value, 30)}], got {shown(value)}",
                )
                return value
            return [
                self.scalar(prop, data_type[:-2], item, f"{path}[{i}]")
                for i, item in enumerate(value)
            ]
        return self.scalar(prop, data_type, value, path)

    def scalar(self, prop: PropertyInfo, data_type: str, value: Any, path: str) -> Any:
        match data_type:
            case "text" | "string":
                if isinstance(value, str):
                    surrogate = lone_surrogate(value)
                    if surrogate is not None:
                        self.add(
                            path,
                            f"holds a lone surrogate {surrogate}, which is not a character: "
                            "remove it or write the whole character",
                        )
                    return value
                hint = (
                    f" (quote it: {json.dumps(shown(value))})"
                    if not isinstance(value, dict | list)
                    else ""
                )
                return self.wrong(path, "text", value, hint)
            case "int":
                return self.integer(path, value)
            case "number":
                if isinstance(value, bool) or not isinstance(value, int | float):
                    hint = " (drop the quotes)" if _is_number(value) else ""
                    return self.wrong(path, "number", value, hint)
                if not json_input.is_finite(value):
                    return self.wrong(path, "number", value, " (it must be finite)")
                return value
            case "boolean":
                if isinstance(value, bool):
                    return value
                hint = " (without quotes)" if value in ("true", "false") else ""
                return self.wrong(path, "boolean", value, hint)
            case "date":
                return self.date(path, value)
            case "uuid":
                if isinstance(value, str):
                    try:
                        return str(uuid_module.UUID(value))
                    except ValueError:
                        pass
                return self.wrong(path, "uuid", value)
            case "geoCoordinates":
                return self.geo(path, value)
            case "phoneNumber":
                return self.phone(path, value)
            case "blob":
                if isinstance(value, str):
                    try:
                        base64.b64decode(value, validate=True)
                        return value
                    except (binascii.Error, ValueError):
                        return self.wrong(path, "blob", value, " (it is not valid base64)")
                return self.wrong(path, "blob", value)
            case "object":
                if not isinstance(value, Mapping):
                    return self.wrong(path, "object", value)
                return self.nested(prop, value, path)
        return value  # a type this version does not know: the server will judge

    def wrong(self, path: str, expected: str, value: Any, hint: str = "") -> Any:
        self.add(path, f"expected {_EXPECTED.get(expected, expected)}, got {shown(value)}{hint}")
        return value

    def integer(self, path: str, value: Any) -> Any:
        if isinstance(value, bool):
            return self.wrong(path, "int", value, " (true and false are not numbers)")
        if isinstance(value, float):
            if math.isfinite(value) and value.is_integer():
                value = int(value)
            else:
                return self.wrong(path, "int", value, " (whole numbers only: drop the fraction)")
        if isinstance(value, int):
            if abs(value) <= EXACT_INT_LIMIT:
                return value
            if INT64_MIN <= value <= INT64_MAX:
                return self.wrong(path, "int", value, INEXACT_INT_HINT)
            return self.wrong(path, "int", value, " (out of the 64-bit range)")
        hint = " (drop the quotes)" if _is_number(value) else ""
        return self.wrong(path, "int", value, hint)

    def date(self, path: str, value: Any) -> Any:
        if not isinstance(value, str):
            return self.wrong(path, "date", value)
        if _RFC3339.fullmatch(value):
            try:
                dt.datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
                return value
            except ValueError:
                return self.wrong(path, "date", value, " (no such day or time)")
        hint = ""
        try:
            parsed = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            parsed = None
        if parsed is not None:
            aware = parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)
            fixed = aware.isoformat().replace("+00:00", "Z")
            hint = f" (add a time and a zone: {json.dumps(fixed)})"
        return self.wrong(path, "date", value, hint)

    def geo(self, path: str, value: Any) -> Any:
        if not isinstance(value, Mapping):
            return self.wrong(path, "geoCoordinates", value)
        for key in value:
            if key not in ("latitude", "longitude"):
                self.add(f"{path}.{key}", "unknown key; geoCoordinates take latitude and longitude")
        for key, limit in (("latitude", 90), ("longitude", 180)):
            number = value.get(key)
            if number is None:
                self.add(f"{path}.{key}", f"missing: give a number from -{limit} to {limit}")
            elif isinstance(number, bool) or not isinstance(number, int | float):
                self.add(
                    f"{path}.{key}",
                    f"expected a number from -{limit} to {limit}, got {shown(number)}",
                )
            elif not (json_input.is_finite(number) and -limit <= number <= limit):
                self.add(
                    f"{path}.{key}", f"{shown(number)} is out of range: from -{limit} to {limit}"
                )
        return dict(value)

    def phone(self, path: str, value: Any) -> Any:
        if isinstance(value, str):
            return self.wrong(path, "phoneNumber", value, f' (write {{"input": {shown(value)}}})')
        if not isinstance(value, Mapping):
            return self.wrong(path, "phoneNumber", value)
        for key in value:
            if key not in ("input", "defaultCountry") and key not in _PHONE_OUTPUT_KEYS:
                self.add(
                    f"{path}.{key}", "unknown key; a phoneNumber takes input and defaultCountry"
                )
        number = value.get("input")
        if not isinstance(number, str) or not number.strip():
            self.add(
                f"{path}.input",
                f'expected the number as text such as "020 1234567", got {shown(number)}',
            )
        country = value.get("defaultCountry")
        if country is not None and not (
            isinstance(country, str) and re.fullmatch(r"[A-Za-z]{2}", country)
        ):
            self.add(
                f"{path}.defaultCountry",
                f'expected a two-letter ISO 3166-1 country code such as "nl", got {shown(country)}',
            )
        return dict(value)

    def nested(self, prop: PropertyInfo, value: Mapping[str, Any], path: str) -> dict[str, Any]:
        known = {p.name: p for p in prop.nested}
        out: dict[str, Any] = {}
        for name, item in value.items():
            item_path = f"{path}.{name}"
            if name in known:
                out[name] = self.value(known[name], item, item_path)
            else:
                close = difflib.get_close_matches(name, list(known), n=1)
                hint = f'did you mean "{close[0]}"? ' if close else ""
                self.add(
                    item_path,
                    f"{prop.name} has no nested property {shown(name)}; {hint}"
                    f"choose from {', '.join(known) or 'none'}",
                )
        return out

    # -- references --------------------------------------------------------------------------

    def reference(self, name: str, value: Any, path: str) -> list[dict[str, str]]:
        targets = dict(self.config.references)[name]
        items = value if isinstance(value, list) else [value]
        beacons: list[dict[str, str]] = []
        for index, item in enumerate(items):
            item_path = f"{path}[{index}]" if isinstance(value, list) else path
            text = item.get("beacon") if isinstance(item, Mapping) else item
            beacon = self.beacon(item_path, text, targets)
            if beacon is not None:
                beacons.append({"beacon": beacon})
        return beacons

    def beacon(self, path: str, text: Any, targets: tuple[str, ...]) -> str | None:
        example = 'a UUID, a list of UUIDs, or beacons such as "weaviate://localhost/Target/<uuid>"'
        if not isinstance(text, str):
            self.add(path, f"expected a reference: {example}, got {shown(text)}")
            return None
        match = _BEACON.fullmatch(text)
        target, raw_id = (match.group(1), match.group(2)) if match else (None, text)
        try:
            object_id = str(uuid_module.UUID(raw_id))
        except ValueError:
            self.add(path, f"expected a reference: {example}, got {shown(text)}")
            return None
        if target is not None and target not in targets:
            self.add(
                path,
                f"{target} is not a target of this reference; it points to {', '.join(targets)}",
            )
            return None
        if target is None and len(targets) == 1:
            target = targets[0]
        if target is None:
            self.add(
                path,
                f"this reference points to {', '.join(targets)}: name the collection, "
                f'e.g. "weaviate://localhost/{targets[0]}/{object_id}"',
            )
            return None
        return f"weaviate://localhost/{target}/{object_id}"

    # -- vectors and uuid --------------------------------------------------------------------

    def vectors(self, document: Mapping[str, Any]) -> list[Any] | dict[str, list[Any]] | None:
        config = self.config
        names = [v.name for v in config.vectors]
        single, named = document.get("vector"), document.get("vectors")
        if single is not None and named is not None:
            self.add("vector", 'give either "vector" or "vectors", not both')
            return None
        if single is not None:
            if not config.vectors:
                self.add("vector", f"{config.name} has no vector index: drop the vector")
                return None
            if not config.named_vectors:
                return self.vector("vector", "default", single)
            target = "default" if "default" in names else names[0] if len(names) == 1 else None
            if target is None:
                self.add(
                    "vector",
                    f"{config.name} has named vectors ({', '.join(names)}): "
                    f'write "vectors": {{"{names[0]}": [...]}}',
                )
                return None
            checked = self.vector("vector", target, single)
            return {target: checked} if checked is not None else None
        if named is None:
            return None
        if not isinstance(named, Mapping):
            self.add(
                "vectors",
                f'expected an object by vector name such as {{"{(names or ["name"])[0]}": [0.1, 0.2]}}, got {shown(named)}',
            )
            return None
        if not config.named_vectors:
            hint = 'write "vector": [...]' if config.vectors else "drop the vectors"
            self.add("vectors", f"{config.name} has no named vectors: {hint}")
            return None
        out: dict[str, list[Any]] = {}
        for name, value in named.items():
            path = f"vectors.{name}"
            if name not in names:
                close = difflib.get_close_matches(name, names, n=1)
                hint = f'did you mean "{close[0]}"? ' if close else ""
                self.add(
                    path,
                    f"{config.name} has no vector named {shown(name)}; {hint}choose from {', '.join(names)}",
                )
                continue
            checked = self.vector(path, name, value)
            if checked is not None:
                out[name] = checked
        return out or None

    def vector(self, path: str, name: str, value: Any) -> list[Any] | None:
        if not isinstance(value, list) or not value:
            self.add(
                path, f"expected a non-empty list of numbers such as [0.1, 0.2], got {shown(value)}"
            )
            return None
        rows = value if isinstance(value[0], list) else [value]
        multi = rows is value
        length = len(rows[0])
        ok = True
        for row_index, row in enumerate(rows):
            row_path = f"{path}[{row_index}]" if multi else path
            if not isinstance(row, list) or not row:
                self.add(row_path, f"expected a list of numbers, got {shown(row)}")
                ok = False
                continue
            if len(row) != length:
                self.add(
                    row_path,
                    f"every vector of a multi-vector needs the same length ({length}), this has {len(row)}",
                )
                ok = False
            for index, number in enumerate(row):
                if isinstance(number, bool) or not isinstance(number, int | float):
                    self.add(f"{row_path}[{index}]", f"expected a number, got {shown(number)}")
                    ok = False
                elif not json_input.is_finite(number):
                    self.add(
                        f"{row_path}[{index}]",
                        f"expected a finite number, got {shown(number)} (NaN and infinity are not allowed)",
                    )
                    ok = False
        expected = self.dimensions.get(name)
        if expected is not None and length != expected:
            label = (
                "the unnamed vector"
                if name == "default" and not self.config.named_vectors
                else f"vector {name}"
            )
            self.add(path, f"expected {expected} numbers (the dimension of {label}), got {length}")
            ok = False
        return (
            [[float(x) for x in row] for row in rows]
            if ok and multi
            else [float(x) for x in rows[0]]
            if ok
            else None
        )

    def uuid(self, document: Mapping[str, Any]) -> str | None:
        key = "uuid" if "uuid" in document else "id" if "id" in document else None
        if key is None or document[key] is None:
            return None
        value = document[key]
        if isinstance(value, str):
            try:
                return str(uuid_module.UUID(value))
            except ValueError:
                pass
        self.add(
            key,
            f'expected a UUID such as "6a3b1d0e-8f2c-4c55-9d7e-0a1b2c3d4e5f", got {shown(value)}',
        )
        return None


INEXACT_INT_HINT = (
    " (Weaviate stores ints exactly only up to 2^53 = 9007199254740992; "
    "keep larger numbers in a text property)"
)


def _is_number(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        float(value.strip())
    except ValueError:
        return False
    return True


# -- the other way: an object as editable JSON ----------------------------------------------------


def editable_properties(properties: Mapping[str, Any], config: CollectionConfig) -> dict[str, Any]:
    """Fetched property values in the form :func:`validate_object` accepts back.

    Dates become RFC 3339 strings and phone numbers ``{"input", "defaultCountry"}``.
    """
    types = {p.name: p for p in config.properties}
    return {name: _editable(types.get(name), value) for name, value in properties.items()}


def _editable(prop: PropertyInfo | None, value: Any) -> Any:
    if isinstance(value, dt.datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
        return aware.isoformat().replace("+00:00", "Z")
    if isinstance(value, list):
        return [_editable(prop, item) for item in value]
    if prop is not None and prop.data_type == "phoneNumber" and isinstance(value, Mapping):
        number = value.get("input", value.get("number"))
        country = value.get("defaultCountry", value.get("default_country"))
        out = {"input": number}
        if country:
            out["defaultCountry"] = str(country).lower()
        return out
    if prop is not None and isinstance(value, Mapping) and prop.nested:
        nested = {p.name: p for p in prop.nested}
        return {k: _editable(nested.get(k), v) for k, v in value.items()}
    return value
