"""Copy as code: the Python that does what the explorer did, for the async or the sync client.

Pure functions, no network. Each script connects like the explorer (``use_async_with_custom`` or
``connect_to_custom``), runs one query, aggregate, import or collection creation, and prints what
it got as JSON (``print_results``), so its output can be compared with the explorer's. Secrets
never appear in the source: the API key and every header value are read from the environment.
"""

from __future__ import annotations

import pprint
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from explorer.core.codegen_values import filter_code, literal
from explorer.core.connection import ConnectionOptions
from explorer.core.errors import ExplorerError
from explorer.core.models import CollectionConfig
from explorer.core.queries import AggregateRequest, SearchRequest
from explorer.core.targets import check_target_vector

Variant = Literal["async", "sync"]
VARIANTS: tuple[Variant, ...] = ("async", "sync")
API_KEY_ENV = "WEAVIATE_API_KEY"
IMPORT_FORMATS = ("json", "jsonl", "csv")
_VECTOR_SEARCHES = ("near_text", "near_vector", "near_object")
_INDENT = "    "


def header_env_var(header: str) -> str:
    """The environment variable a header's value is read from: ``X-OpenAI-Api-Key`` →
    ``X_OPENAI_API_KEY``."""
    return re.sub(r"[^A-Za-z0-9]+", "_", header).strip("_").upper() or "HEADER"


def _call(target: str, arguments: list[tuple[str, str]], indent: int) -> list[str]:
    """``target(`` one keyword argument per line ``)``, at ``indent`` levels."""
    pad = _INDENT * indent
    if not arguments:
        return [f"{pad}{target}()"]
    lines = [f"{pad}{target}("]
    lines.extend(f"{pad}{_INDENT}{name}={value}," for name, value in arguments)
    lines.append(f"{pad})")
    return lines


class _Script:
    """Imports, the statements inside the client's ``with`` block, and ``print_results``."""

    def __init__(self, options: ConnectionOptions, variant: Variant) -> None:
        if variant not in VARIANTS:
            raise ExplorerError("Unknown code variant", f"{variant!r}: use async or sync")
        self.options = options
        self.variant = variant
        self.imports: set[str] = {"import json", "import weaviate"}
        self.from_imports: dict[str, set[str]] = {}
        self.body: list[str] = []
        self.printer: list[str] = []

    @property
    def awaits(self) -> str:
        return "await " if self.variant == "async" else ""

    def use(self, module: str, *names: str) -> None:
        self.from_imports.setdefault(module, set()).update(names)

    def connection_arguments(self) -> list[tuple[str, str]]:
        options = self.options
        arguments = [
            ("http_host", repr(options.http_host)),
            ("http_port", repr(options.http_port)),
            ("http_secure", repr(options.http_secure)),
            ("grpc_host", repr(options.resolved_grpc_host)),
            ("grpc_port", repr(options.grpc_port)),
            ("grpc_secure", repr(options.resolved_grpc_secure)),
        ]
        if options.headers:
            self.imports.add("import os")
            headers = ", ".join(
                f"{name!r}: os.environ[{header_env_var(name)!r}]"
                for name, _value in options.headers
            )
            arguments.append(("headers", "{" + headers + "}"))
        if options.api_key:
            self.imports.add("import os")
            self.use("weaviate.classes.init", "Auth")
            arguments.append(("auth_credentials", f"Auth.api_key(os.environ[{API_KEY_ENV!r}])"))
        timeouts = options.timeouts
        self.use("weaviate.classes.init", "AdditionalConfig", "Timeout")
        arguments.append(
            (
                "additional_config",
                f"AdditionalConfig(timeout=Timeout(init={timeouts.init!r}, "
                f"query={timeouts.query!r}, insert={timeouts.insert!r}))",
            )
        )
        return arguments

    def render(self, docstring: str) -> str:
        connect_arguments = self.connection_arguments()
        if self.variant == "async":
            self.imports.add("import asyncio")
            opener = _call("weaviate.use_async_with_custom", connect_arguments, 1)
            opener[0] = f"{_INDENT}async with {opener[0].strip()}"
            header = "async def main() -> None:"
            run = "asyncio.run(main())"
        else:
            opener = _call("weaviate.connect_to_custom", connect_arguments, 1)
            opener[0] = f"{_INDENT}with {opener[0].strip()}"
            header = "def main() -> None:"
            run = "main()"
        opener[-1] += " as client:"
        lines = [f'"""{docstring}"""', ""]
        lines.extend(sorted(self.imports - {"import weaviate"}))
        lines.extend(["", "import weaviate"])
        for module in sorted(self.from_imports):
            lines.append(f"from {module} import {', '.join(sorted(self.from_imports[module]))}")
        lines.extend(["", ""])
        if self.printer:
            lines.extend(self.printer)
            lines.extend(["", ""])
        lines.append(header)
        lines.extend(opener)
        lines.extend(f"{_INDENT * 2}{line}" if line else "" for line in self.body)
        lines.extend(["", "", 'if __name__ == "__main__":', f"{_INDENT}{run}", ""])
        return "\n".join(lines)


def _collection_line(collection: str, tenant: str | None) -> str:
    handle = f"client.collections.use({collection!r})"
    if tenant:
        handle += f".with_tenant({tenant!r})"
    return f"collection = {handle}"


# -- searches ----------------------------------------------------------------------------------


def search_code(
    request: SearchRequest,
    options: ConnectionOptions,
    *,
    variant: Variant = "async",
    config: CollectionConfig | None = None,
) -> str:
    """The script for a search; with ``config`` the target vector is chosen as the explorer does."""
    script = _Script(options, variant)
    script.use("weaviate.classes.query", "MetadataQuery")
    target_vector = request.target_vector
    if config is not None:
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
    if target_vector and kind not in ("fetch", "bm25"):
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

    method = "fetch_objects" if kind == "fetch" else kind
    namespace = "generate" if generate else "query"
    script.body.append(_collection_line(request.collection, request.tenant))
    call = _call(f"{script.awaits}collection.{namespace}.{method}", arguments, 0)
    call[0] = "response = " + call[0]
    script.body.extend(call)
    script.body.append("print_results(response)")
    script.printer = _search_printer(request)
    return script.render(f"{_describe_search(request)}: the same query as weaviate-explorer's.")


def _search_printer(request: SearchRequest) -> list[str]:
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
    lines = [
        "def print_results(response) -> None:",
        f'{_INDENT}"""Each object\'s uuid, properties and scores, as JSON."""',
        f"{_INDENT}rows = []",
        f"{_INDENT}for obj in response.objects:",
        f'{_INDENT * 2}row = {{"uuid": str(obj.uuid), "properties": obj.properties}}',
        *(f"{_INDENT * 2}{field}" for field in fields),
        f"{_INDENT * 2}rows.append(row)",
        f'{_INDENT}output = {{"objects": rows}}',
    ]
    if request.generate and request.generate.grouped_task:
        lines.append(
            f'{_INDENT}output["generated"] = response.generative.text if response.generative else None'
        )
    lines.append(f"{_INDENT}print(json.dumps(output, indent=2, default=str))")
    return lines


def _describe_search(request: SearchRequest) -> str:
    where = f"{request.collection}@{request.tenant}" if request.tenant else request.collection
    return f"{request.kind} on {_safe_doc(where)}"


# -- aggregates --------------------------------------------------------------------------------

_METRIC_BY_TYPE = {
    "text": "text(top_occurrences_count=True, top_occurrences_value=True, limit=5)",
    "int": "integer()",
    "number": "number()",
    "boolean": "boolean()",
    "date": "date_()",
}


def aggregate_code(
    request: AggregateRequest,
    options: ConnectionOptions,
    *,
    variant: Variant = "async",
    config: CollectionConfig | None = None,
) -> str:
    """The script for an aggregate; metrics need ``config`` to know each property's type."""
    script = _Script(options, variant)
    arguments: list[tuple[str, str]] = [("total_count", "True")]
    if request.filters is not None:
        script.use("weaviate.classes.query", "Filter")
        arguments.append(("filters", filter_code(request.filters, script.imports)))
    if request.group_by:
        script.use("weaviate.classes.aggregate", "GroupByAggregate")
        arguments.append(("group_by", f"GroupByAggregate(prop={request.group_by!r})"))
    if request.metrics:
        if config is None:
            raise ExplorerError("Cannot write code", "metrics need the collection's config")
        types = {p.name: p.data_type.removesuffix("[]") for p in config.properties}
        metrics = []
        for name in request.metrics:
            metric = _METRIC_BY_TYPE.get(types.get(name, ""))
            if metric is None:
                raise ExplorerError(
                    "No metrics for this property", f"{name!r} has no metrics to aggregate"
                )
            metrics.append(f"Metrics({name!r}).{metric}")
        script.use("weaviate.classes.aggregate", "Metrics")
        arguments.append(("return_metrics", "[" + ", ".join(metrics) + "]"))
    script.body.append(_collection_line(request.collection, request.tenant))
    call = _call(f"{script.awaits}collection.aggregate.over_all", arguments, 0)
    call[0] = "response = " + call[0]
    script.body.extend(call)
    script.body.append("print_results(response)")
    script.imports.add("import dataclasses")
    script.printer = [
        "def print_results(response) -> None:",
        f'{_INDENT}"""The total count, metrics per property and groups, as JSON."""',
        "",
        f"{_INDENT}def metrics(properties) -> dict:",
        f"{_INDENT * 2}return {{name: dataclasses.asdict(m) for name, m in properties.items()}}",
        "",
        f'{_INDENT}if hasattr(response, "groups"):',
        f"{_INDENT * 2}output = {{",
        f'{_INDENT * 3}"groups": [',
        f"{_INDENT * 4}{{",
        f'{_INDENT * 5}"value": group.grouped_by.value,',
        f'{_INDENT * 5}"count": group.total_count,',
        f'{_INDENT * 5}"metrics": metrics(group.properties),',
        f"{_INDENT * 4}}}",
        f"{_INDENT * 4}for group in response.groups",
        f"{_INDENT * 3}]",
        f"{_INDENT * 2}}}",
        f"{_INDENT}else:",
        f"{_INDENT * 2}output = {{",
        f'{_INDENT * 3}"total_count": response.total_count,',
        f'{_INDENT * 3}"metrics": metrics(response.properties),',
        f"{_INDENT * 2}}}",
        f"{_INDENT}print(json.dumps(output, indent=2, default=str))",
    ]
    where = f"{request.collection}@{request.tenant}" if request.tenant else request.collection
    return script.render(f"aggregate over {_safe_doc(where)}: the same as weaviate-explorer's.")


# -- collection config -------------------------------------------------------------------------


def collection_config_code(
    config: Mapping[str, Any],
    options: ConnectionOptions,
    *,
    variant: Variant = "async",
    name: str | None = None,
) -> str:
    """The script that creates a collection from an exported config (``create_from_dict``)."""
    script = _Script(options, variant)
    exported = dict(config)
    if name is not None:
        exported["class"] = name
    if not isinstance(exported.get("class"), str):
        raise ExplorerError("Cannot write code", "the config names no collection ('class')")
    literal(exported)  # refuses values that have no literal
    dict_source = pprint.pformat(exported, indent=1, width=92, sort_dicts=False)
    script.body.append("config = " + dict_source.replace("\n", "\n" + " " * len("config = ")))
    script.body.append(f"collection = {script.awaits}client.collections.create_from_dict(config)")
    script.body.append("print_results(collection.name)")
    script.printer = [
        "def print_results(name: str) -> None:",
        f'{_INDENT}print(json.dumps({{"created": name}}))',
    ]
    return script.render(f"Create the collection {_safe_doc(exported['class'])}.")


# -- import ------------------------------------------------------------------------------------


def import_code(
    path: str | Path,
    collection: str,
    options: ConnectionOptions,
    *,
    variant: Variant = "async",
    tenant: str | None = None,
    file_format: str | None = None,
) -> str:
    """The script that imports a JSON, JSONL or CSV file of rows with server-side batching.

    Each row is an object's properties; in JSON and JSONL a row may also carry ``uuid`` and
    ``vector``. CSV values stay text, as the file has them.
    """
    file_format = (file_format or Path(path).suffix.lstrip(".")).lower()
    if file_format not in IMPORT_FORMATS:
        raise ExplorerError(
            "Unknown file format", f"{file_format!r}: import reads {', '.join(IMPORT_FORMATS)}"
        )
    script = _Script(options, variant)
    script.imports.add("import pathlib")
    reader = {
        "json": ["rows = json.loads(pathlib.Path(PATH).read_text(encoding='utf-8'))"],
        "jsonl": [
            "text = pathlib.Path(PATH).read_text(encoding='utf-8')",
            "rows = [json.loads(line) for line in text.splitlines() if line.strip()]",
        ],
        "csv": [
            "with pathlib.Path(PATH).open(newline='', encoding='utf-8') as file:",
            f"{_INDENT}rows = list(csv.DictReader(file))",
        ],
    }[file_format]
    if file_format == "csv":
        script.imports.add("import csv")
    script.printer = [
        f"PATH = {str(path)!r}",
        "",
        "",
        "def read_rows() -> list[dict]:",
        f'{_INDENT}"""The rows of the file, one dict per object."""',
        *(f"{_INDENT}{line}" for line in reader),
        f"{_INDENT}return rows",
        "",
        "",
        "def print_results(inserted: int, failed: list) -> None:",
        f'{_INDENT}print(json.dumps({{"inserted": inserted, "failed": len(failed)}}))',
    ]
    batch_with = "async with" if variant == "async" else "with"
    script.body.extend(
        [
            _collection_line(collection, tenant),
            "rows = read_rows()",
            f"{batch_with} collection.batch.stream() as batch:",
            f"{_INDENT}for row in rows:",
            f"{_INDENT * 2}properties = dict(row)",
            f'{_INDENT * 2}object_uuid = properties.pop("uuid", None)',
            f'{_INDENT * 2}vector = properties.pop("vector", None)',
            f"{_INDENT * 2}{script.awaits}batch.add_object(",
            f"{_INDENT * 3}properties=properties, uuid=object_uuid, vector=vector",
            f"{_INDENT * 2})",
            "failed = collection.batch.failed_objects",
            "print_results(len(rows) - len(failed), failed)",
        ]
    )
    return script.render(f"Import a {file_format} file into {_safe_doc(collection)}.")


def _safe_doc(text: str) -> str:
    """Text for inside a triple-quoted docstring: no quotes, backslashes or line breaks."""
    return " ".join(text.replace('"', "'").replace("\\", "/").split())


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
