"""Medians, percentiles, verdicts and the results table: the plain logic of the benchmarks."""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal, TypeVar

T = TypeVar("T")

Unit = Literal["ratio", "ms", "MB"]


def median(values: Sequence[float]) -> float:
    if not values:
        raise ValueError("no samples")
    return float(statistics.median(values))


def percentile(values: Sequence[float], fraction: float) -> float:
    """The nearest-rank percentile (``fraction`` 0.99 for p99) of ``values``."""
    if not values:
        raise ValueError("no samples")
    if not 0 < fraction <= 1:
        raise ValueError(f"fraction {fraction} is not in (0, 1]")
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * fraction // 1))  # ceil(n * fraction), at least 1
    return float(ordered[int(rank) - 1])


def alternate(
    runs: int, first: Callable[[], T], second: Callable[[], T]
) -> tuple[list[T], list[T]]:
    """Run A and B ``runs`` times each, alternating who goes first, so drift hits both sides."""
    a_results: list[T] = []
    b_results: list[T] = []
    for index in range(runs):
        if index % 2 == 0:
            a_results.append(first())
            b_results.append(second())
        else:
            b_results.append(second())
            a_results.append(first())
    return a_results, b_results


#: Every key the runner reports, with its target (the value must be <= it) and its unit.
TARGETS: dict[str, tuple[float, Unit]] = {
    "first_paint_ratio": (1.25, "ratio"),
    "time_to_interactive_ratio": (1.3, "ratio"),
    "idle_rss_ratio": (1.3, "ratio"),
    "query_overhead_ratio": (1.10, "ratio"),
    "render_10k_rows_ratio": (0.2, "ratio"),
    "loop_lag_p99_ms": (10.0, "ms"),
    "loop_lag_max_ms": (50.0, "ms"),
    "loop_lag_lab_p99_ms": (10.0, "ms"),
    "loop_lag_lab_max_ms": (50.0, "ms"),
    "browse_time_ratio": (1.10, "ratio"),
    "browse_rss_growth_mb": (30.0, "MB"),
    "keystroke_echo_median_ratio": (1.5, "ratio"),
    "keystroke_echo_p99_ms": (100.0, "ms"),
    "keystroke_echo_max_ms": (100.0, "ms"),
    "idle_cpu_ratio": (1.5, "ratio"),
    "help_open_ms": (100.0, "ms"),
    "help_open_paging_ms": (150.0, "ms"),
    "big_page_open_ms": (300.0, "ms"),
    "serve_rps_ratio": (0.9, "ratio"),
    "serve_p99_ms_ratio": (1.2, "ratio"),
}
#: Keys whose value must be at least the target (a throughput), not at most.
AT_LEAST = frozenset({"serve_rps_ratio"})
NOT_RUN = "not run"


@dataclass
class Figure:
    """One row of the results: ours (and a baseline for ratios) against a target (<=)."""

    key: str
    description: str
    target: float
    unit: Unit
    ours: float | None = None
    baseline: float | None = None
    #: The unit of ``ours`` and ``baseline`` when the figure is a ratio (e.g. "ms", "MB").
    measured_unit: str = ""
    samples: int = 0
    notes: list[str] = field(default_factory=list)
    error: str | None = None

    @classmethod
    def new(cls, key: str, description: str, measured_unit: str = "") -> Figure:
        target, unit = TARGETS[key]
        return cls(key, description, target, unit, measured_unit=measured_unit)

    @property
    def value(self) -> float | None:
        """What is compared with the target: ours/baseline for ratios, else ours."""
        if self.ours is None:
            return None
        if self.unit == "ratio":
            if self.baseline is None or self.baseline <= 0:
                return None
            return self.ours / self.baseline
        return self.ours

    @property
    def verdict(self) -> str:
        if self.error == NOT_RUN:
            return NOT_RUN
        if self.error is not None:
            return "ERROR"
        value = self.value
        if value is None:
            return "n/a"
        if self.key in AT_LEAST:
            return "met" if value >= self.target else "MISSED"
        return "met" if value <= self.target else "MISSED"


def _number(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    suffix = f" {unit}" if unit else ""
    if abs(value) >= 100:
        return f"{value:,.0f}{suffix}"
    if abs(value) >= 10:
        return f"{value:.1f}{suffix}"
    return f"{value:.2f}{suffix}"


def table_rows(figures: Sequence[Figure]) -> list[tuple[str, str, str, str, str, str]]:
    rows = []
    for figure in figures:
        unit = figure.measured_unit if figure.unit == "ratio" else figure.unit
        value = figure.value
        rows.append(
            (
                figure.key,
                _number(figure.ours, unit),
                _number(figure.baseline, unit) if figure.unit == "ratio" else "—",
                "—" if figure.unit != "ratio" else ("—" if value is None else f"{value:.2f}"),
                (">= " if figure.key in AT_LEAST else "<= ")
                + f"{figure.target:g}"
                + ("" if figure.unit == "ratio" else f" {figure.unit}"),
                figure.verdict,
            )
        )
    return rows


HEADERS = ("figure", "ours", "baseline", "ratio", "target", "verdict")


def format_table(figures: Sequence[Figure], *, markdown: bool = False) -> str:
    rows = [HEADERS, *table_rows(figures)]
    if markdown:
        lines = ["| " + " | ".join(row) + " |" for row in rows]
        lines.insert(1, "|" + "|".join("---" for _ in HEADERS) + "|")
        return "\n".join(lines)
    widths = [max(len(row[i]) for row in rows) for i in range(len(HEADERS))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(line.rstrip() for line in lines)


def json_object(figures: Sequence[Figure]) -> dict[str, float | None]:
    """The one object ``--json`` writes: each key's compared value (a ratio, ms or MB)."""
    return {
        figure.key: None if figure.value is None else round(figure.value, 4) for figure in figures
    }


def json_details(figures: Sequence[Figure]) -> dict[str, dict[str, object]]:
    return {
        figure.key: {
            "description": figure.description,
            "ours": figure.ours,
            "baseline": figure.baseline,
            "measured_unit": figure.measured_unit or figure.unit,
            "target": figure.target,
            "verdict": figure.verdict,
            "samples": figure.samples,
            "notes": figure.notes,
            "error": figure.error,
        }
        for figure in figures
    }
