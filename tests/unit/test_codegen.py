"""Copy as code without a server: the scripts compile, hold no secrets, quote hostile text."""

from __future__ import annotations

import ast
import dataclasses
import datetime as dt

import pytest
from weaviate.classes.query import Filter
from weaviate.collections.filters import _FilterToGRPC

from explorer.core.base.errors import ExplorerError
from explorer.core.base.models import CollectionConfig, PropertyInfo, VectorInfo
from explorer.core.client.connection import ConnectionOptions
from explorer.core.codegen.queries import (
    VARIANTS,
    aggregate_code,
    collection_config_code,
    header_env_var,
    import_code,
    search_code,
)
from explorer.core.codegen.values import filter_code, literal
from explorer.core.query.requests import (
    AggregateRequest,
    GenerateSpec,
    RerankSpec,
    SearchRequest,
    SortSpec,
)
from explorer.core.where.filters import And, Condition, Not, Or, to_weaviate

API_KEY = "sk-super-secret-api-key-123"
HEADER_SECRET = "sk-openai-secret-456"
OPTIONS = ConnectionOptions(
    url="https://example.weaviate.cloud",
    api_key=API_KEY,
    headers=(("X-OpenAI-Api-Key", HEADER_SECRET),),
)
HOSTILE = 'x"""; import os; os.system("rm -rf /") #\'\n\\'
CONFIG = CollectionConfig(
    name="Books",
    description=None,
    properties=(
        PropertyInfo("title", "text"),
        PropertyInfo("year", "int"),
        PropertyInfo("rating", "number"),
    ),
    references=(),
    vectors=(VectorInfo("custom", "none"), VectorInfo("bigram", "text2vec-transformers")),
    named_vectors=True,
    multi_tenant=False,
    generative_module="generative-dummy",
    reranker_module="reranker-dummy",
    raw={},
)
FILTER = And(
    (
        Condition("year", ">", 1995),
        Or((Condition("title", "like", HOSTILE), Not(Condition("rating", "is_null", True)))),
        Condition("published", "<", dt.datetime(2001, 2, 3, 4, 5, tzinfo=dt.UTC)),
        Condition("genre", "in", ("drama", "travel")),
        Condition("id", "=", "9e8b8b36-6b4b-5f39-9c3e-6d1c6f9e4a77"),
        Condition("_creationTime", ">=", dt.datetime(2020, 1, 1, tzinfo=dt.UTC)),
    )
)
REQUESTS = [
    SearchRequest("Books", "fetch", filters=FILTER, sort=(SortSpec("year", True),), offset=3),
    SearchRequest("Books", "bm25", text=HOSTILE, query_properties=("title",), tenant="t1"),
    SearchRequest("Books", "near_text", text="storm", target_vector="openai"),
    SearchRequest("Books", "near_vector", vector=(1.0, 0.5, 0.25), target_vector="custom"),
    SearchRequest(
        "Books",
        "near_object",
        object_id="9e8b8b36-6b4b-5f39-9c3e-6d1c6f9e4a77",
        target_vector="custom",
    ),
    SearchRequest(
        "Books",
        "hybrid",
        text="harbour",
        alpha=0.25,
        fusion="relative",
        rerank=RerankSpec("title", HOSTILE),
        generate=GenerateSpec(HOSTILE, "Summarise", ("title",)),
        include_vector=True,
        limit=4,
    ),
]


#: text2vec-bigram has no nearText (the explorer refuses it), so near_text searches a vector of
#: a vectorizer that has one.
NEAR_TEXT_CONFIG = dataclasses.replace(
    CONFIG, vectors=(*CONFIG.vectors, VectorInfo("openai", "text2vec-openai"))
)


def config_for(request: SearchRequest) -> CollectionConfig:
    return NEAR_TEXT_CONFIG if request.kind == "near_text" else CONFIG


def all_scripts() -> list[str]:
    scripts: list[str] = []
    for variant in VARIANTS:
        scripts.extend(
            search_code(r, OPTIONS, variant=variant, config=config_for(r)) for r in REQUESTS
        )
        scripts.append(
            aggregate_code(
                AggregateRequest("Books", "title", ("year", "rating", "title"), FILTER),
                OPTIONS,
                variant=variant,
                config=CONFIG,
            )
        )
        scripts.append(
            collection_config_code(
                {"class": "Books", "description": HOSTILE}, OPTIONS, variant=variant
            )
        )
        scripts.extend(
            import_code(f"/tmp/{HOSTILE}.{fmt}", "Books", OPTIONS, variant=variant, file_format=fmt)
            for fmt in ("json", "jsonl", "csv")
        )
    return scripts


@pytest.mark.parametrize("index", range(len(all_scripts())))
def test_every_script_compiles_and_keeps_secrets_out(index: int) -> None:
    script = all_scripts()[index]
    compile(script, f"script{index}.py", "exec")
    assert API_KEY not in script and HEADER_SECRET not in script
    assert "os.environ['WEAVIATE_API_KEY']" in script
    assert f"os.environ[{header_env_var('X-OpenAI-Api-Key')!r}]" in script
    assert "'X-OpenAI-Api-Key'" in script


def test_hostile_text_stays_inside_its_literals() -> None:
    """The only calls in the script are the ones codegen writes; the text is data."""
    script = search_code(REQUESTS[1], OPTIONS)
    tree = ast.parse(script)
    strings = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)]
    assert HOSTILE in strings
    called = {ast.unparse(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)}
    assert not any("system" in name for name in called), called


def test_async_and_sync_variants_use_the_matching_client() -> None:
    async_code = search_code(REQUESTS[2], OPTIONS, variant="async")
    sync_code = search_code(REQUESTS[2], OPTIONS, variant="sync")
    assert "async def main()" in async_code
    assert "async with weaviate.use_async_with_custom(" in async_code
    assert "await collection.query.near_text(" in async_code
    assert "asyncio.run(main())" in async_code
    assert "with weaviate.connect_to_custom(" in sync_code
    assert "await" not in sync_code and "async" not in sync_code
    assert "http_secure=True" in sync_code and "grpc_host='example.weaviate.cloud'" in sync_code


def test_no_credentials_no_auth_and_no_environment() -> None:
    script = search_code(REQUESTS[0], ConnectionOptions(url="http://localhost:8080"))
    assert "Auth." not in script and "os.environ" not in script
    assert "\nimport os\n" not in script


def test_the_target_vector_is_chosen_like_the_explorer_does() -> None:
    hybrid = SearchRequest("Books", "hybrid", text="x")
    assert "target_vector='bigram'" in search_code(hybrid, OPTIONS, config=CONFIG)
    with pytest.raises(ExplorerError, match="target vector"):
        search_code(SearchRequest("Books", "near_vector", vector=(1.0,)), OPTIONS, config=CONFIG)


@pytest.mark.parametrize(
    ("request_", "problem"),
    [
        (SearchRequest("Books", "bm25", text=" "), "Query text needed"),
        (SearchRequest("Books", "near_vector"), "Vector needed"),
        (SearchRequest("Books", "bm25", text="x", sort=(SortSpec("year"),)), "Sort needs"),
        (SearchRequest("Books", "fetch", rerank=RerankSpec("title")), "Rerank needs"),
        (SearchRequest("Books", "hybrid", text="x", fusion="best"), "Unknown fusion"),
    ],
)
def test_requests_the_explorer_refuses_are_refused(request_: SearchRequest, problem: str) -> None:
    with pytest.raises(ExplorerError, match=problem):
        search_code(request_, OPTIONS)


def test_filter_code_builds_the_same_filter_as_the_explorer() -> None:
    for expr in (FILTER, Not(FILTER), Or((FILTER, Condition("year", "!=", 3)))):
        imports: set[str] = set()
        source = filter_code(expr, imports)
        assert imports == {"import datetime"}
        built = eval(source, {"Filter": Filter, "datetime": dt})
        # Filter objects have no __eq__; their gRPC messages do.
        assert _FilterToGRPC.convert(built) == _FilterToGRPC.convert(to_weaviate(expr))


def test_literals_round_trip() -> None:
    values = [HOSTILE, 1.5, float("inf"), -3, True, None, [1, "a"], {"k": ["v"]}]
    for value in values:
        assert eval(literal(value)) == value
    with pytest.raises(ExplorerError):
        literal(object())


def test_metrics_need_the_config_and_a_known_property() -> None:
    with pytest.raises(ExplorerError, match="config"):
        aggregate_code(AggregateRequest("Books", metrics=("year",)), OPTIONS)
    with pytest.raises(ExplorerError, match="'nope'"):
        aggregate_code(AggregateRequest("Books", metrics=("nope",)), OPTIONS, config=CONFIG)


def test_import_refuses_unknown_formats() -> None:
    with pytest.raises(ExplorerError, match="parquet"):
        import_code("/tmp/rows.parquet", "Books", OPTIONS)


def test_header_env_var_names() -> None:
    assert header_env_var("X-OpenAI-Api-Key") == "X_OPENAI_API_KEY"
    assert header_env_var("x-cohere-api-key") == "X_COHERE_API_KEY"
