"""Copy as code: the Python that does what the explorer did, for the async or the sync client.

Pure functions, no network. Each script connects like the explorer (``use_async_with_custom`` or
``connect_to_custom``), runs one query, aggregate, import or collection creation, and prints what
it got as JSON (``print_results``), so its output can be compared with the explorer's. Secrets
never appear in the source: the API key and every header value are read from the environment.
"""

from __future__ import annotations

from explorer.core.base.errors import ExplorerError
from explorer.core.base.models import CollectionConfig
from explorer.core.client.connection import ConnectionOptions
from explorer.core.codegen.files import IMPORT_FORMATS, collection_config_code, import_code
from explorer.core.codegen.script import (
    API_KEY_ENV,
    INDENT,
    VARIANTS,
    Script,
    Variant,
    call_lines,
    collection_line,
    header_env_var,
    safe_doc,
)
from explorer.core.codegen.values import filter_code, literal
from explorer.core.query.requests import AggregateRequest, MultiTarget, SearchRequest
from explorer.core.query.targets import check_multi_target, check_target_vector

__all__ = [
    "API_KEY_ENV",
    "IMPORT_FORMATS",
    "VARIANTS",
    "Variant",
    "aggregate_code",
    "collection_config_code",
    "header_env_var",
    "import_code",
    "request_code",
    "search_code",
    "several_searches_code",
]

_VECTOR_SEARCHES = ("near_text", "near_vector", "near_object")


# -- searches ----------------------------------------------------------------------------------


def search_code(
    request: SearchRequest,
    options: ConnectionOptions,
    *,
    variant: Variant = "async",
    config: CollectionConfig | None = None,
) -> str:
    """The script for a search; with ``config`` the target vector is chosen as the explorer does."""
    script = Script(options, variant)
    script.body.append(collection_line(request.collection, request.tenant))
    script.body.extend(search_call_lines(script, request, config, "response"))
    script.body.append("print_results(response)")
    script.printer = _search_printer(request)
    return script.render(f"{_describe_search(request)}: the same query as weaviate-explorer's.")


def several_searches_code(
    searches: list[tuple[str, SearchRequest]],
    options: ConnectionOptions,
    *,
    variant: Variant = "async",
    config: CollectionConfig | None = None,
    what: str = "searches",
) -> str:
    """One script for several labelled searches of one collection (a comparison, RAG with and
    without rerank); it prints ``{label: {"objects": [...], "generated": ...}}``."""
    if not searches:
        raise ExplorerError("Cannot write code", "there are no searches to write")
    script = Script(options, variant)
    first = searches[0][1]
    script.body.append(collection_line(first.collection, first.tenant))
    script.body.append("responses = {}")
    for label, request in searches:
        script.body.extend(search_call_lines(script, request, config, f"responses[{label!r}]"))
    script.body.append("print_results(responses)")
    script.printer = [
        "def print_results(responses) -> None:",
        f'{INDENT}"""Each search\'s objects (uuid, properties, scores) and answers, as JSON."""',
        f"{INDENT}output = {{}}",
        f"{INDENT}for label, response in responses.items():",
        f"{INDENT * 2}rows = []",
        f"{INDENT * 2}for obj in response.objects:",
        f'{INDENT * 3}row = {{"uuid": str(obj.uuid), "properties": obj.properties}}',
        f'{INDENT * 3}for name in ("distance", "score", "rerank_score"):',
        f"{INDENT * 4}if getattr(obj.metadata, name, None) is not None:",
        f"{INDENT * 5}row[name] = getattr(obj.metadata, name)",
        f'{INDENT * 3}if getattr(obj, "generative", None) is not None:',
        f'{INDENT * 4}row["generated"] = obj.generative.text',
        f"{INDENT * 3}rows.append(row)",
        f'{INDENT * 2}output[label] = {{"objects": rows}}',
        f'{INDENT * 2}if getattr(response, "generative", None) is not None:',
        f'{INDENT * 3}output[label]["generated"] = response.generative.text',
        f"{INDENT}print(json.dumps(output, indent=2, default=str))",
    ]
    return script.render(
        f"{what} on {safe_doc(first.collection)}: the same queries as weaviate-explorer's."
    )


def search_call_lines(
    script: Script, request: SearchRequest, config: CollectionConfig | None, result: str
) -> list[str]:
    """``result = collection.<query|generate>.<kind>(...)`` for ``request``."""
    arguments = search_arguments(request, script, config)
    method = "fetch_objects" if request.kind == "fetch" else request.kind
    namespace = "generate" if request.generate else "query"
    call = call_lines(f"{script.awaits}collection.{namespace}.{method}", arguments, 0)
    call[0] = f"{result} = " + call[0]
    return call


def search_arguments(
    request: SearchRequest, script: Script, config: CollectionConfig | None = None
) -> list[tuple[str, str]]:
    """The keyword arguments of the search call (its imports go into ``script``)."""
    script.use("weaviate.classes.query", "MetadataQuery")
    target_vector = request.target_vector
    if config is not None and request.multi_target is None:
        target_vector = check_target_vector(config, request.kind, request.target_vector)
    arguments: list[tuple[str, str]] = []
    kind = request.kind
    match kind:
        case "bm25" | "hybrid" | "near_text":
            if not request.text or not request.text.strip():
                raise ExplorerError("Query text needed", f"{kind} needs non-empty query text")
            arguments.append(("query", repr(request.text)))
        case "near_vector":
            if not request.vector:
                raise ExplorerError("Vector needed", "near_vector needs a vector to search with")
            arguments.append(("near_vector", literal(list(request.vector))))
        case "near_object":
            if not request.object_id:
                raise ExplorerError("Object needed", "near_object needs the uuid of an object")
            arguments.append(("near_object", repr(request.object_id)))
        case "fetch":
            pass
        case other:
            raise ExplorerError("Unknown query kind", f"{other!r} is not a query kind")
    if kind == "hybrid":
        if request.alpha is not None:
            arguments.append(("alpha", repr(request.alpha)))
        if request.fusion:
            fusion = {"ranked": "RANKED", "relative": "RELATIVE_SCORE"}.get(request.fusion)
            if fusion is None:
                raise ExplorerError("Unknown fusion", f"{request.fusion!r}: use ranked or relative")
            script.use("weaviate.classes.query", "HybridFusion")
            arguments.append(("fusion_type", f"HybridFusion.{fusion}"))
    if kind in ("bm25", "hybrid") and request.query_properties:
        arguments.append(("query_properties", literal(list(request.query_properties))))
    if request.multi_target is not None:
        if config is not None:
            check_multi_target(config, kind, request.multi_target)
        script.use("weaviate.classes.query", "TargetVectors")
        arguments.append(("target_vector", target_vectors_code(request.multi_target)))
    elif target_vector and kind not in ("fetch", "bm25"):
        arguments.append(("target_vector", repr(target_vector)))
    if request.filters is not None:
        script.use("weaviate.classes.query", "Filter")
        arguments.append(("filters", filter_code(request.filters, script.imports)))
    if request.sort:
        if kind != "fetch":
            raise ExplorerError(
                "Sort needs a plain fetch", "searches are ordered by relevance; drop the sort"
            )
        script.use("weaviate.classes.query", "Sort")
        order = "Sort" + "".join(
            f".by_property({s.property!r}, ascending={not s.descending!r})" for s in request.sort
        )
        arguments.append(("sort", order))
    if request.rerank:
        if kind == "fetch":
            raise ExplorerError("Rerank needs a search", "use rerank with a search, not a fetch")
        script.use("weaviate.classes.query", "Rerank")
        arguments.append(
            (
                "rerank",
                f"Rerank(prop={request.rerank.property!r}, query={request.rerank.query!r})",
            )
        )
    generate = request.generate
    if generate:
        if generate.single_prompt:
            arguments.append(("single_prompt", repr(generate.single_prompt)))
        if generate.grouped_task:
            arguments.append(("grouped_task", repr(generate.grouped_task)))
        if generate.grouped_properties:
            arguments.append(("grouped_properties", literal(list(generate.grouped_properties))))
    arguments.append(("limit", repr(request.limit)))
    if request.offset:
        arguments.append(("offset", repr(request.offset)))
    if request.include_vector:
        arguments.append(("include_vector", "True"))
    metadata = "MetadataQuery(creation_time=True)"
    if kind in _VECTOR_SEARCHES:
        metadata = "MetadataQuery(distance=True)"
    elif kind in ("bm25", "hybrid"):
        metadata = "MetadataQuery(score=True)"
    arguments.append(("return_metadata", metadata))
    return arguments


def target_vectors_code(multi: MultiTarget) -> str:
    """``TargetVectors.<combination>(...)`` as the explorer sends it."""
    method = {
        "sum": "sum",
        "average": "average",
        "minimum": "minimum",
        "relative-score": "relative_score",
        "manual": "manual_weights",
    }.get(multi.combination)
    if method is None:
        raise ExplorerError("Unknown combination", f"{multi.combination!r} is not a combination")
    if multi.combination in ("relative-score", "manual"):
        return f"TargetVectors.{method}({literal(dict(multi.weights))})"
    return f"TargetVectors.{method}({literal(list(multi.targets))})"


def result_fields(request: SearchRequest) -> list[str]:
    """The lines that add a result's scores (and generated text, vector) to ``row``."""
    fields = []
    if request.kind in _VECTOR_SEARCHES:
        fields.append('row["distance"] = obj.metadata.distance')
    if request.kind in ("bm25", "hybrid"):
        fields.append('row["score"] = obj.metadata.score')
    if request.rerank:
        fields.append('row["rerank_score"] = obj.metadata.rerank_score')
    if request.generate and request.generate.single_prompt:
        fields.append('row["generated"] = obj.generative.text if obj.generative else None')
    if request.include_vector:
        fields.append('row["vector"] = obj.vector')
    return fields


def _search_printer(request: SearchRequest) -> list[str]:
    fields = result_fields(request)
    lines = [
        "def print_results(response) -> None:",
        f'{INDENT}"""Each object\'s uuid, properties and scores, as JSON."""',
        f"{INDENT}rows = []",
        f"{INDENT}for obj in response.objects:",
        f'{INDENT * 2}row = {{"uuid": str(obj.uuid), "properties": obj.properties}}',
        *(f"{INDENT * 2}{field}" for field in fields),
        f"{INDENT * 2}rows.append(row)",
        f'{INDENT}output = {{"objects": rows}}',
    ]
    if request.generate and request.generate.grouped_task:
        lines.append(
            f'{INDENT}output["generated"] = response.generative.text if response.generative else None'
        )
    lines.append(f"{INDENT}print(json.dumps(output, indent=2, default=str))")
    return lines


def _describe_search(request: SearchRequest) -> str:
    where = f"{request.collection}@{request.tenant}" if request.tenant else request.collection
    return f"{request.kind} on {safe_doc(where)}"


# -- aggregates --------------------------------------------------------------------------------


def _metric_code(data_type: str, top_occurrences: int) -> str:
    """The client's metric call for a type, exactly as explorer.core.query.aggregation asks for it."""
    from explorer.core.query.aggregation import METRIC_KINDS

    match METRIC_KINDS[data_type]:
        case "text":
            return (
                "text(count=True, top_occurrences_count=True, top_occurrences_value=True, "
                f"limit={top_occurrences!r})"
            )
        case "int":
            return "integer()"
        case "number":
            return "number()"
        case "boolean":
            return "boolean()"
        case _:
            return "date_()"


def aggregate_code(
    request: AggregateRequest,
    options: ConnectionOptions,
    *,
    variant: Variant = "async",
    config: CollectionConfig | None = None,
) -> str:
    """The script for an aggregate; metrics need ``config`` to know each property's type."""
    script = Script(options, variant)
    arguments: list[tuple[str, str]] = [("total_count", "True")]
    if request.filters is not None:
        script.use("weaviate.classes.query", "Filter")
        arguments.append(("filters", filter_code(request.filters, script.imports)))
    if request.group_by:
        script.use("weaviate.classes.aggregate", "GroupByAggregate")
        arguments.append(
            (
                "group_by",
                f"GroupByAggregate(prop={request.group_by!r}, limit={request.group_limit!r})",
            )
        )
    if request.metrics or config is not None:
        if config is None:
            raise ExplorerError("Cannot write code", "metrics need the collection's config")
        from explorer.core.query.aggregation import plan_metrics

        planned, _skipped = plan_metrics(config, request.metrics)
        if planned:
            metrics = [
                f"Metrics({name!r}).{_metric_code(data_type, request.top_occurrences)}"
                for name, data_type in planned
            ]
            script.use("weaviate.classes.aggregate", "Metrics")
            arguments.append(("return_metrics", "[" + ", ".join(metrics) + "]"))
    script.body.append(collection_line(request.collection, request.tenant))
    call = call_lines(f"{script.awaits}collection.aggregate.over_all", arguments, 0)
    call[0] = "response = " + call[0]
    script.body.extend(call)
    script.body.append("print_results(response)")
    script.imports.add("import dataclasses")
    script.printer = [
        "def print_results(response) -> None:",
        f'{INDENT}"""The total count, metrics per property and groups, as JSON."""',
        "",
        f"{INDENT}def metrics(properties) -> dict:",
        f"{INDENT * 2}return {{name: dataclasses.asdict(m) for name, m in properties.items()}}",
        "",
        f'{INDENT}if hasattr(response, "groups"):',
        f"{INDENT * 2}output = {{",
        f'{INDENT * 3}"groups": [',
        f"{INDENT * 4}{{",
        f'{INDENT * 5}"value": group.grouped_by.value,',
        f'{INDENT * 5}"count": group.total_count,',
        f'{INDENT * 5}"metrics": metrics(group.properties),',
        f"{INDENT * 4}}}",
        f"{INDENT * 4}for group in response.groups",
        f"{INDENT * 3}]",
        f"{INDENT * 2}}}",
        f"{INDENT}else:",
        f"{INDENT * 2}output = {{",
        f'{INDENT * 3}"total_count": response.total_count,',
        f'{INDENT * 3}"metrics": metrics(response.properties),',
        f"{INDENT * 2}}}",
        f"{INDENT}print(json.dumps(output, indent=2, default=str))",
    ]
    where = f"{request.collection}@{request.tenant}" if request.tenant else request.collection
    return script.render(f"aggregate over {safe_doc(where)}: the same as weaviate-explorer's.")


def request_code(
    request: SearchRequest | AggregateRequest,
    options: ConnectionOptions,
    *,
    variant: Variant = "async",
    config: CollectionConfig | None = None,
) -> str:
    """The script for any query the explorer ran (a search or an aggregate)."""
    if isinstance(request, AggregateRequest):
        return aggregate_code(request, options, variant=variant, config=config)
    return search_code(request, options, variant=variant, config=config)
