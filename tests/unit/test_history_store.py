"""Request serialization (hypothesis round trip), the history file and saved queries."""

from __future__ import annotations

import datetime as dt
import json
import threading
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.core.base.errors import ExplorerError
from explorer.core.base.models import AggregateGroup, AggregateResult, QueryResult
from explorer.core.query.codec import (
    Request,
    filter_from_dict,
    filter_to_dict,
    request_from_dict,
    request_to_dict,
)
from explorer.core.query.requests import (
    AggregateRequest,
    GenerateSpec,
    RerankSpec,
    SearchRequest,
    SortSpec,
)
from explorer.core.query.summary import summarize_request
from explorer.core.store.history import HistoryEntry, QueryHistory
from explorer.core.store.saved_queries import SavedQueries, check_name
from explorer.core.where.filters import And, Condition, FilterExpr, Not, Or

names = st.text(min_size=1, max_size=20)
optional_text = st.none() | st.text(max_size=30)
finite = st.floats(allow_nan=False, allow_infinity=False)
scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(2**53), 2**53)
    | finite
    | st.text(max_size=20)
    | st.datetimes(timezones=st.just(dt.UTC))
)
values = scalars | st.tuples(scalars, scalars) | st.lists(scalars, max_size=3).map(tuple)
operators = st.sampled_from(
    ["=", "!=", ">", ">=", "<", "<=", "like", "in", "contains_any", "contains_all", "is_null"]
)
conditions = st.builds(Condition, names, operators, values)
filters: st.SearchStrategy[FilterExpr] = st.recursive(
    conditions,
    lambda inner: (
        st.builds(And, st.lists(inner, max_size=3).map(tuple))
        | st.builds(Or, st.lists(inner, max_size=3).map(tuple))
        | st.builds(Not, inner)
    ),
    max_leaves=8,
)
name_tuples = st.none() | st.lists(names, max_size=3).map(tuple)
search_requests = st.builds(
    SearchRequest,
    collection=names,
    kind=st.sampled_from(["fetch", "bm25", "near_text", "near_vector", "near_object", "hybrid"]),
    text=optional_text,
    vector=st.none() | st.lists(finite, min_size=1, max_size=4).map(tuple),
    object_id=optional_text,
    target_vector=optional_text,
    query_properties=name_tuples,
    alpha=st.none() | st.floats(0, 1),
    fusion=st.none() | st.sampled_from(["ranked", "relative"]),
    filters=st.none() | filters,
    limit=st.integers(1, 10_000),
    offset=st.none() | st.integers(1, 9_999),
    tenant=optional_text,
    rerank=st.none() | st.builds(RerankSpec, names, optional_text),
    generate=st.none() | st.builds(GenerateSpec, optional_text, optional_text, name_tuples),
    include_vector=st.booleans(),
    sort=st.lists(st.builds(SortSpec, names, st.booleans()), max_size=2).map(tuple),
)
aggregate_requests = st.builds(
    AggregateRequest,
    collection=names,
    group_by=optional_text,
    metrics=st.lists(names, max_size=3).map(tuple),
    filters=st.none() | filters,
    tenant=optional_text,
)


@settings(max_examples=300)
@given(search_requests | aggregate_requests)
def test_requests_survive_json(request: Request) -> None:
    text = json.dumps(request_to_dict(request))
    assert request_from_dict(json.loads(text)) == request


@given(filters)
def test_filters_survive_json(expr: FilterExpr) -> None:
    assert filter_from_dict(json.loads(json.dumps(filter_to_dict(expr)))) == expr


@given(search_requests | aggregate_requests)
def test_every_request_has_a_short_summary(request: Request) -> None:
    summary = summarize_request(request, width=50)
    assert 0 < len(summary) <= 50


@pytest.mark.parametrize(
    "data",
    [
        None,
        [],
        {},
        {"kind": "bm25"},
        {"kind": "nope", "collection": "A"},
        {"kind": "bm25", "collection": "A", "limit": "x"},
    ],
)
def test_damaged_requests_are_refused_with_an_explorer_error(data: object) -> None:
    with pytest.raises(ExplorerError):
        request_from_dict(data)


def _result(count: int) -> QueryResult:
    return QueryResult("bm25", "A", (), elapsed_ms=12.5)


async def test_history_records_newest_last_and_keeps_no_secret(tmp_path: Path) -> None:
    history = QueryHistory(tmp_path / "h.jsonl")
    first = SearchRequest("Books", "bm25", text="storm", tenant="t1")
    second = AggregateRequest("Books", group_by="genre")
    await history.record(first, _result(0), front_end="repl", server_url="http://h:8080")
    groups = (AggregateGroup("drama", 4), AggregateGroup("travel", 4))
    await history.record(
        second,
        AggregateResult("Books", 8, groups=groups),
        front_end="tui",
        server_url="http://h:8080",
        latency_ms=3.0,
    )
    entries = await history.entries()
    assert [e.request for e in entries] == [first, second]
    assert [(e.kind, e.tenant, e.result_count, e.front_end) for e in entries] == [
        ("bm25", "t1", 0, "repl"),
        ("aggregate", None, 2, "tui"),
    ]
    assert entries[0].latency_ms == 12.5 and entries[0].time.tzinfo is not None
    line = json.loads((tmp_path / "h.jsonl").read_text().splitlines()[0])
    assert set(line) == {
        "time",
        "collection",
        "tenant",
        "kind",
        "parameters",
        "result_count",
        "latency_ms",
        "front_end",
        "server_url",
    }


def test_history_compacts_past_twice_its_cap_and_skips_torn_lines(tmp_path: Path) -> None:
    path = tmp_path / "h.jsonl"
    history = QueryHistory(path, cap=5)
    now = dt.datetime.now(dt.UTC)
    for index in range(11):
        history.append(HistoryEntry(now, SearchRequest(f"C{index}"), 1, 1.0, "repl", "u"))
    assert len(path.read_text().splitlines()) == 5  # 11 > 2 * 5: compacted to the newest 5
    with path.open("a") as file:
        file.write('{"time": "broken\n')
    assert [e.collection for e in history.read()] == ["C7", "C8", "C9", "C10"]
    assert [e.collection for e in history.read(limit=2)] == ["C9", "C10"]


def test_concurrent_writers_lose_nothing(tmp_path: Path) -> None:
    """Two front ends append at once: the file lock keeps every line whole."""
    path = tmp_path / "h.jsonl"
    now = dt.datetime.now(dt.UTC)

    def write(prefix: str) -> None:
        history = QueryHistory(path)
        for index in range(50):
            history.append(
                HistoryEntry(now, SearchRequest(f"{prefix}{index}"), 1, 1.0, prefix, "u")
            )

    threads = [threading.Thread(target=write, args=(p,)) for p in ("A", "B")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    collections = {e.collection for e in QueryHistory(path).read()}
    assert collections == {f"{p}{i}" for p in "AB" for i in range(50)}


def test_saved_queries_save_replace_list_and_delete(tmp_path: Path) -> None:
    saved = SavedQueries(tmp_path / "saved.json")
    request = SearchRequest("Books", "hybrid", text="harbour", alpha=0.5)
    saved.save("harbour", request)
    saved.save("count-drama", AggregateRequest("Books", filters=Condition("genre", "=", "drama")))
    assert saved.get("harbour") == request
    saved.save("harbour", SearchRequest("Books", "bm25", text="x"))
    assert list(saved.all()) == ["count-drama", "harbour"]
    assert saved.get("harbour") == SearchRequest("Books", "bm25", text="x")
    saved.delete("harbour")
    with pytest.raises(ExplorerError, match="no query is saved as 'harbour'; saved: count-drama"):
        saved.get("harbour")


@pytest.mark.parametrize("name", ["", "-x", "a b", "a/b", "x" * 65, "naïve", "../etc"])
def test_bad_names_are_refused(name: str) -> None:
    with pytest.raises(ExplorerError, match=r"Invalid name: .* starts with a letter or digit"):
        check_name(name)
    assert check_name("ok_name-1.v2") == "ok_name-1.v2"


def test_a_damaged_saved_queries_file_is_an_explorer_error(tmp_path: Path) -> None:
    path = tmp_path / "saved.json"
    path.write_text("{not json")
    with pytest.raises(ExplorerError, match="not valid JSON"):
        SavedQueries(path).all()


def test_the_history_keeps_no_password_from_the_url() -> None:
    from explorer.core.store.recorded import public_url

    assert public_url("https://user:pw@example.com:8443/x") == "https://example.com:8443/x"
    assert public_url("http://localhost:8080") == "http://localhost:8080"
