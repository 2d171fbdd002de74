"""Aggregate results as bar-chart data and one-line summaries, for every front end to draw.

Pure functions, no UI: the TUI and the REPL draw the same bars from the same numbers. Labels are
server text: front ends show them through ``safe_text``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from explorer.core.base.formatting import format_value, safe_text
from explorer.core.base.models import (
    AggregateResult,
    BooleanMetrics,
    DateMetrics,
    NumberMetrics,
    PropertyMetrics,
    TextMetrics,
)

#: Eighth blocks, so a bar's length shows to an eighth of a cell.
_PARTIAL_BLOCKS = " ▏▎▍▌▋▊▉"
_FULL_BLOCK = "█"


@dataclass(frozen=True)
class Bar:
    #: Untrusted when it comes from the server.
    label: str
    value: float
    #: Share of the chart's whole, 0–1 (what a percentage shows).
    fraction: float
    #: Value relative to the chart's largest bar, 0–1 (how long to draw it).
    length: float


@dataclass(frozen=True)
class BarChart:
    title: str
    bars: tuple[Bar, ...]
    #: What the fractions are shares of.
    whole: float


def bar_chart(title: str, items: list[tuple[str, float]], whole: float | None = None) -> BarChart:
    """Bars for (label, value) pairs; ``whole`` defaults to the sum of the values."""
    total = float(sum(value for _label, value in items) if whole is None else whole)
    largest = max((value for _label, value in items), default=0.0)
    return BarChart(
        title=title,
        bars=tuple(
            Bar(
                label=label,
                value=value,
                fraction=value / total if total > 0 else 0.0,
                length=value / largest if largest > 0 else 0.0,
            )
            for label, value in items
        ),
        whole=total,
    )


def top_occurrences_chart(metrics: TextMetrics) -> BarChart:
    """A text property's most frequent values, as shares of all its values."""
    return bar_chart(
        f"{metrics.name}: top values",
        [(top.value, float(top.count)) for top in metrics.top_occurrences],
        whole=float(metrics.count),
    )


def boolean_chart(metrics: BooleanMetrics) -> BarChart:
    return bar_chart(
        f"{metrics.name}: true / false",
        [("true", float(metrics.total_true)), ("false", float(metrics.total_false))],
    )


def groups_chart(result: AggregateResult) -> BarChart:
    """Objects per group, as shares of every matched object."""
    return bar_chart(
        f"objects by {result.group_by}",
        [(format_value(g.value), float(g.count or 0)) for g in result.groups],
        whole=float(result.total_count or 0) or None,
    )


def property_charts(result: AggregateResult) -> tuple[BarChart, ...]:
    """The charts worth drawing per property: top values of text, true/false of booleans."""
    out: list[BarChart] = []
    for metrics in result.properties:
        # When even the top value occurs once, every bar is the same: no picture to show.
        if isinstance(metrics, TextMetrics) and any(t.count > 1 for t in metrics.top_occurrences):
            out.append(top_occurrences_chart(metrics))
        elif isinstance(metrics, BooleanMetrics) and metrics.count:
            out.append(boolean_chart(metrics))
    return tuple(out)


def bar_string(length: float, width: int) -> str:
    """A horizontal bar ``length`` (0–1) of ``width`` cells, in eighth blocks, padded to width."""
    eighths = round(max(0.0, min(1.0, length)) * width * 8)
    full, partial = divmod(eighths, 8)
    text = _FULL_BLOCK * full + (_PARTIAL_BLOCKS[partial] if partial else "")
    return text.ljust(width)


def format_metric(value: object) -> str:
    """A metric value for a table cell: floats to 6 significant digits, dates short.

    Ints keep no separators (a year of 1990 stays 1990); counts use :func:`format_count`.
    """
    if value is None:
        return "—"
    if isinstance(value, datetime):
        return format_date(value)
    if isinstance(value, float):
        return f"{value:.6g}"
    return format_value(value)


def format_date(value: datetime) -> str:
    """Short but exact to the second: "2024-01-05" at midnight UTC, else "2024-01-05 08:30:00Z"."""
    utc = value.utcoffset() == timedelta(0)
    if utc and value.time() == time(0):
        return value.date().isoformat()
    text = value.replace(microsecond=0, tzinfo=None).isoformat(sep=" ")
    if utc:
        return text + "Z"
    offset = value.strftime("%z")
    return text + (f"{offset[:3]}:{offset[3:]}" if offset else "")


def format_percentage(value: float | None) -> str:
    """One decimal; a share that is neither none nor all never reads as 0.0% or 100.0%."""
    if value is None:
        return "—"
    if 0 < value < 0.1:
        return "<0.1%"
    if 99.9 < value < 100:
        return ">99.9%"
    return f"{value:.1f}%"


def format_span(span: timedelta | None) -> str:
    """A date range's length: "27 days", "3 days 4:30:00", "0:15:00"."""
    if span is None:
        return "—"
    days, rest = span.days, span - timedelta(days=span.days)
    parts = [f"{days:,} day{'s' if days != 1 else ''}"] if days else []
    if rest or not days:
        parts.append(str(rest))
    return " ".join(parts)


def _short_date(value: datetime | None) -> str:
    return "—" if value is None else value.date().isoformat()


def heading(result: AggregateResult) -> str:
    """What was aggregated, in one line: "Books@tenant · 12 objects · filtered · grouped by genre"."""
    where = safe_text(result.collection)
    if result.tenant:
        where += f"@{safe_text(result.tenant)}"
    total = "—" if result.total_count is None else f"{result.total_count:,}"
    parts = [where, f"{total} objects"]
    if result.filtered:
        parts.append("filtered")
    if result.group_by is not None:
        parts.append(f"{len(result.groups):,} groups by {safe_text(result.group_by)}")
    return " · ".join(parts)


def summary(metrics: PropertyMetrics) -> str:
    """One line per property, e.g. for a group's row: the few numbers that say most."""
    match metrics:
        case (
            NumberMetrics(count=0)
            | TextMetrics(count=0)
            | BooleanMetrics(count=0)
            | DateMetrics(count=0)
        ):
            return "no values"
        case NumberMetrics():
            return (
                f"mean {format_metric(metrics.mean)} · "
                f"{format_metric(metrics.minimum)}–{format_metric(metrics.maximum)}"
            )
        case TextMetrics():
            if not metrics.top_occurrences:
                return f"{metrics.count:,} values"
            top = metrics.top_occurrences[0]
            return f"{top.value} ×{top.count:,}"
        case BooleanMetrics():
            return f"{format_percentage(metrics.percentage_true)} true"
        case DateMetrics():
            return f"{_short_date(metrics.minimum)} → {_short_date(metrics.maximum)}"
    return ""
