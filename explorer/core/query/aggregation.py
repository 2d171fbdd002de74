"""Aggregate a collection: the total, typed metrics per property, and groups with their metrics.

Which metrics a property gets follows its schema type (Weaviate answers a mismatched request
with empty metrics), and unsupported combinations are refused here with a message that says
what to choose instead, before anything is sent.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import math
from typing import Any

from explorer.core.base.errors import ExplorerError
from explorer.core.base.models import (
    AggregateGroup,
    AggregateResult,
    BooleanMetrics,
    CollectionConfig,
    DateMetrics,
    MetricKind,
    NumberMetrics,
    PropertyMetrics,
    SkippedProperty,
    TextMetrics,
    TopOccurrence,
)
from explorer.core.query.requests import MAX_LIMIT, AggregateRequest
from explorer.core.query.session_protocol import CollectionSession
from explorer.core.where.filters import to_weaviate

#: Schema data type -> the metrics Weaviate computes for it (arrays over every element).
METRIC_KINDS: dict[str, MetricKind] = {
    "int": "int",
    "int[]": "int",
    "number": "number",
    "number[]": "number",
    "text": "text",
    "text[]": "text",
    "boolean": "boolean",
    "boolean[]": "boolean",
    "date": "date",
    "date[]": "date",
}
#: Types a group-by works on; arrays group by each element (an object joins several groups).
GROUPABLE_TYPES = frozenset(METRIC_KINDS) | {"uuid", "uuid[]"}


def metric_kind(data_type: str) -> MetricKind | None:
    return METRIC_KINDS.get(data_type)


def metric_properties(config: CollectionConfig) -> tuple[str, ...]:
    """The properties that have metrics, in the schema's order."""
    return tuple(p.name for p in config.properties if p.data_type in METRIC_KINDS)


def groupable_properties(config: CollectionConfig) -> tuple[str, ...]:
    return tuple(p.name for p in config.properties if p.data_type in GROUPABLE_TYPES)


def plan_metrics(
    config: CollectionConfig, names: tuple[str, ...]
) -> tuple[tuple[tuple[str, str], ...], tuple[SkippedProperty, ...]]:
    """(name, data type) of each property to aggregate, and the ones "all" leaves out.

    Named properties must exist and have metrics; no names means every property that has some.
    """
    types = {p.name: p.data_type for p in config.properties}
    if not names:
        chosen = tuple(
            (p.name, p.data_type) for p in config.properties if p.data_type in METRIC_KINDS
        )
        skipped = tuple(
            SkippedProperty(p.name, p.data_type)
            for p in config.properties
            if p.data_type not in METRIC_KINDS
        )
        return chosen, skipped
    planned: list[tuple[str, str]] = []
    for name in dict.fromkeys(names):
        data_type = types.get(name)
        if data_type is None:
            raise ExplorerError(
                "Unknown property",
                f"{config.name} has no property {name!r}; choose from {', '.join(types) or 'none'}",
            )
        if data_type not in METRIC_KINDS:
            raise ExplorerError(
                "No metrics for this type",
                f"{name!r} is {data_type}: Weaviate aggregates text, int, number, boolean and "
                f"date properties (and their arrays); choose from "
                f"{', '.join(metric_properties(config)) or 'none'}",
            )
        planned.append((name, data_type))
    return tuple(planned), ()


def check_group_by(config: CollectionConfig, name: str) -> str:
    """The group-by property's data type, or an error that says what can be grouped by."""
    types = {p.name: p.data_type for p in config.properties}
    choices = ", ".join(groupable_properties(config)) or "none"
    data_type = types.get(name)
    if data_type is None:
        raise ExplorerError(
            "Unknown property",
            f"cannot group by {name!r}: {config.name} has no such property; choose from {choices}",
        )
    if data_type not in GROUPABLE_TYPES:
        raise ExplorerError(
            "Cannot group by this type",
            f"{name!r} is {data_type}: group by a text, int, number, boolean, date or uuid "
            f"property (or an array of those); choose from {choices}",
        )
    return data_type


def _check_limit(value: int | None, what: str) -> None:
    if value is not None and not 1 <= value <= MAX_LIMIT:
        raise ExplorerError(f"Invalid {what}", f"{value}: the {what} is from 1 to {MAX_LIMIT:,}")


def _client_metric(name: str, data_type: str, top_occurrences: int) -> Any:
    from weaviate.classes.aggregate import Metrics

    metric = Metrics(name)
    match METRIC_KINDS[data_type]:
        case "int":
            return metric.integer()
        case "number":
            return metric.number()
        case "text":
            return metric.text(
                count=True,
                top_occurrences_count=True,
                top_occurrences_value=True,
                limit=top_occurrences,
            )
        case "boolean":
            return metric.boolean()
        case "date":
            return metric.date_()


async def aggregate_collection(
    session: CollectionSession, request: AggregateRequest
) -> AggregateResult:
    """The total and metrics over every matched object; with a group-by, the groups too.

    A group-by runs alongside an ungrouped request, so the total counts each object once.
    """
    from weaviate.classes.aggregate import GroupByAggregate

    _check_limit(request.top_occurrences, "top-occurrences limit")
    _check_limit(request.group_limit, "group limit")
    config = await session.collection_config(request.collection)
    planned, skipped = plan_metrics(config, request.metrics)
    group_type = check_group_by(config, request.group_by) if request.group_by else None
    types = dict(planned)
    metrics = [_client_metric(n, t, request.top_occurrences) for n, t in planned] or None
    filters = to_weaviate(request.filters) if request.filters else None
    aggregate: Any = session.collection(request.collection, request.tenant).aggregate

    async def overall() -> Any:
        async with session.call():
            return await aggregate.over_all(
                total_count=True, filters=filters, return_metrics=metrics
            )

    async def grouped() -> Any:
        if request.group_by is None:
            return None
        group_by = GroupByAggregate(prop=request.group_by, limit=request.group_limit)
        async with session.call():
            return await aggregate.over_all(
                total_count=True, filters=filters, group_by=group_by, return_metrics=metrics
            )

    # Both run to the end, so a failure of one never leaves the other's error unread.
    answers = await asyncio.gather(overall(), grouped(), return_exceptions=True)
    for answer in answers:
        if isinstance(answer, BaseException):
            raise answer
    raw_overall: Any = answers[0]
    raw_grouped: Any = answers[1]
    groups: tuple[AggregateGroup, ...] = ()
    if raw_grouped is not None and group_type is not None:
        converted = [
            AggregateGroup(
                value=group_value(g.grouped_by.value, group_type),
                count=g.total_count,
                properties=property_metrics(g.properties, types),
            )
            for g in raw_grouped.groups
        ]
        # The server sends the largest groups first; ties keep a stable, readable order.
        converted.sort(key=lambda g: (-(g.count or 0), _sort_key(g.value)))
        groups = tuple(converted)
    return AggregateResult(
        collection=request.collection,
        total_count=raw_overall.total_count,
        properties=property_metrics(raw_overall.properties, types),
        groups=groups,
        group_by=request.group_by,
        tenant=request.tenant,
        filtered=request.filters is not None,
        skipped=skipped,
        group_limit=request.group_limit if request.group_by else None,
    )


# -- converting the client's answer -------------------------------------------------------------


def property_metrics(raw: Any, types: dict[str, str]) -> tuple[PropertyMetrics, ...]:
    """The client's per-property results, typed by the schema, in the order asked for."""
    out: list[PropertyMetrics] = []
    for name, data_type in types.items():
        value = (raw or {}).get(name)
        if value is not None:
            out.append(_typed(name, data_type, value))
    return tuple(out)


def _typed(name: str, data_type: str, raw: Any) -> PropertyMetrics:
    count = int(getattr(raw, "count", None) or 0)
    match METRIC_KINDS[data_type]:
        case "int" | "number":
            return NumberMetrics(
                name,
                data_type,
                count,
                minimum=_number(raw.minimum),
                maximum=_number(raw.maximum),
                mean=_number(raw.mean),
                median=_number(raw.median),
                mode=_number(raw.mode),
                sum=_number(raw.sum_) if count else None,
            )
        case "text":
            return TextMetrics(
                name,
                data_type,
                count,
                # Most frequent first; equal counts in text order, whatever order the server chose.
                tuple(
                    sorted(
                        (
                            TopOccurrence(top_occurrence_value(str(top.value)), int(top.count or 0))
                            for top in raw.top_occurrences
                            if top.value is not None
                        ),
                        key=lambda top: (-top.count, top.value),
                    )
                ),
            )
        case "boolean":
            total_true, total_false = int(raw.total_true or 0), int(raw.total_false or 0)
            values = total_true + total_false
            return BooleanMetrics(
                name,
                data_type,
                count,
                total_true=total_true,
                total_false=total_false,
                percentage_true=100 * total_true / values if values else None,
                percentage_false=100 * total_false / values if values else None,
            )
        case "date":
            return DateMetrics(
                name,
                data_type,
                count,
                minimum=parse_date(raw.minimum),
                maximum=parse_date(raw.maximum),
                median=parse_date(raw.median),
                mode=parse_date(raw.mode),
            )


def top_occurrence_value(value: str) -> str:
    """The stored text of a top occurrence: the server sends it JSON-escaped, without quotes.

    (``say "hi"`` arrives as ``say \\"hi\\"``, ``<`` as ``\\u003c``.)
    """
    try:
        decoded = json.loads(f'"{value}"')
    except ValueError:
        return value
    return decoded if isinstance(decoded, str) else value


def _number(value: int | float | None) -> int | float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return value


def parse_date(value: str | dt.datetime | None) -> dt.datetime | None:
    """An RFC 3339 date from the server, always aware (UTC without a zone), so spans subtract."""
    if value is None:
        return None
    if not isinstance(value, dt.datetime):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            return None
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


def group_value(value: Any, data_type: str) -> Any:
    """A group's value as its property's type: the server sends ints as floats, dates as text."""
    if isinstance(value, list):
        return [group_value(v, data_type) for v in value]
    kind = METRIC_KINDS.get(data_type)
    if kind == "int" and isinstance(value, float) and value.is_integer():
        return int(value)
    if kind == "date" and isinstance(value, str):
        return parse_date(value) or value
    if value is not None and not isinstance(value, str | int | float | bool):
        return str(value)
    return value


def _sort_key(value: Any) -> tuple[bool, Any]:
    """Groups of one result share a type: numbers and dates compare as such, the rest as text."""
    if value is None:
        return (True, "")
    if isinstance(value, int | float | dt.datetime):
        return (False, value)
    return (False, str(value))
