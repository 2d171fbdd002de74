"""The pure parts of aggregation: bars, formats, planning and the server's escaped top values."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from explorer.core.base.errors import ExplorerError
from explorer.core.base.models import (
    AggregateResult,
    BooleanMetrics,
    CollectionConfig,
    DateMetrics,
    NumberMetrics,
    PropertyInfo,
    TextMetrics,
    TopOccurrence,
    metrics_data,
)
from explorer.core.query.aggregate_charts import (
    bar_chart,
    bar_string,
    boolean_chart,
    format_date,
    format_percentage,
    format_span,
    heading,
    property_charts,
    summary,
)
from explorer.core.query.aggregation import (
    check_group_by,
    group_value,
    plan_metrics,
    top_occurrence_value,
)


@given(st.floats(min_value=0, max_value=1), st.integers(min_value=1, max_value=80))
def test_a_bar_always_fills_its_width(length: float, width: int) -> None:
    text = bar_string(length, width)
    assert len(text) == width
    filled = text.rstrip(" ")
    assert all(ch in "█▏▎▍▌▋▊▉" for ch in filled)
    # Drawn to the nearest eighth of a cell.
    eighths = filled.count("█") * 8 + (
        " ▏▎▍▌▋▊▉".index(filled[-1]) if filled and filled[-1] != "█" else 0
    )
    assert abs(eighths - length * width * 8) <= 0.5


@given(st.floats(min_value=0, max_value=1), st.floats(min_value=0, max_value=1))
def test_longer_values_draw_longer_bars(a: float, b: float) -> None:
    short, long = sorted((a, b))
    assert len(bar_string(short, 30).rstrip()) <= len(bar_string(long, 30).rstrip())


def test_bar_ends_and_out_of_range() -> None:
    assert bar_string(0, 4) == "    "
    assert bar_string(1, 4) == "████"
    assert bar_string(2, 4) == "████" and bar_string(-1, 4) == "    "


@given(st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=20))
def test_chart_fractions_and_lengths(counts: list[int]) -> None:
    chart = bar_chart("t", [(str(i), float(c)) for i, c in enumerate(counts)])
    if sum(counts):
        assert sum(b.fraction for b in chart.bars) == pytest.approx(1.0)
        assert max(b.length for b in chart.bars) == 1.0
    else:
        assert all(b.fraction == 0 == b.length for b in chart.bars)


@given(st.text())
def test_top_values_are_unescaped_exactly(value: str) -> None:
    """The server sends top occurrences JSON-escaped without quotes (Go also escapes <>&)."""
    escaped = json.dumps(value, ensure_ascii=False)[1:-1]
    go_style = escaped.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    assert top_occurrence_value(escaped) == value
    assert top_occurrence_value(go_style) == value


def test_a_top_value_that_is_not_escaped_stays_as_it_is() -> None:
    assert top_occurrence_value('say "hi') == 'say "hi'


def test_formats() -> None:
    utc = dt.UTC
    assert format_date(dt.datetime(2024, 1, 5, tzinfo=utc)) == "2024-01-05"
    assert format_date(dt.datetime(2024, 1, 5, 8, 30, 1, 500, tzinfo=utc)) == "2024-01-05 08:30:01Z"
    plus_two = dt.timezone(dt.timedelta(hours=2))
    assert format_date(dt.datetime(2024, 1, 5, tzinfo=plus_two)) == "2024-01-05 00:00:00+02:00"
    assert format_span(dt.timedelta(days=27)) == "27 days"
    assert format_span(dt.timedelta(days=1, hours=4)) == "1 day 4:00:00"
    assert format_span(dt.timedelta(minutes=15)) == "0:15:00"
    assert format_span(None) == "—"


def test_summaries_and_charts_per_type() -> None:
    number = NumberMetrics("n", "int", 3, minimum=1, maximum=9, mean=4.5, sum=13)
    text = TextMetrics("t", "text", 4, (TopOccurrence("a\x1bb", 3), TopOccurrence("c", 1)))
    unique = TextMetrics("u", "text", 2, (TopOccurrence("x", 1), TopOccurrence("y", 1)))
    boolean = BooleanMetrics("b", "boolean", 4, 3, 1, 75.0, 25.0)
    date = DateMetrics(
        "d",
        "date",
        2,
        dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
        dt.datetime(2024, 3, 1, tzinfo=dt.UTC),
    )
    assert summary(number) == "mean 4.5 · 1–9"
    assert summary(text) == "a\x1bb ×3"  # raw: front ends pass it through safe_text
    assert summary(boolean) == "75.0% true"
    assert summary(date) == "2024-01-01 → 2024-03-01"
    assert summary(NumberMetrics("n", "int", 0)) == "no values"
    assert date.span == dt.timedelta(days=60)
    assert [(b.label, b.value) for b in boolean_chart(boolean).bars] == [
        ("true", 3.0),
        ("false", 1.0),
    ]
    result = AggregateResult("C", 4, (number, text, unique, boolean, date), tenant="t\x1b")
    # Unique text values make no picture; top values and true/false do.
    assert [c.title for c in property_charts(result)] == ["t: top values", "b: true / false"]
    assert heading(result) == "C@t\\x1b · 4 objects"
    assert metrics_data(text) == {
        "data_type": "text",
        "count": 4,
        "top_occurrences": [{"value": "a\x1bb", "count": 3}, {"value": "c", "count": 1}],
    }
    assert result.metrics["n"]["sum"] == 13 and "name" not in result.metrics["n"]


def test_group_values_take_their_property_type() -> None:
    assert group_value(7.0, "int") == 7 and type(group_value(7.0, "int")) is int
    assert group_value(7.5, "number") == 7.5
    assert group_value("2024-01-05T00:00:00Z", "date") == dt.datetime(2024, 1, 5, tzinfo=dt.UTC)
    assert group_value([1.0, 2.0], "int[]") == [1, 2]
    assert group_value(True, "boolean") is True


CONFIG = CollectionConfig(
    name="Things",
    description=None,
    properties=(
        PropertyInfo("title", "text"),
        PropertyInfo("count", "int"),
        PropertyInfo("where", "geoCoordinates"),
        PropertyInfo("id2", "uuid"),
        PropertyInfo("meta", "object", nested=(PropertyInfo("x", "text"),)),
        PropertyInfo("blob", "blob"),
    ),
    references=(),
    vectors=(),
    named_vectors=False,
    multi_tenant=False,
    generative_module=None,
    reranker_module=None,
    raw={},
)


def test_planning_all_named_and_refused() -> None:
    planned, skipped = plan_metrics(CONFIG, ())
    assert planned == (("title", "text"), ("count", "int"))
    assert [s.name for s in skipped] == ["where", "id2", "meta", "blob"]
    assert plan_metrics(CONFIG, ("count", "count")) == ((("count", "int"),), ())
    with pytest.raises(ExplorerError, match=r"'where' is geoCoordinates.*choose from title, count"):
        plan_metrics(CONFIG, ("where",))
    with pytest.raises(ExplorerError, match="'meta' is object"):
        plan_metrics(CONFIG, ("meta",))
    assert check_group_by(CONFIG, "id2") == "uuid"
    for name in ("where", "meta", "blob"):
        with pytest.raises(ExplorerError, match=rf"'{name}' is .*choose from title, count, id2"):
            check_group_by(CONFIG, name)


@pytest.mark.parametrize(
    ("share", "shown"),
    [
        (100 * 2 / 10_000, "<0.1%"),
        (0.0, "0.0%"),
        (100.0, "100.0%"),
        (99.98, ">99.9%"),
        (12.34, "12.3%"),
    ],
)
def test_small_shares_are_never_shown_as_none(share: float, shown: str) -> None:
    assert format_percentage(share) == shown


@given(st.integers(min_value=1, max_value=10**6), st.integers(min_value=1, max_value=10**6))
def test_a_share_above_zero_never_reads_zero_or_all(part: int, extra: int) -> None:
    shown = format_percentage(100 * part / (part + extra))
    assert shown not in ("0.0%", "100.0%")
