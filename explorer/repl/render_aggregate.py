"""An aggregate result as Rich tables with bar columns, or as structured JSON data.

Every value that came from the server (property names, text values, group values) is shown
through ``safe_text`` in a ``Text``, never as markup.
"""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from explorer.core.base.formatting import format_count, safe_text
from explorer.core.base.models import (
    AggregateResult,
    BooleanMetrics,
    DateMetrics,
    NumberMetrics,
    TextMetrics,
)
from explorer.core.query.aggregate_charts import (
    BarChart,
    bar_string,
    format_metric,
    format_percentage,
    format_span,
    groups_chart,
    heading,
    summary,
    top_occurrences_chart,
)
from explorer.core.query.aggregate_notes import aggregate_notes

BAR_WIDTH = 20
LABEL_WIDTH = 60


def _table(*headers: str, title: str | None = None, right: tuple[str, ...] = ()) -> Table:
    table = Table(
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        header_style="bold",
        title=Text(title, style="bold") if title else None,
        title_justify="left",
    )
    for header in headers:
        table.add_column(
            Text(safe_text(header)),
            overflow="fold",
            justify="right" if header in right else "left",
            no_wrap=header == "bar",
        )
    return table


def _cell(value: object) -> Text:
    return Text(safe_text(format_metric(value), LABEL_WIDTH))


def _count(count: int | None) -> Text:
    return Text(format_count(count))


def chart_table(chart: BarChart, label_header: str, title: str | None = None) -> Table:
    table = _table(label_header, "count", "share", "bar", title=title, right=("count", "share"))
    for bar in chart.bars:
        table.add_row(
            Text(safe_text(bar.label, LABEL_WIDTH)),
            Text(f"{bar.value:,.0f}"),
            Text(format_percentage(100 * bar.fraction)),
            Text(bar_string(bar.length, BAR_WIDTH), style="cyan"),
        )
    return table


def aggregate_table(result: AggregateResult) -> RenderableType:
    parts: list[RenderableType] = [Text(heading(result), style="bold")]
    numbers = [m for m in result.properties if isinstance(m, NumberMetrics)]
    if numbers:
        table = _table(
            "property", "type", "count", "min", "max", "mean", "median", "mode", "sum",
            right=("count", "min", "max", "mean", "median", "mode", "sum"),
        )  # fmt: skip
        for m in numbers:
            table.add_row(
                Text(safe_text(m.name)),
                Text(safe_text(m.data_type)),
                _count(m.count),
                *(_cell(v) for v in (m.minimum, m.maximum, m.mean, m.median, m.mode, m.sum)),
            )
        parts.append(table)
    dates = [m for m in result.properties if isinstance(m, DateMetrics)]
    if dates:
        table = _table(
            "property", "type", "count", "earliest", "latest", "span", "median", "mode",
            right=("count",),
        )  # fmt: skip
        for d in dates:
            table.add_row(
                Text(safe_text(d.name)),
                Text(safe_text(d.data_type)),
                _count(d.count),
                *(_cell(v) for v in (d.minimum, d.maximum)),
                Text(format_span(d.span)),
                *(_cell(v) for v in (d.median, d.mode)),
            )
        parts.append(table)
    booleans = [m for m in result.properties if isinstance(m, BooleanMetrics)]
    if booleans:
        table = _table(
            "property", "type", "count", "true", "false", "% true", "bar",
            right=("count", "true", "false", "% true"),
        )  # fmt: skip
        for b in booleans:
            length = (b.percentage_true or 0.0) / 100
            table.add_row(
                Text(safe_text(b.name)),
                Text(safe_text(b.data_type)),
                *(_count(v) for v in (b.count, b.total_true, b.total_false)),
                Text(format_percentage(b.percentage_true)),
                Text(bar_string(length, BAR_WIDTH), style="cyan"),
            )
        parts.append(table)
    for t in (m for m in result.properties if isinstance(m, TextMetrics)):
        title = f"{safe_text(t.name)} ({safe_text(t.data_type)}, {t.count:,} values): top values"
        if t.top_occurrences:
            parts.append(chart_table(top_occurrences_chart(t), "value", title))
        else:
            parts.append(Text(f"{title}: none", style="dim"))
    if result.group_by is not None:
        parts.append(_groups_table(result))
    parts.extend(_notes(result))
    return Group(*parts)


def _groups_table(result: AggregateResult) -> Table:
    group_by = result.group_by or "group"
    # The group-by property's own metrics say nothing new within its groups.
    names = list(
        dict.fromkeys(
            m.name for g in result.groups for m in g.properties if m.name != result.group_by
        )
    )
    table = _table(
        group_by,
        "count",
        "share",
        "bar",
        *names,
        title=f"groups by {safe_text(group_by)}",
        right=("count", "share"),
    )
    chart = groups_chart(result)
    for group, bar in zip(result.groups, chart.bars, strict=True):
        by_name = {m.name: m for m in group.properties}
        table.add_row(
            Text(safe_text(bar.label, LABEL_WIDTH)),
            Text(f"{group.count or 0:,}"),
            Text(format_percentage(100 * bar.fraction)),
            Text(bar_string(bar.length, BAR_WIDTH), style="cyan"),
            *(
                Text(safe_text(summary(by_name[n]), LABEL_WIDTH)) if n in by_name else Text("")
                for n in names
            ),
        )
    return table


def _notes(result: AggregateResult) -> list[Text]:
    return [Text(n, style="dim") for n in aggregate_notes(result, "--groups N shows more")]
