"""Query results as plain JSON-ready data, and that data as text: the REPL's and the API's shape.

One place for the shape, so ``repl --format json`` and ``weaviate-explorer serve`` answer alike.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from explorer.core.base.formatting import UNSAFE_CLASS
from explorer.core.base.models import AggregateResult, ObjectRecord, QueryResult, VectorValue

#: What ``json.dumps(ensure_ascii=False)`` leaves raw but a terminal must not get (C0 it escapes).
_JSON_UNSAFE = re.compile(f"[\x7f-\x9f{UNSAFE_CLASS}]")
METADATA_FIELDS = ("score", "distance", "certainty", "rerank_score", "explain_score")


def dumps(data: Any, *, indent: int | None = None) -> str:
    """JSON with dates as ISO 8601; control and bidi characters stay escaped."""
    text = json.dumps(data, indent=indent, ensure_ascii=False, default=_json_default)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return str(value)


def record_data(
    record: ObjectRecord, show_vectors: bool = False, columns: tuple[str, ...] | None = None
) -> dict[str, Any]:
    properties = dict(record.properties)
    if columns is not None:
        properties = {name: properties[name] for name in columns if name in properties}
    data: dict[str, Any] = {
        "uuid": record.uuid,
        "collection": record.collection,
        "properties": properties,
    }
    for name in METADATA_FIELDS:
        value = getattr(record, name)
        if value is not None:
            data[name] = value
    if record.generated is not None:
        data["generated"] = record.generated
    if record.created is not None:
        data["created"] = record.created
    if record.updated is not None:
        data["updated"] = record.updated
    if record.references:
        data["references"] = {name: record.reference_data(name) for name in record.references}
        resolved = {
            column: record.column_value(column) for column in columns or () if "." in column
        }
        if resolved:
            data["resolved"] = resolved
    if show_vectors:
        data["vectors"] = {name: vector_data(v) for name, v in record.vectors.items()}
    return data


def vector_data(value: VectorValue) -> list[Any]:
    return [list(row) if isinstance(row, tuple) else row for row in value]


def search_result_data(
    result: QueryResult, show_vectors: bool = False, columns: tuple[str, ...] | None = None
) -> list[dict[str, Any]] | dict[str, Any]:
    """The objects, or ``{"generated", "objects"}`` when a grouped task generated text."""
    objects = [record_data(r, show_vectors, columns) for r in result.objects]
    if result.generated is not None:
        return {"generated": result.generated, "objects": objects}
    return objects


def aggregate_data(result: AggregateResult) -> dict[str, Any]:
    """The structured result: ``metrics`` maps each property to its typed metrics."""
    data: dict[str, Any] = {
        "collection": result.collection,
        "tenant": result.tenant,
        "filtered": result.filtered,
        "total_count": result.total_count,
        "metrics": result.metrics,
    }
    if result.group_by is not None:
        data["group_by"] = result.group_by
        data["groups"] = [
            {"value": g.value, "count": g.count, "metrics": g.metrics} for g in result.groups
        ]
        data["groups_may_be_missing"] = result.groups_may_be_missing
    if result.skipped:
        data["skipped"] = [{"name": s.name, "data_type": s.data_type} for s in result.skipped]
    return data
