"""Compare: BM25, vector and hybrid at each alpha side by side; an object's rank in every list
and its explain-score breakdown."""

from __future__ import annotations

import asyncio

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Button, DataTable, Input, Label, Select, Static

from explorer.core.base.errors import ExplorerError
from explorer.core.base.formatting import safe_multiline, safe_text
from explorer.core.base.models import CollectionConfig
from explorer.core.lab.compare import (
    CompareRequest,
    CompareResult,
    object_marks,
    parse_alphas,
    plan_compare,
    relevance_text,
    run_compare,
    title_of,
)
from explorer.core.query.requests import MAX_LIMIT, SearchRequest
from explorer.tui import workers
from explorer.tui.lab.form_view import NO_COLLECTION, FormLabView
from explorer.tui.widgets.explorer_lists import ExplorerSelect
from explorer.tui.widgets.explorer_table import ExplorerTable
from explorer.tui.widgets.loading_later import loading_later
from explorer.tui.widgets.target_picker import TargetPicker
from explorer.tui.widgets.text_input import TextInput

DEFAULT_ALPHAS = "0,0.25,0.5,0.75,1"
TITLE_WIDTH = 22


def checked_limit(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= MAX_LIMIT:
        raise ExplorerError(
            "Invalid limit", f"{text!r}: the limit is a whole number from 1 to {MAX_LIMIT:,}"
        )
    return int(text)


def compare_rows(result: CompareResult, config: CollectionConfig) -> list[tuple[Text, ...]]:
    """One row per rank: each list's object there, as its mark and title."""
    marks = object_marks(result)
    depth = max((len(m.objects) for m in result.modes), default=0)
    rows = []
    for rank in range(depth):
        cells = [Text(str(rank + 1), justify="right")]
        for mode in result.modes:
            record = mode.objects[rank] if rank < len(mode.objects) else None
            cells.append(
                Text(f"{marks[record.uuid]} {safe_text(title_of(record, config), TITLE_WIDTH)}")
                if record
                else Text("")
            )
        rows.append(tuple(cells))
    return rows


def object_report(result: CompareResult, uuid: str, config: CollectionConfig | None) -> Text:
    """The object's rank in every list, then each list's explain-score for it (literal)."""
    records = result.records_of(uuid)
    any_record = next(iter(records.values()))
    marks = object_marks(result)
    lines = [
        f"{marks[uuid]} · {safe_text(title_of(any_record, config), 60)} · {uuid}",
        "Rank: "
        + " · ".join(f"{label} {rank or '—'}" for label, rank in result.ranks_of(uuid).items()),
    ]
    for label, record in records.items():
        explain = safe_multiline((record.explain_score or "").strip()) or relevance_text(record)
        lines.append(f"[{label}] {explain}")
    return Text("\n".join(lines))


class CompareView(FormLabView):
    DEFAULT_CSS = """
    CompareView #compare-lists { height: 1fr; }
    CompareView #compare-overlap { height: auto; max-height: 6; padding: 0 1; }
    CompareView #compare-object {
        height: auto; max-height: 14; padding: 0 1; border: round $secondary;
    }
    CompareView #compare-object.empty { display: none; }
    """
    WHAT = "compare"

    def __init__(self) -> None:
        super().__init__(id="lab-compare-view")
        self.result: CompareResult | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="lab-form"):
            yield Label("Query text")
            yield TextInput(compact=True, placeholder="what to search for", id="compare-text")
            yield Label("Alphas (hybrid)")
            yield TextInput(DEFAULT_ALPHAS, compact=True, id="compare-alphas")
            yield TargetPicker(label="Target vectors (space ticks)", id="compare-targets")
            yield Label("Fusion")
            yield ExplorerSelect(
                [("ranked", "ranked"), ("relative score", "relative")],
                prompt="(default)",
                compact=True,
                id="compare-fusion",
            )
            yield Label("Limit (K)")
            yield TextInput("10", compact=True, id="compare-limit", type="integer")
            yield Label("Where")
            yield TextInput(compact=True, placeholder="year > 2000", id="compare-where")
            yield Button("Compare (ctrl+r)", classes="lab-run", variant="primary")
        with Vertical(classes="lab-results"):
            yield Static(NO_COLLECTION, id="compare-summary", classes="lab-summary")
            yield ExplorerTable(id="compare-lists", cursor_type="cell")
            yield Static("", id="compare-overlap")
            yield Static("", id="compare-object", classes="empty")

    def collection_shown(self, config: CollectionConfig, same: bool) -> None:
        if not same:
            self.query_one(TargetPicker).set_vectors(config)

    def reset(self, summary: str) -> None:
        self.result = None
        self.query_one("#compare-lists", ExplorerTable).clear(columns=True)
        self.query_one("#compare-summary", Static).update(Text(summary))
        self.query_one("#compare-overlap", Static).update("")
        self.query_one("#compare-object", Static).add_class("empty")

    def results_widget(self) -> str:
        return "#compare-lists"

    def build_request(self) -> CompareRequest:
        from explorer.core.where.parser import parse_where

        assert self.config is not None
        text = self.query_one("#compare-text", Input).value.strip()
        where = self.query_one("#compare-where", Input).value.strip()
        fusion = self.query_one("#compare-fusion", Select)
        target, multi = self.query_one(TargetPicker).chosen()
        return CompareRequest(
            self.config.name,
            text,
            alphas=parse_alphas(self.query_one("#compare-alphas", Input).value or DEFAULT_ALPHAS),
            target_vector=target,
            multi_target=multi,
            limit=checked_limit(self.query_one("#compare-limit", Input).value.strip() or "10"),
            filters=parse_where(where, self.config) if where else None,
            tenant=self.session.current_tenant if self.session else None,
            fusion=None if fusion.is_blank() else str(fusion.value),
        )

    def start(self) -> None:
        assert self.config is not None
        request = self.build_request()
        plans, _notes = plan_compare(self.config, request)  # refuses bad input before any call
        self.run_compare(request, tuple((plan.label, plan.request) for plan in plans))

    @work(exclusive=True, group=workers.LAB, exit_on_error=False)
    async def run_compare(
        self, request: CompareRequest, searches: tuple[tuple[str, SearchRequest], ...]
    ) -> None:
        assert self.session is not None and self.config is not None
        config = self.config
        table = self.query_one("#compare-lists", ExplorerTable)
        summary = self.query_one("#compare-summary", Static)
        summary.update(Text(f"Comparing {len(searches)} lists on {safe_text(config.name)}…"))
        with loading_later(table):
            try:
                result = await run_compare(self.session, request)
            except ExplorerError as exc:
                self.reset(f"{exc.title}: {safe_text(exc.message)}")
                raise
        self.result = result
        rows = await asyncio.to_thread(compare_rows, result, config)
        self.last_searches = searches
        table.clear(columns=True)
        table.add_column("#", key="rank")
        for mode in result.modes:
            table.add_column(mode.plan.label, key=mode.plan.label)
        table.add_rows(rows)
        notes = "".join(f" · {note}" for note in result.notes)
        summary.update(
            Text(
                f"{request.text!r}: {len(result.modes)} lists of up to {request.limit}"
                f"{notes} · move to an object to see its ranks"
            )
        )
        overlap = "  ".join(f"{pair} {value:.2f}" for pair, value in result.overlap.items())
        self.query_one("#compare-overlap", Static).update(
            Text(f"overlap@{request.limit} (Jaccard): {overlap}")
        )

    def highlighted_uuid(self) -> str | None:
        table = self.query_one("#compare-lists", ExplorerTable)
        if self.result is None or table.row_count == 0:
            return None
        row, column = table.cursor_coordinate
        if column == 0:
            column = 1
        modes = self.result.modes
        if not 0 < column <= len(modes) or row >= len(modes[column - 1].objects):
            return None
        return modes[column - 1].objects[row].uuid

    @on(DataTable.CellHighlighted, "#compare-lists")
    def cell_highlighted(self) -> None:
        panel = self.query_one("#compare-object", Static)
        uuid = self.highlighted_uuid()
        if uuid is None or self.result is None:
            panel.add_class("empty")
            return
        panel.update(object_report(self.result, uuid, self.config))
        panel.remove_class("empty")

    @on(DataTable.CellSelected, "#compare-lists")
    def cell_selected(self, event: DataTable.CellSelected) -> None:
        event.stop()
        self.action_open_result()
