"""RAG: the retrieved objects, the exact prompt each generation received, the grouped task with
its context as sent, and what a reranker changes in the context."""

from __future__ import annotations

import asyncio
from dataclasses import replace

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Button, DataTable, Input, Label, Select, Static

from explorer.core.base.errors import ExplorerError
from explorer.core.base.formatting import safe_multiline, safe_text
from explorer.core.base.models import CollectionConfig
from explorer.core.lab.compare import relevance_text, title_of
from explorer.core.lab.rag import (
    RAG_MODES,
    RagMode,
    RagRequest,
    RagResult,
    pool_size,
    rag_search,
    run_rag,
    task_alternative,
    task_heading,
)
from explorer.core.query.requests import SearchRequest
from explorer.tui import workers
from explorer.tui.lab.compare_view import checked_limit
from explorer.tui.lab.form_view import NO_COLLECTION, FormLabView
from explorer.tui.panes.query_pane import parse_vector
from explorer.tui.widgets.explorer_lists import ExplorerSelect
from explorer.tui.widgets.explorer_table import ExplorerTable
from explorer.tui.widgets.loading_later import loading_later
from explorer.tui.widgets.target_picker import TargetPicker
from explorer.tui.widgets.text_input import TextInput

TITLE_WIDTH = 36


def rerank_rows(result: RagResult, config: CollectionConfig) -> list[tuple[Text, ...]]:
    """The pool without and with the reranker, side by side; ``·`` marks the context's end."""
    rerank = result.rerank
    if rerank is None:
        return []
    rows = []
    for rank in range(max(len(rerank.before), len(rerank.after))):
        cells = [Text(f"{rank + 1}{' ·' if rank + 1 == rerank.limit else ''}")]
        for side in (rerank.before, rerank.after):
            title = title_of(side[rank], config) if rank < len(side) else ""
            cells.append(Text(safe_text(title, TITLE_WIDTH)))
        rows.append(tuple(cells))
    return rows


def context_change(result: RagResult, config: CollectionConfig) -> str:
    rerank = result.rerank
    if rerank is None:
        return ""
    titles = {r.uuid: title_of(r, config) for r in (*rerank.before, *rerank.after)}

    def names(uuids: tuple[str, ...]) -> str:
        return ", ".join(safe_text(titles[u], TITLE_WIDTH) for u in uuids) or "nothing"

    return (
        f"Rerank at limit {rerank.limit} (pool of {len(rerank.before)}): "
        f"context gained {names(rerank.gained)} · lost {names(rerank.lost)}"
    )


class RagView(FormLabView):
    DEFAULT_CSS = """
    RagView #rag-objects { height: 1fr; min-height: 4; }
    RagView #rag-prompt-sent, RagView #rag-task-sent {
        height: auto; max-height: 10; padding: 0 1; border: round $secondary;
    }
    RagView #rag-rerank-order { height: auto; max-height: 12; }
    RagView .empty { display: none; }
    """
    WHAT = "rag"

    def __init__(self) -> None:
        super().__init__(id="lab-rag-view")
        self.result: RagResult | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="lab-form"):
            yield Label("Retrieve by")
            yield ExplorerSelect(
                [(mode, mode) for mode in RAG_MODES],
                value="hybrid",
                allow_blank=False,
                compact=True,
                id="rag-mode",
            )
            yield Label("Query (text, vector or uuid)")
            yield TextInput(compact=True, placeholder="what to retrieve", id="rag-query")
            yield TargetPicker(label="Target vectors (space ticks)", id="rag-targets")
            yield Label("Prompt per object ({property})")
            yield TextInput(compact=True, placeholder="Explain {title}", id="rag-prompt")
            yield Label("Grouped task")
            yield TextInput(compact=True, placeholder="Summarise these", id="rag-task")
            yield Label("Context properties (a,b)")
            yield TextInput(compact=True, placeholder="every text-able one", id="rag-context")
            yield Label("Rerank by property")
            yield TextInput(compact=True, placeholder="(off)", id="rag-rerank")
            yield Label("Limit")
            yield TextInput("5", compact=True, id="rag-limit", type="integer")
            yield Label("Rerank pool")
            yield TextInput(compact=True, placeholder="2 × limit", id="rag-pool", type="integer")
            yield Button("Run RAG (ctrl+r)", classes="lab-run", variant="primary")
        with Vertical(classes="lab-results"):
            yield Static(NO_COLLECTION, id="rag-summary", classes="lab-summary")
            yield ExplorerTable(id="rag-objects")
            yield Static("", id="rag-prompt-sent", classes="empty")
            yield Static("", id="rag-task-sent", classes="empty")
            yield ExplorerTable(id="rag-rerank-order", classes="empty")
            yield Static("", id="rag-context-change", classes="lab-summary")

    def collection_shown(self, config: CollectionConfig, same: bool) -> None:
        if not same:
            self.query_one(TargetPicker).set_vectors(config)

    def reset(self, summary: str) -> None:
        self.result = None
        self.query_one("#rag-objects", ExplorerTable).clear(columns=True)
        self.query_one("#rag-rerank-order", ExplorerTable).clear(columns=True)
        self.query_one("#rag-rerank-order", ExplorerTable).add_class("empty")
        self.query_one("#rag-summary", Static).update(Text(summary))
        self.query_one("#rag-context-change", Static).update("")
        for panel in ("#rag-prompt-sent", "#rag-task-sent"):
            self.query_one(panel, Static).add_class("empty")

    def results_widget(self) -> str:
        return "#rag-objects"

    def _value(self, widget_id: str) -> str:
        return self.query_one(f"#{widget_id}", Input).value.strip()

    def build_request(self) -> RagRequest:
        assert self.config is not None
        mode: RagMode = self.query_one("#rag-mode", Select).value  # type: ignore[assignment]
        query = self._value("rag-query")
        target, multi = self.query_one(TargetPicker).chosen()
        context = tuple(p.strip() for p in self._value("rag-context").split(",") if p.strip())
        pool = self._value("rag-pool")
        return RagRequest(
            self.config.name,
            mode,
            text=query if mode in ("hybrid", "bm25") else None,
            vector=parse_vector(query) if mode == "near_vector" else None,
            object_id=query if mode == "near_object" else None,
            prompt=self._value("rag-prompt") or None,
            task=self._value("rag-task") or None,
            context_properties=context or None,
            rerank_property=self._value("rag-rerank") or None,
            limit=checked_limit(self._value("rag-limit") or "5"),
            pool=checked_limit(pool) if pool else None,
            target_vector=target,
            multi_target=multi,
            tenant=self.session.current_tenant if self.session else None,
        )

    def start(self) -> None:
        assert self.config is not None
        request = self.build_request()
        if request.mode in ("hybrid", "bm25") and not request.text:
            raise ExplorerError("Query text needed", f"{request.mode} needs text to search for")
        if request.mode == "near_object" and not request.object_id:
            raise ExplorerError("Object needed", "near_object needs the uuid of an object")
        search = rag_search(self.config, request)  # refuses bad input before any call
        searches: list[tuple[str, SearchRequest]] = [("rag", search)]
        if search.rerank is not None:
            pool = replace(search, generate=None, limit=pool_size(request))
            searches += [("without rerank", replace(pool, rerank=None)), ("with rerank", pool)]
        self.run_rag(request, tuple(searches))

    @work(exclusive=True, group=workers.LAB, exit_on_error=False)
    async def run_rag(
        self, request: RagRequest, searches: tuple[tuple[str, SearchRequest], ...]
    ) -> None:
        assert self.session is not None and self.config is not None
        config = self.config
        table = self.query_one("#rag-objects", ExplorerTable)
        self.query_one("#rag-summary", Static).update(
            Text(f"Retrieving and generating on {safe_text(config.name)}…")
        )
        with loading_later(table):
            try:
                if request.mode == "near_vector" and request.vector is not None:
                    from explorer.core.query.vector_dimensions import check_query_vector_targets

                    await check_query_vector_targets(
                        self.session,
                        config.name,
                        request.vector,
                        request.target_vector,
                        request.multi_target.targets if request.multi_target else None,
                        request.tenant,
                    )
                result = await run_rag(self.session, request)
            except ExplorerError as exc:
                self.reset(f"{exc.title}: {safe_text(exc.message)}")
                raise
        rows, rerank = await asyncio.to_thread(
            lambda: (self._object_rows(result, config), rerank_rows(result, config))
        )
        self.result, self.last_searches = result, searches
        self._show(result, rows, rerank, config)

    @staticmethod
    def _object_rows(result: RagResult, config: CollectionConfig) -> list[tuple[Text, ...]]:
        return [
            (
                Text(str(rank), justify="right"),
                Text(safe_text(title_of(record, config), TITLE_WIDTH)),
                Text(relevance_text(record)),
                Text("" if record.rerank_score is None else f"{record.rerank_score:.4g}"),
                Text(safe_text(record.generated or "", TITLE_WIDTH)),
            )
            for rank, record in enumerate(result.objects, start=1)
        ]

    def _show(
        self,
        result: RagResult,
        rows: list[tuple[Text, ...]],
        rerank: list[tuple[Text, ...]],
        config: CollectionConfig,
    ) -> None:
        table = self.query_one("#rag-objects", ExplorerTable)
        table.clear(columns=True)
        for key in ("#", "title", "score", "rerank", "generated"):
            table.add_column(key, key=key)
        table.add_rows(rows)
        self.query_one("#rag-summary", Static).update(
            Text(
                f"{len(result.objects)} objects · {result.search.kind} on "
                f"{safe_text(config.name)} · move to an object to see the prompt it was sent"
            )
        )
        task = self.query_one("#rag-task-sent", Static)
        task.set_class(result.task_prompt is None, "empty")
        alternative = task_alternative(result)
        task.update(
            Text(
                task_heading(result)
                + "\n"
                + safe_multiline(result.task_prompt or "")
                + (
                    "\n\nOr, in the reranked order:\n" + safe_multiline(alternative)
                    if alternative is not None
                    else ""
                )
                + "\n\nAnswer:\n"
                + safe_multiline(result.grouped_answer or "")
            )
        )
        rerank_table = self.query_one("#rag-rerank-order", ExplorerTable)
        rerank_table.clear(columns=True)
        rerank_table.set_class(not rerank, "empty")
        if rerank:
            for key in ("#", "without rerank", "with rerank"):
                rerank_table.add_column(key, key=key)
            rerank_table.add_rows(rerank)
        self.query_one("#rag-context-change", Static).update(Text(context_change(result, config)))
        self._show_prompt(0)

    def highlighted_uuid(self) -> str | None:
        table = self.query_one("#rag-objects", ExplorerTable)
        if self.result is None or not self.result.objects or table.row_count == 0:
            return None
        return self.result.objects[min(table.cursor_row, len(self.result.objects) - 1)].uuid

    def _show_prompt(self, row: int) -> None:
        panel = self.query_one("#rag-prompt-sent", Static)
        result = self.result
        if result is None or row >= len(result.objects) or result.prompts[row] is None:
            panel.add_class("empty")
            return
        record = result.objects[row]
        panel.update(
            Text(
                f"Prompt sent for result {row + 1}:\n"
                + safe_multiline(result.prompts[row] or "")
                + "\n\nGenerated:\n"
                + safe_multiline(record.generated or "")
            )
        )
        panel.remove_class("empty")

    @on(DataTable.RowHighlighted, "#rag-objects")
    def row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_prompt(event.cursor_row)

    @on(DataTable.RowSelected, "#rag-objects")
    def row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_result()
