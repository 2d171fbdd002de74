"""A horizontal bar chart: one line per bar with its label, bar, count and share."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.widget import Widget

from explorer.core.base.formatting import safe_text
from explorer.core.query.aggregate_charts import BarChart, bar_string, format_percentage

LABEL_WIDTH = 24
BAR_WIDTH = 30


def chart_table(chart: BarChart, bar_width: int = BAR_WIDTH) -> Table:
    """The chart as a Rich grid; labels are server text, so they are inert ``Text``."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, max_width=LABEL_WIDTH)
    grid.add_column(no_wrap=True)
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column(justify="right", no_wrap=True)
    for bar in chart.bars:
        grid.add_row(
            Text(safe_text(bar.label, LABEL_WIDTH)),
            Text(bar_string(bar.length, bar_width), style="bold"),
            Text(f"{bar.value:,.0f}"),
            Text(format_percentage(100 * bar.fraction), style="dim"),
        )
    return grid


class BarChartView(Widget):
    """Draws one :class:`BarChart`, titled on its border."""

    DEFAULT_CSS = """
    BarChartView { height: auto; padding: 0 1; border: round $secondary; }
    """

    def __init__(
        self, chart: BarChart, *, id: str | None = None, bar_width: int = BAR_WIDTH
    ) -> None:
        super().__init__(id=id)
        self.chart = chart
        self.bar_width = bar_width
        self.border_title = safe_text(chart.title)

    def render(self) -> Table:
        return chart_table(self.chart, self.bar_width)
