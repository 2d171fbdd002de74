"""The benchmark runner's plain logic: medians, percentiles, alternation, verdicts, the table."""

from __future__ import annotations

import pytest

from tests.benchmarks.startup import counts_on_screen
from tests.benchmarks.stats import (
    NOT_RUN,
    TARGETS,
    Figure,
    alternate,
    format_table,
    json_object,
    median,
    percentile,
)


def test_median_and_nearest_rank_percentile() -> None:
    assert median([5.0, 1.0, 3.0]) == 3.0
    assert median([4.0, 1.0, 3.0, 2.0]) == 2.5
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 0.99) == 99.0
    assert percentile(values, 1.0) == 100.0
    assert percentile([7.0], 0.99) == 7.0
    assert percentile([3.0, 1.0, 2.0], 0.5) == 2.0
    with pytest.raises(ValueError):
        percentile([], 0.5)
    with pytest.raises(ValueError):
        median([])


def test_alternate_swaps_who_goes_first() -> None:
    order: list[str] = []

    def first() -> str:
        order.append("A")
        return "a"

    def second() -> str:
        order.append("B")
        return "b"

    a_results, b_results = alternate(4, first, second)
    assert order == ["A", "B", "B", "A", "A", "B", "B", "A"]
    assert a_results == ["a"] * 4 and b_results == ["b"] * 4


def test_ratio_figure_compares_ours_over_baseline() -> None:
    figure = Figure.new("query_overhead_ratio", "", measured_unit="ms")
    figure.ours, figure.baseline = 11.0, 10.0
    assert figure.value == pytest.approx(1.1)
    assert figure.verdict == "met"  # <= 1.10
    figure.ours = 11.5
    assert figure.verdict == "MISSED"
    figure.baseline = None
    assert figure.value is None and figure.verdict == "n/a"


def test_absolute_figure_and_errors() -> None:
    lag = Figure.new("loop_lag_max_ms", "")
    lag.ours = 50.0
    assert lag.value == 50.0 and lag.verdict == "met"
    lag.ours = 50.5
    assert lag.verdict == "MISSED"
    lag.error = "TimeoutError: boom"
    assert lag.verdict == "ERROR"
    lag.error = NOT_RUN
    assert lag.verdict == NOT_RUN


def test_table_and_json_have_every_key() -> None:
    figures = [Figure.new(key, "") for key in TARGETS]
    figures[0].ours, figures[0].baseline = 300.0, 200.0
    table = format_table(figures)
    lines = table.splitlines()
    assert lines[0].split() == ["figure", "ours", "baseline", "ratio", "target", "verdict"]
    first_paint = next(line for line in lines if line.startswith("first_paint_ratio"))
    assert "1.50" in first_paint and "MISSED" in first_paint and "<= 1.25" in first_paint
    assert len(lines) == 2 + len(TARGETS)
    markdown = format_table(figures, markdown=True).splitlines()
    assert markdown[1].startswith("|---") and len(markdown) == 2 + len(TARGETS)
    payload = json_object(figures)
    assert list(payload) == list(TARGETS)
    assert payload["first_paint_ratio"] == 1.5 and payload["loop_lag_p99_ms"] is None


def test_counts_on_screen_needs_each_name_with_its_count() -> None:
    counts = {"BenchObjects": 100_000, "JeopardyQuestion": 1000}
    screen = "│ BenchObjects      100,000 │\n│ JeopardyQuestion    1,000 │"
    assert counts_on_screen(screen, counts)
    assert not counts_on_screen("│ BenchObjects      100,000 │\n│ JeopardyQuestion  │", counts)
    assert not counts_on_screen("1,000 JeopardyQuestion\nBenchObjects 100,000", counts)
