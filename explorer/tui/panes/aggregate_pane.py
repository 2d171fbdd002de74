"""Aggregate the current collection: the total, metrics per property type, groups, bar charts.

It uses the session's tenant and, when the objects pane has a filter, offers that filter.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.reactive import var
from textual.widgets import Button, Input, Label, Select, SelectionList, Static
from textual.worker import Worker

from explorer.core.base.errors import ExplorerError
from explorer.core.base.formatting import format_count, safe_text
from explorer.core.base.models import (
    AggregateResult,
    BooleanMetrics,
    CollectionConfig,
    DateMetrics,
    NumberMetrics,
    TextMetrics,
)
from explorer.core.client.session import ExplorerSession
from explorer.core.query.aggregate_charts import (
    bar_string,
    format_metric,
    format_percentage,
    format_span,
    groups_chart,
    heading,
    property_charts,
    summary,
)
from explorer.core.query.aggregate_notes import aggregate_notes
from explorer.core.query.aggregation import GROUPABLE_TYPES, METRIC_KINDS
from explorer.core.query.requests import (
    DEFAULT_GROUP_LIMIT,
    DEFAULT_TOP_OCCURRENCES,
    AggregateRequest,
)
from explorer.core.store.recorded import run_recorded
from explorer.core.where.examples import GENERIC_FILTER, filter_example
from explorer.tui import workers
from explorer.tui.bindings import AGGREGATE_BINDINGS
from explorer.tui.errors import guarded, report_worker_state, show_error
from explorer.tui.messages import CancelRequested
from explorer.tui.widgets.bar_chart import BarChartView
from explorer.tui.widgets.explorer_lists import ExplorerSelect, ExplorerSelectionList
from explorer.tui.widgets.explorer_table import ExplorerTable
from explorer.tui.widgets.loading_later import loading_later
from explorer.tui.widgets.text_input import TextInput
from explorer.tui.workers import cancel_workers_of, reads_in_flight

CELL_WIDTH = 32
GROUP_BAR_WIDTH = 16
#: Section id -> its title; each section is a title and a table, hidden while empty.
SECTIONS = {
    "numbers": "Numbers",
    "dates": "Dates",
    "booleans": "Booleans",
    "texts": "Text",
    "groups": "Groups",
}


def _right(value: object) -> Text:
    return Text(safe_text(format_metric(value), CELL_WIDTH), justify="right")


def _count(count: int | None) -> Text:
    return Text(format_count(count), justify="right")


def _name(value: object) -> Text:
    return Text(safe_text(value, CELL_WIDTH))


def _whole_number(text: str, what: str, default: int) -> int:
    if not text:
        return default
    if not text.isdigit() or int(text) < 1:
        raise ExplorerError(f"Invalid {what}", f"{text!r}: the {what} is a whole number from 1")
    return int(text)


class AggregatePane(Horizontal):
    DEFAULT_CSS = """
    AggregatePane { height: 1fr; }
    AggregatePane #aggregate-form { width: 38; padding: 0 1; border-right: solid $primary; }
    AggregatePane #aggregate-form Label { color: $text-muted; }
    AggregatePane #aggregate-form Input, AggregatePane #aggregate-form Select { width: 100%; }
    AggregatePane #aggregate-properties { height: auto; max-height: 12; }
    AggregatePane #aggregate-results { width: 1fr; padding: 0 1; }
    AggregatePane #aggregate-summary { height: auto; }
    AggregatePane .section { height: auto; }
    AggregatePane .section.hidden { display: none; }
    AggregatePane .section-title { text-style: bold; margin-top: 1; }
    AggregatePane .section ExplorerTable { height: auto; max-height: 16; }
    AggregatePane #aggregate-charts { height: auto; }
    AggregatePane #aggregate-notes { height: auto; color: $text-muted; margin-top: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = list(AGGREGATE_BINDINGS)
    #: The app's session (bound in the app's compose).
    session: var[ExplorerSession | None] = var(None)

    def __init__(self) -> None:
        super().__init__(id="aggregate-pane")
        self.config: CollectionConfig | None = None
        self.result: AggregateResult | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="aggregate-form"):
            yield Label("Properties (none chosen = all)")
            yield ExplorerSelectionList(id="aggregate-properties", compact=True)
            yield Label("Group by")
            yield ExplorerSelect([], prompt="(no grouping)", compact=True, id="aggregate-group-by")
            yield Label("Where")
            yield TextInput(
                compact=True,
                placeholder=GENERIC_FILTER,
                id="aggregate-where",
            )
            yield Label("Top values per text property")
            yield TextInput(
                str(DEFAULT_TOP_OCCURRENCES), compact=True, type="integer", id="aggregate-top"
            )
            yield Label("Groups (largest first)")
            yield TextInput(
                str(DEFAULT_GROUP_LIMIT), compact=True, type="integer", id="aggregate-group-limit"
            )
            yield Button("Run (ctrl+r)", id="aggregate-run", variant="primary")
        with VerticalScroll(id="aggregate-results"):
            yield Static(
                "Pick a collection (1), choose properties, press ctrl+r.", id="aggregate-summary"
            )
            for key, title in SECTIONS.items():
                with Vertical(id=f"aggregate-{key}-section", classes="section hidden"):
                    yield Label(title, classes="section-title")
                    yield ExplorerTable(id=f"aggregate-{key}")
                if key == "texts":
                    yield Vertical(id="aggregate-charts")
            yield Static("", id="aggregate-notes")

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_worker_state(self.app, event.worker, event.state)
        if event.state.name == "CANCELLED":
            self.query_one("#aggregate-summary", Static).update("Aggregate cancelled.")

    # -- attributes down ---------------------------------------------------------------------

    def watch_session(self, old: ExplorerSession | None, new: ExplorerSession | None) -> None:
        """Another connection: the old server's collection, form and numbers go."""
        if old is None or old is new:
            return
        cancel_workers_of(self)
        self.config, self.result = None, None
        self.query_one("#aggregate-properties", SelectionList).clear_options()
        self.query_one("#aggregate-group-by", Select).set_options([])
        self.query_one("#aggregate-where", Input).value = ""
        self._clear_result(Text("Pick a collection (1), choose properties, press ctrl+r."))

    def _clear_result(self, summary: Text) -> None:
        """No numbers, and ``summary`` instead."""
        self.result = None
        for key in SECTIONS:
            self.query_one(f"#aggregate-{key}-section").add_class("hidden")
        self.query_one("#aggregate-charts", Vertical).remove_children()
        self.query_one("#aggregate-notes", Static).update("")
        self.query_one("#aggregate-summary", Static).update(summary)

    def show_collection(self, config: CollectionConfig) -> None:
        # The same collection again (a reconnect, a re-open, a schema change) keeps the form.
        same_collection = self.config is not None and self.config.name == config.name
        self.config = config
        self.query_one("#aggregate-where", Input).placeholder = filter_example(config)
        properties = self.query_one("#aggregate-properties", SelectionList)
        group_by = self.query_one("#aggregate-group-by", Select)
        chosen = set(properties.selected) if same_collection else set()
        grouped = group_by.value if same_collection and not group_by.is_blank() else None
        properties.clear_options()
        properties.add_options(
            (Text(f"{safe_text(p.name)}  ({safe_text(p.data_type)})"), p.name, p.name in chosen)
            for p in config.properties
            if p.data_type in METRIC_KINDS
        )
        groupable = [p.name for p in config.properties if p.data_type in GROUPABLE_TYPES]
        group_by.set_options((Text(safe_text(name)), name) for name in groupable)
        if grouped in groupable:
            group_by.value = grouped
        if same_collection:
            return
        self.query_one("#aggregate-where", Input).value = ""
        # the last collection's numbers go with it
        self._clear_result(Text(f"Aggregating {safe_text(config.name)}: ctrl+r runs."))

    def offer_filter(self, where: str) -> None:
        """The objects pane's filter, unless this pane already has one of its own."""
        field = self.query_one("#aggregate-where", Input)
        if where and not field.value.strip():
            field.value = where

    # -- building the request ------------------------------------------------------------------

    def build_request(self) -> AggregateRequest:
        if self.config is None or self.session is None:
            raise ExplorerError("No collection", "pick a collection first (press 1)")
        from explorer.core.where.parser import parse_where

        group_select = self.query_one("#aggregate-group-by", Select)
        where = self.query_one("#aggregate-where", Input).value.strip()
        return AggregateRequest(
            collection=self.config.name,
            metrics=tuple(self.query_one("#aggregate-properties", SelectionList).selected),
            group_by=None if group_select.is_blank() else str(group_select.value),
            filters=parse_where(where, self.config) if where else None,
            tenant=self.session.current_tenant if self.session else None,
            top_occurrences=_whole_number(
                self.query_one("#aggregate-top", Input).value.strip(),
                "top-values limit",
                DEFAULT_TOP_OCCURRENCES,
            ),
            group_limit=_whole_number(
                self.query_one("#aggregate-group-limit", Input).value.strip(),
                "group limit",
                DEFAULT_GROUP_LIMIT,
            ),
        )

    # -- running -------------------------------------------------------------------------------

    @on(Input.Submitted)
    @on(Button.Pressed, "#aggregate-run")
    @guarded
    def submitted(self, event: Message) -> None:
        event.stop()
        self.action_run_aggregate()

    @guarded
    def action_run_aggregate(self) -> None:
        try:
            request = self.build_request()
        except ExplorerError as exc:
            show_error(self.app, exc)
            return
        self.run_aggregate(request)

    @work(exclusive=True, group=workers.AGGREGATE, exit_on_error=False)
    async def run_aggregate(self, request: AggregateRequest) -> None:
        assert self.session is not None
        summary_line = self.query_one("#aggregate-summary", Static)
        summary_line.update(Text(f"Aggregating {safe_text(request.collection)}…"))
        results = self.query_one("#aggregate-results", VerticalScroll)
        with loading_later(results):
            try:
                result = await run_recorded(self.session, request, front_end="tui")
            except ExplorerError as exc:
                self._clear_result(Text(f"{exc.title}: {safe_text(exc.message)} · no results"))
                raise
        self.result = result
        await self._show_result(result)

    async def _show_result(self, result: AggregateResult) -> None:
        self.query_one("#aggregate-summary", Static).update(Text(heading(result), style="bold"))
        self._fill_numbers(result)
        self._fill_dates(result)
        self._fill_booleans(result)
        self._fill_texts(result)
        self._fill_groups(result)
        chart_box = self.query_one("#aggregate-charts", Vertical)
        await chart_box.remove_children()
        await chart_box.mount_all(
            BarChartView(chart, id=f"aggregate-chart-{index}")
            for index, chart in enumerate(property_charts(result))
            if chart.bars
        )
        self.query_one("#aggregate-notes", Static).update(Text("\n".join(_notes(result))))

    def _section(
        self, key: str, headers: tuple[str, ...], rows: Sequence[tuple[Text, ...]]
    ) -> None:
        self.query_one(f"#aggregate-{key}-section").set_class(not rows, "hidden")
        table = self.query_one(f"#aggregate-{key}", ExplorerTable)
        table.clear(columns=True)
        for index, header in enumerate(headers):
            table.add_column(Text(safe_text(header, CELL_WIDTH)), key=f"c{index}")
        table.add_rows(rows)

    def _fill_numbers(self, result: AggregateResult) -> None:
        rows = [
            (
                _name(m.name),
                _name(m.data_type),
                _count(m.count),
                *(_right(v) for v in (m.minimum, m.maximum, m.mean, m.median, m.mode)),
                _right(m.sum),
            )
            for m in result.properties
            if isinstance(m, NumberMetrics)
        ]
        headers = ("property", "type", "count", "min", "max", "mean", "median", "mode", "sum")
        self._section("numbers", headers, rows)

    def _fill_dates(self, result: AggregateResult) -> None:
        rows = [
            (
                _name(d.name),
                _name(d.data_type),
                _count(d.count),
                _name(format_metric(d.minimum)),
                _name(format_metric(d.maximum)),
                Text(format_span(d.span)),
                _name(format_metric(d.median)),
                _name(format_metric(d.mode)),
            )
            for d in result.properties
            if isinstance(d, DateMetrics)
        ]
        headers = ("property", "type", "count", "earliest", "latest", "span", "median", "mode")
        self._section("dates", headers, rows)

    def _fill_booleans(self, result: AggregateResult) -> None:
        rows = [
            (
                _name(b.name),
                _name(b.data_type),
                _count(b.count),
                _count(b.total_true),
                _count(b.total_false),
                Text(format_percentage(b.percentage_true), justify="right"),
                Text(format_percentage(b.percentage_false), justify="right"),
            )
            for b in result.properties
            if isinstance(b, BooleanMetrics)
        ]
        headers = ("property", "type", "count", "true", "false", "% true", "% false")
        self._section("booleans", headers, rows)

    def _fill_texts(self, result: AggregateResult) -> None:
        rows = []
        for t in result.properties:
            if not isinstance(t, TextMetrics):
                continue
            top = t.top_occurrences[0] if t.top_occurrences else None
            rows.append(
                (
                    _name(t.name),
                    _name(t.data_type),
                    _count(t.count),
                    _name(top.value if top else "—"),
                    _count(top.count if top else None),
                )
            )
        self._section("texts", ("property", "type", "values", "most frequent", "×"), rows)

    def _fill_groups(self, result: AggregateResult) -> None:
        if result.group_by is None:
            self._section("groups", (), [])
            return
        names = list(
            dict.fromkeys(
                m.name for g in result.groups for m in g.properties if m.name != result.group_by
            )
        )
        rows = []
        for group, bar in zip(result.groups, groups_chart(result).bars, strict=True):
            by_name = {m.name: m for m in group.properties}
            rows.append(
                (
                    _name(bar.label),
                    _count(group.count),
                    Text(format_percentage(100 * bar.fraction), justify="right"),
                    Text(bar_string(bar.length, GROUP_BAR_WIDTH)),
                    *(_name(summary(by_name[n]) if n in by_name else "") for n in names),
                )
            )
        headers = (result.group_by, "count", "share", "bar", *names)
        self._section("groups", headers, rows)

    # -- keys ----------------------------------------------------------------------------------

    @guarded
    def action_escape(self) -> None:
        """Esc cancels a running aggregate; otherwise it leaves the form, so 1-5 work again."""
        if reads_in_flight(self.app.workers):
            self.post_message(CancelRequested())
        else:
            self.query_one("#aggregate-results", VerticalScroll).focus()


def _notes(result: AggregateResult) -> list[str]:
    return aggregate_notes(result, "raise “Groups” to see them")
