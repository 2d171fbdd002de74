"""hypothesis: no renderer raises on any Weaviate value, and none emits a control character.

"Control character" is defined in :mod:`tests.fuzz.weaviate_values` (:func:`forbidden`): Cc (C0,
DEL, C1), U+2028/U+2029, the bidi controls and lone surrogates; "\\n" (and "\\t" in a full
value) only where the output is multi-line by contract.

Renderers covered: ``formatting`` (safe_text, safe_multiline, format_value, pretty_value,
to_json), the REPL (``render.cell``, ``dumps`` and ``show`` of object, objects and records views
as table, JSON and JSON lines through the real console, into a strict UTF-8 stream like a
terminal's), and the TUI (the objects pane's cells, the object detail screen's texts and vector
sparklines, the value modal).
"""

from __future__ import annotations

import io
import json
import math
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st
from rich.console import Console
from textual.renderables.sparkline import Sparkline

from explorer.core.base.formatting import (
    format_value,
    pretty_value,
    safe_multiline,
    safe_text,
    to_json,
)
from explorer.core.base.models import (
    AggregateGroup,
    AggregateResult,
    BooleanMetrics,
    CollectionConfig,
    DateMetrics,
    NumberMetrics,
    ObjectRecord,
    PropertyInfo,
    QueryResult,
    TextMetrics,
    TopOccurrence,
)
from explorer.core.client.convert import object_record
from explorer.core.query.aggregate_charts import heading, property_charts
from explorer.core.query.aggregate_charts import summary as summary_line
from explorer.core.query.aggregation import parse_date
from explorer.repl.cells import cell
from explorer.repl.render import dumps, make_console, show
from explorer.repl.views import AggregateView, ObjectsView, ObjectView, RecordsView
from explorer.tui.panes.objects_pane import CELL_WIDTH, page_rows
from explorer.tui.panes.query_pane import result_view
from explorer.tui.screens.object_detail import (
    full_value_text,
    meta_text,
    prepare,
    property_cells,
    vector_label,
)
from explorer.tui.screens.value_screen import ValueScreen
from tests.fuzz.weaviate_values import (
    HOSTILE_TEXT,
    datetimes,
    floats,
    forbidden,
    integers,
    named_vectors,
    objects,
    property_names,
    texts,
    values,
)

FORMATS = ("table", "json", "jsonl")
#: Whole client objects are slow to generate: fewer of them (a share of the profile's count).
OBJECTS = settings(max_examples=settings().max_examples * 3 // 10)


# -- formatting.py --------------------------------------------------------------------------------


@given(values, st.one_of(st.none(), st.integers(0, 80)))
@example("\u2028\u2029\u200e\u200f\u061c\ud800", None)
def test_one_line_text_of_any_value(value: Any, max_length: int | None) -> None:
    for text in (safe_text(value, max_length), safe_text(format_value(value), max_length)):
        assert forbidden(text) == [], repr(text)
        assert "\n" not in text
        if max_length is not None:
            assert len(text) <= max(max_length, 1)


@given(values)
def test_full_text_of_any_value(value: Any) -> None:
    for text in (safe_multiline(value), safe_multiline(pretty_value(value))):
        assert forbidden(text, allowed="\n\t") == [], repr(text)
    shown = safe_multiline(to_json(value))
    assert forbidden(shown, allowed="\n\t") == [], repr(shown)


@given(texts)
@example("\u200d\u200b\ufeff")
def test_escaping_keeps_the_text_readable(text: str) -> None:
    """Escaping is reversible in spirit: safe characters pass through, each other one is named."""
    shown = safe_text(text)
    for char in set(text):
        if not forbidden(char) and char not in "\\":
            assert char in shown
    for char in set(forbidden(text)) - {"\n", "\t"}:
        assert f"{ord(char):02x}" in shown


# -- the REPL ------------------------------------------------------------------------------------


def terminal() -> tuple[Console, io.BytesIO]:
    """The REPL's console writing to a strict UTF-8 stream, as a terminal's stdout is."""
    raw = io.BytesIO()
    stream = io.TextIOWrapper(
        raw, encoding="utf-8", errors="strict", newline="", write_through=True
    )
    return make_console(stream, width=120), raw


def rendered(view: Any, output_format: str) -> str:
    console, raw = terminal()
    show(console, view, output_format, interactive=True)
    console.file.flush()
    return raw.getvalue().decode("utf-8")


def check_output(text: str, output_format: str) -> None:
    assert forbidden(text, allowed="\n") == [], repr(text)
    if output_format == "json":
        json.loads(text)
    elif output_format == "jsonl":
        for line in text.splitlines():
            json.loads(line)


@given(values)
def test_repl_cell_and_json_of_any_value(value: Any) -> None:
    assert forbidden(cell(value).plain) == []
    text = dumps(value)
    assert forbidden(text) == [], repr(text)
    json.loads(text)


def config_for(record: ObjectRecord) -> CollectionConfig:
    return CollectionConfig(
        name=record.collection,
        description=None,
        properties=tuple(PropertyInfo(name, "text") for name in record.properties),
        references=(),
        vectors=(),
        named_vectors=False,
        multi_tenant=False,
        generative_module=None,
        reranker_module=None,
        raw={},
    )


@OBJECTS
@given(st.lists(objects, min_size=1, max_size=3), st.sampled_from(FORMATS), st.booleans())
def test_repl_shows_any_objects(
    client_objects: list[Any], output_format: str, show_vectors: bool
) -> None:
    records = tuple(object_record(obj, "Fallback") for obj in client_objects)
    columns = tuple(dict.fromkeys(name for r in records for name in r.properties))
    result = QueryResult("fetch", records[0].collection, records, generated=None, elapsed_ms=1.0)
    view = ObjectsView(result, columns, show_vectors=show_vectors)
    check_output(rendered(view, output_format), output_format)
    check_output(rendered(ObjectView(records[0], show_vectors), output_format), output_format)


@OBJECTS
@given(
    st.lists(property_names, min_size=1, max_size=4, unique=True),
    st.lists(st.dictionaries(property_names, values, max_size=4), max_size=4),
    st.sampled_from(FORMATS),
    st.one_of(st.none(), texts),
)
def test_repl_shows_any_records(
    columns: list[str], rows: list[dict[str, Any]], output_format: str, caption: str | None
) -> None:
    view = RecordsView(tuple(columns), tuple(rows), caption=caption or "")
    check_output(rendered(view, output_format), output_format)


counts = st.integers(0, 2**63 - 1)
numbers = st.one_of(st.none(), integers, floats)
# The core's aggregation.parse_date makes every date aware (naive ones are UTC).
dates = st.one_of(st.none(), st.builds(parse_date, datetimes))
metrics = st.one_of(
    st.builds(NumberMetrics, texts, st.sampled_from(["int", "number[]", "?"]), counts,
              numbers, numbers, st.one_of(st.none(), floats), st.one_of(st.none(), floats),
              numbers, numbers),
    st.builds(TextMetrics, texts, st.sampled_from(["text", "text[]"]), counts,
              st.lists(st.builds(TopOccurrence, texts, counts), max_size=4).map(tuple)),
    st.builds(BooleanMetrics, texts, st.just("boolean"), counts, counts, counts,
              st.one_of(st.none(), floats), st.one_of(st.none(), floats)),
    st.builds(DateMetrics, texts, st.just("date"), counts, dates, dates, dates, dates),
)  # fmt: skip
metric_tuples = st.lists(metrics, max_size=3).map(tuple)
aggregates = st.builds(
    AggregateResult,
    collection=texts,
    total_count=st.one_of(st.none(), counts),
    properties=metric_tuples,
    groups=st.lists(
        st.builds(AggregateGroup, values, st.one_of(st.none(), counts), metric_tuples), max_size=3
    ).map(tuple),
    group_by=st.one_of(st.none(), texts),
    tenant=st.one_of(st.none(), texts),
    filtered=st.booleans(),
    group_limit=st.one_of(st.none(), st.integers(1, 5)),
)


@OBJECTS
@given(aggregates, st.sampled_from(FORMATS))
def test_aggregates_of_any_values(result: AggregateResult, output_format: str) -> None:
    check_output(rendered(AggregateView(result, result.group_by), output_format), output_format)
    assert forbidden(heading(result)) == []
    for m in result.properties:
        assert isinstance(summary_line(m), str)  # raw server text: its cell escapes it
    for chart in property_charts(result):  # labels stay raw: the table cell escapes them
        assert all(0 <= bar.length <= 1 for bar in chart.bars if math.isfinite(bar.length))


@given(texts, texts)
def test_error_lines(title: str, message: str) -> None:
    """Error messages quote the server and the user: the REPL prints them on one inert line."""
    from explorer.core.base.errors import ExplorerError
    from explorer.repl.runner import one_line

    line = one_line(ExplorerError(title, message))
    assert forbidden(line) == [], repr(line)
    console, raw = terminal()
    console.print(line)
    assert forbidden(raw.getvalue().decode("utf-8"), allowed="\n") == []


# -- the TUI -------------------------------------------------------------------------------------


@OBJECTS
@given(st.lists(objects, min_size=1, max_size=3))
def test_objects_pane_cells(client_objects: list[Any]) -> None:
    records = tuple(object_record(obj, "Fallback") for obj in client_objects)
    names = list(dict.fromkeys(name for r in records for name in r.properties))
    for row in page_rows(records, names):
        assert len(row) == 1 + len(names)
        for text in row:
            assert forbidden(text.plain) == [], repr(text.plain)
            assert len(text.plain) <= CELL_WIDTH


@OBJECTS
@given(st.lists(objects, min_size=1, max_size=3))
def test_query_pane_cells(client_objects: list[Any]) -> None:
    records = tuple(object_record(obj, "Fallback") for obj in client_objects)
    names = list(dict.fromkeys(name for r in records for name in r.properties))
    result = QueryResult("hybrid", records[0].collection, records, generated=None, elapsed_ms=1.0)
    view = result_view(result, names)
    for row in view.rows:
        for text in row:
            assert forbidden(text.plain) == [], repr(text.plain)


@OBJECTS
@given(objects)
def test_object_detail_texts(client_object: Any) -> None:
    record = object_record(client_object, "Fallback")
    prepared = prepare(record, config_for(record))
    assert forbidden(meta_text(record).plain) == []
    for cells in property_cells(prepared):
        for text in cells:
            assert forbidden(text.plain) == [], repr(text.plain)
    for full in prepared.full_values:
        assert forbidden(full_value_text(full).plain, allowed="\n\t") == []
    assert forbidden(full_value_text(prepared.json).plain, allowed="\n\t") == []
    for summary in prepared.vectors:
        assert forbidden(vector_label(summary).plain) == []
        assert all(math.isfinite(x) for x in summary.profile)
        console = Console(file=io.StringIO(), width=40, color_system=None)
        console.print(Sparkline(list(summary.profile), width=30, summary_function=max))


@given(named_vectors)
@example({"v": [1.0, float("nan"), 2.0]})
@example({"v": [float("inf"), 1.0]})
def test_vector_sparkline_of_any_vector(vectors: dict[str, Any]) -> None:
    from explorer.core.client.convert import _vector_value
    from explorer.core.query.vectors import summarize

    for name, raw in vectors.items():
        summary = summarize(name, _vector_value(raw))
        console = Console(file=io.StringIO(), width=80, color_system=None)
        console.print(Sparkline(list(summary.profile), width=64, summary_function=max))


@given(st.one_of(texts, st.sampled_from(HOSTILE_TEXT)), values)
def test_value_modal_texts(title: str, value: Any) -> None:
    title_text, value_text = ValueScreen(title, value).texts()
    assert forbidden(title_text.plain, allowed="\n\t") == []
    assert forbidden(value_text.plain, allowed="\n\t") == []
