"""Search and aggregate requests as JSON-able dicts and back, for the history and saved queries.

``request_from_dict(request_to_dict(r)) == r`` for every request; unknown or malformed input
raises :class:`ExplorerError` rather than building a half-valid request.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, cast, get_args

from explorer.core.base.errors import ExplorerError
from explorer.core.base.models import SearchKind
from explorer.core.query.requests import (
    DEFAULT_GROUP_LIMIT,
    DEFAULT_TOP_OCCURRENCES,
    AggregateRequest,
    GenerateSpec,
    MultiTarget,
    RerankSpec,
    SearchRequest,
    SortSpec,
)
from explorer.core.where.filters import And, Condition, FilterExpr, Not, Or

Request = SearchRequest | AggregateRequest
#: The ``kind`` an aggregate has in the history (searches use their SearchKind).
AGGREGATE_KIND = "aggregate"
SEARCH_KINDS: tuple[str, ...] = get_args(SearchKind)


def request_kind(request: Request) -> str:
    return AGGREGATE_KIND if isinstance(request, AggregateRequest) else request.kind


# -- filters -----------------------------------------------------------------------------------


def _value_to_json(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, list | tuple):
        return [_value_to_json(v) for v in value]
    return value


def _value_from_json(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"$datetime"}:
        try:
            return dt.datetime.fromisoformat(str(value["$datetime"]))
        except ValueError as exc:
            raise _bad(f"bad date {value['$datetime']!r}") from exc
    if isinstance(value, list):
        return tuple(_value_from_json(v) for v in value)
    return value


def filter_to_dict(expr: FilterExpr) -> dict[str, Any]:
    if isinstance(expr, And):
        return {"and": [filter_to_dict(e) for e in expr.operands]}
    if isinstance(expr, Or):
        return {"or": [filter_to_dict(e) for e in expr.operands]}
    if isinstance(expr, Not):
        return {"not": filter_to_dict(expr.operand)}
    return {
        "property": expr.property,
        "operator": expr.operator,
        "value": _value_to_json(expr.value),
    }


def filter_from_dict(data: Any) -> FilterExpr:
    if not isinstance(data, dict):
        raise _bad("a filter must be an object")
    if "and" in data:
        return And(tuple(filter_from_dict(e) for e in _list(data["and"])))
    if "or" in data:
        return Or(tuple(filter_from_dict(e) for e in _list(data["or"])))
    if "not" in data:
        return Not(filter_from_dict(data["not"]))
    try:
        return Condition(str(data["property"]), data["operator"], _value_from_json(data["value"]))
    except KeyError as exc:
        raise _bad(f"a filter condition lacks {exc}") from None


# -- requests ----------------------------------------------------------------------------------


def request_to_dict(request: Request) -> dict[str, Any]:
    """Only the fields that differ from their defaults, plus ``kind`` and ``collection``."""
    if isinstance(request, AggregateRequest):
        data: dict[str, Any] = {"kind": AGGREGATE_KIND, "collection": request.collection}
        if request.group_by is not None:
            data["group_by"] = request.group_by
        if request.metrics:
            data["metrics"] = list(request.metrics)
        if request.filters is not None:
            data["filters"] = filter_to_dict(request.filters)
        if request.tenant is not None:
            data["tenant"] = request.tenant
        if request.top_occurrences != DEFAULT_TOP_OCCURRENCES:
            data["top_occurrences"] = request.top_occurrences
        if request.group_limit != DEFAULT_GROUP_LIMIT:
            data["group_limit"] = request.group_limit
        return data
    data = {"kind": request.kind, "collection": request.collection, "limit": request.limit}
    for name in ("text", "object_id", "target_vector", "alpha", "fusion", "offset", "tenant"):
        value = getattr(request, name)
        if value is not None:
            data[name] = value
    if request.multi_target is not None:
        multi = request.multi_target
        data["multi_target"] = {
            "targets": list(multi.targets),
            "combination": multi.combination,
            "weights": [[name, weight] for name, weight in multi.weights],
        }
    if request.vector is not None:
        data["vector"] = list(request.vector)
    if request.query_properties is not None:
        data["query_properties"] = list(request.query_properties)
    if request.filters is not None:
        data["filters"] = filter_to_dict(request.filters)
    if request.rerank is not None:
        data["rerank"] = {"property": request.rerank.property, "query": request.rerank.query}
    if request.generate is not None:
        generate = request.generate
        data["generate"] = {
            "single_prompt": generate.single_prompt,
            "grouped_task": generate.grouped_task,
            "grouped_properties": list(generate.grouped_properties)
            if generate.grouped_properties is not None
            else None,
        }
    if request.include_vector:
        data["include_vector"] = True
    if request.sort:
        data["sort"] = [{"property": s.property, "descending": s.descending} for s in request.sort]
    return data


def request_from_dict(data: Any) -> Request:
    """Rebuild a request; raises ExplorerError on anything that is not one."""
    if not isinstance(data, dict):
        raise _bad("a request must be an object")
    kind = data.get("kind")
    collection = data.get("collection")
    if not isinstance(collection, str) or not collection:
        raise _bad("the request names no collection")
    try:
        if kind == AGGREGATE_KIND:
            return AggregateRequest(
                collection,
                group_by=_optional_str(data.get("group_by")),
                metrics=tuple(str(m) for m in _list(data.get("metrics", []))),
                filters=filter_from_dict(data["filters"]) if data.get("filters") else None,
                tenant=_optional_str(data.get("tenant")),
                top_occurrences=int(data.get("top_occurrences", DEFAULT_TOP_OCCURRENCES)),
                group_limit=int(data.get("group_limit", DEFAULT_GROUP_LIMIT)),
            )
        if kind not in SEARCH_KINDS:
            raise _bad(f"unknown query kind {kind!r}")
        rerank = data.get("rerank")
        generate = data.get("generate")
        vector = data.get("vector")
        query_properties = data.get("query_properties")
        alpha = data.get("alpha")
        multi = data.get("multi_target")
        return SearchRequest(
            collection,
            cast(SearchKind, kind),
            text=_optional_str(data.get("text")),
            vector=tuple(float(x) for x in _list(vector)) if vector is not None else None,
            object_id=_optional_str(data.get("object_id")),
            target_vector=_optional_str(data.get("target_vector")),
            multi_target=MultiTarget(
                tuple(str(t) for t in _list(multi["targets"])),
                str(multi.get("combination", "sum")),
                tuple((str(n), float(w)) for n, w in _list(multi.get("weights", []))),
            )
            if isinstance(multi, dict)
            else None,
            query_properties=tuple(str(p) for p in _list(query_properties))
            if query_properties is not None
            else None,
            alpha=float(alpha) if alpha is not None else None,
            fusion=_optional_str(data.get("fusion")),
            filters=filter_from_dict(data["filters"]) if data.get("filters") else None,
            limit=int(data.get("limit", 10)),
            offset=int(data["offset"]) if data.get("offset") is not None else None,
            tenant=_optional_str(data.get("tenant")),
            rerank=RerankSpec(str(rerank["property"]), _optional_str(rerank.get("query")))
            if isinstance(rerank, dict)
            else None,
            generate=GenerateSpec(
                _optional_str(generate.get("single_prompt")),
                _optional_str(generate.get("grouped_task")),
                tuple(str(p) for p in _list(generate["grouped_properties"]))
                if generate.get("grouped_properties") is not None
                else None,
            )
            if isinstance(generate, dict)
            else None,
            include_vector=bool(data.get("include_vector", False)),
            sort=tuple(
                SortSpec(str(s["property"]), bool(s.get("descending", False)))
                for s in _list(data.get("sort", []))
            ),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise _bad(f"{type(exc).__name__}: {exc}") from None


def _list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise _bad(f"expected a list, got {type(value).__name__}")
    return value


def _optional_str(value: Any) -> str | None:
    return None if value is None else str(value)


def _bad(detail: str) -> ExplorerError:
    return ExplorerError("Unreadable query", f"{detail} (the stored query may be damaged)")
