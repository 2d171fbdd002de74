"""Queries: BM25, near-text, near-vector, near-object, hybrid, RAG and rerank, with filters."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.reactive import var
from textual.widgets import Button, DataTable, Input, Label, Select, Static
from textual.worker import Worker

from explorer.core.admin.across_tenants import (
    AcrossTenantsProgress,
    AcrossTenantsResult,
    search_across_tenants,
)
from explorer.core.admin.tenant_patterns import TenantSelector
from explorer.core.base import json_input
from explorer.core.base.errors import ExplorerError, TargetVectorRequired
from explorer.core.base.formatting import format_value, safe_multiline, safe_text
from explorer.core.base.models import CollectionConfig, ObjectRecord, QueryResult, SearchKind
from explorer.core.client.session import ExplorerSession
from explorer.core.query.requests import MAX_LIMIT, GenerateSpec, RerankSpec, SearchRequest
from explorer.core.query.targets import VECTOR_KINDS, automatic_target
from explorer.core.store.recorded import run_recorded
from explorer.core.where.examples import (
    GENERIC_FILTER,
    GENERIC_PROMPT,
    filter_example,
    prompt_example,
)
from explorer.tui import workers
from explorer.tui.bindings import QUERY_BINDINGS
from explorer.tui.code_actions import ask_and_save, open_code_screen
from explorer.tui.errors import guarded, report_worker_state, show_error
from explorer.tui.messages import CancelRequested
from explorer.tui.screen_stack import open_screen
from explorer.tui.widgets.explorer_lists import ExplorerSelect
from explorer.tui.widgets.explorer_table import ExplorerTable
from explorer.tui.widgets.loading_later import loading_later
from explorer.tui.widgets.table_rows import TextRows
from explorer.tui.widgets.target_picker import TargetPicker
from explorer.tui.widgets.text_input import TextInput
from explorer.tui.workers import cancel_workers_of, reads_in_flight

KINDS: list[tuple[str, SearchKind]] = [
    ("Hybrid", "hybrid"),
    ("BM25 (keyword)", "bm25"),
    ("Near text", "near_text"),
    ("Near vector", "near_vector"),
    ("Near object", "near_object"),
    ("Fetch (filter only)", "fetch"),
]
#: Which form fields each kind uses (the always-shown ones are not listed).
FIELDS_BY_KIND: dict[str, set[str]] = {
    "hybrid": {"text", "target", "alpha", "fusion", "properties"},
    "bm25": {"text", "properties"},
    "near_text": {"text", "target"},
    "near_vector": {"vector", "target"},
    "near_object": {"object", "target"},
    "fetch": set(),
}
OPTIONAL_FIELDS = {"text", "vector", "object", "target", "alpha", "fusion", "properties"}
CELL_WIDTH = 36
#: Failed tenants named under the results (the REPL's JSON lists them all).
SHOWN_FAILED_TENANTS = 5


def parse_vector(text: str) -> tuple[float, ...]:
    try:
        values = json_input.loads(text)
    except json.JSONDecodeError as exc:
        raise ExplorerError(
            "Invalid vector",
            f"paste a JSON list of numbers, e.g. [0.1, 0.2]: {exc.msg} at column {exc.colno}",
        ) from exc
    if (
        not isinstance(values, list)
        or not values
        or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in values)
    ):
        raise ExplorerError(
            "Invalid vector", "paste a non-empty JSON list of numbers, e.g. [0.1, 0.2]"
        )
    if not all(json_input.is_finite(v) for v in values):
        raise ExplorerError(
            "Invalid vector", "every number must be finite: NaN and Infinity are not allowed"
        )
    return tuple(float(v) for v in values)


#: Metadata columns: key, title, and how to read the cell from a record.
METADATA_COLUMNS: list[tuple[str, str, Callable[[ObjectRecord], str]]] = [
    ("score", "score", lambda r: "" if r.score is None else f"{r.score:.4f}"),
    ("distance", "distance", lambda r: "" if r.distance is None else f"{r.distance:.4f}"),
    ("rerank", "rerank", lambda r: "" if r.rerank_score is None else f"{r.rerank_score:.4g}"),
    # A glimpse only: the highlighted row's generated text shows in full below the table.
    ("generated", "generated", lambda r: safe_text(r.generated or "", CELL_WIDTH)),
]


@dataclass(frozen=True)
class ResultView:
    """The columns and rows of a result, computed off the loop for big results."""

    metadata: tuple[tuple[str, str], ...]
    properties: tuple[str, ...]
    show_explain: bool
    rows: TextRows
    #: A search across tenants: the second column says whose each result is.
    labelled_by_tenant: bool = False


def result_view(
    result: QueryResult, properties: list[str], tenants: tuple[str, ...] | None = None
) -> ResultView:
    """The object's own properties first, then the metadata columns that have values, then
    explain-score: long metadata (generated text) never pushes the properties off screen.
    With ``tenants`` (one per object), a Tenant column follows the rank."""
    readers = [
        (key, title, read)
        for key, title, read in METADATA_COLUMNS
        if any(read(record) for record in result.objects)
    ]
    show_explain = any(record.explain_score for record in result.objects)
    lines = []
    for index, record in enumerate(result.objects, start=1):
        cells = [str(index)]
        if tenants is not None:
            cells.append(safe_text(tenants[index - 1], CELL_WIDTH))
        values = record.properties
        cells.extend(safe_text(format_value(values.get(p)), CELL_WIDTH) for p in properties)
        cells.extend(read(record) for _key, _title, read in readers)
        if show_explain:
            cells.append(safe_text(record.explain_score or "", CELL_WIDTH * 2))
        lines.append(tuple(cells))
    return ResultView(
        metadata=tuple((key, title) for key, title, _read in readers),
        properties=tuple(properties),
        show_explain=show_explain,
        rows=TextRows(lines, justify=("right",)),
        labelled_by_tenant=tenants is not None,
    )


def _field(
    label: str, widget_id: str, placeholder: str, kind_field: str | None = None
) -> ComposeResult:
    """A label and a compact input; ``kind_field`` names the query kinds' field it belongs to."""
    classes = f"field-{kind_field}" if kind_field else ""
    yield Label(label, classes=classes)
    yield TextInput(compact=True, placeholder=placeholder, id=widget_id, classes=classes)


class QueryPane(Horizontal):
    DEFAULT_CSS = """
    QueryPane { height: 1fr; }
    QueryPane #query-form { width: 38; padding: 0 1; border-right: solid $primary; }
    QueryPane #query-form Label { color: $text-muted; }
    QueryPane #query-form Input, QueryPane #query-form Select { width: 100%; }
    QueryPane .hidden { display: none; }
    QueryPane #query-results { width: 1fr; }
    QueryPane #query-summary { height: auto; padding: 0 1; }
    QueryPane #query-answer { height: auto; max-height: 10; padding: 0 1; border: round $accent; }
    QueryPane #query-answer.empty { display: none; }
    QueryPane #query-table { height: 1fr; }
    QueryPane #query-generated { height: auto; max-height: 8; padding: 0 1; border: round $secondary; }
    QueryPane #query-generated.empty { display: none; }
    QueryPane #query-scope { color: $accent; }
    QueryPane #query-tenants { height: auto; max-height: 6; padding: 0 1; color: $warning; }
    QueryPane #query-tenants.empty { display: none; }
    """
    BINDINGS: ClassVar[list[BindingType]] = list(QUERY_BINDINGS)
    #: The app's session (bound in the app's compose).
    session: var[ExplorerSession | None] = var(None)

    @dataclass
    class ResultOpened(Message):
        collection: str
        uuid: str
        #: The result's tenant when the search ran across tenants (else the session's).
        tenant: str | None = None

    def __init__(self) -> None:
        super().__init__(id="query-pane")
        self.config: CollectionConfig | None = None
        self.result: QueryResult | None = None
        #: The last query run here (for history and saving).
        self.last_request: SearchRequest | None = None
        #: A replayed query that waits for its collection's config.
        self.pending_request: SearchRequest | None = None
        #: The target vector last used on each collection: the form's default next time.
        self.last_targets: dict[str, str] = {}
        #: Search across these tenants instead of the session's one (set by the app).
        self.tenant_scope: TenantSelector | None = None
        #: The tenant of each result of a search across tenants (None for one tenant).
        self.result_tenants: tuple[str, ...] | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="query-form"):
            yield Static("", id="query-scope", classes="hidden")
            yield Label("Kind")
            yield ExplorerSelect(
                KINDS, compact=True, value="hybrid", allow_blank=False, id="query-kind"
            )
            yield from _field("Query text", "query-text", "what to search for", "text")
            yield from _field("Vector (JSON list)", "query-vector", "[0.1, 0.2, …]", "vector")
            yield from _field("Object uuid", "query-object", "uuid to start from", "object")
            yield Label("Target vector", classes="field-target")
            yield ExplorerSelect(
                [], compact=True, prompt="(automatic)", id="query-target", classes="field-target"
            )
            yield TargetPicker(
                label="Or several targets (space ticks)", id="query-targets", classes="field-target"
            )
            yield from _field("Alpha (0 = keyword, 1 = vector)", "query-alpha", "0.75", "alpha")
            yield Label("Fusion", classes="field-fusion")
            yield ExplorerSelect(
                [("ranked", "ranked"), ("relative score", "relative")],
                prompt="(default)",
                compact=True,
                id="query-fusion",
                classes="field-fusion",
            )
            yield from _field(
                "Query properties (a,b)", "query-properties", "all searchable", "properties"
            )
            yield from _field("Where", "query-where", GENERIC_FILTER)
            yield Label("Limit")
            yield TextInput("10", compact=True, id="query-limit", type="integer")
            yield from _field("RAG: prompt per object ({property})", "query-prompt", GENERIC_PROMPT)
            yield from _field("RAG: grouped task", "query-task", "Summarise these results")
            yield from _field("Rerank: property", "query-rerank-property", "property to rerank on")
            yield from _field("Rerank: query", "query-rerank-query", "(optional)")
            yield Button("Run (ctrl+r)", id="query-run", variant="primary")
        with Vertical(id="query-results"):
            yield Static(
                "Pick a collection (1), fill in the form, press Enter.", id="query-summary"
            )
            yield Static("", id="query-answer", classes="empty")
            yield Static("", id="query-tenants", classes="empty")
            yield ExplorerTable(id="query-table")
            yield Static("", id="query-generated", classes="empty")

    def on_mount(self) -> None:
        self._show_fields("hybrid")

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_worker_state(self.app, event.worker, event.state)
        if event.state.name == "CANCELLED":
            self.query_one("#query-summary", Static).update("Query cancelled.")

    # -- attributes down ---------------------------------------------------------------------

    def watch_session(self, old: ExplorerSession | None, new: ExplorerSession | None) -> None:
        """Another connection: the old server's collection and results go."""
        if old is None or old is new:
            return
        cancel_workers_of(self)
        self.config, self.result, self.pending_request = None, None, None
        self.search_across(None)
        self.query_one("#query-target", Select).set_options([])
        self.query_one("#query-table", ExplorerTable).clear(columns=True)
        for panel in ("#query-answer", "#query-generated"):
            self.query_one(panel, Static).update("")
            self.query_one(panel, Static).add_class("empty")
        self.query_one("#query-summary", Static).update(
            "Pick a collection (1), fill in the form, press Enter."
        )

    def show_collection(self, config: CollectionConfig) -> None:
        self.query_one("#query-where", Input).placeholder = filter_example(config)
        self.query_one("#query-prompt", Input).placeholder = prompt_example(config)
        target = self.query_one("#query-target", Select)
        same_collection = self.config is not None and self.config.name == config.name
        chosen = None if target.is_blank() or not same_collection else str(target.value)
        self.config = config
        self.query_one(TargetPicker).set_vectors(config)
        target.set_options((f"{v.name} ({v.vectorizer})", v.name) for v in config.vectors)
        names = [v.name for v in config.vectors] if config.named_vectors else []
        only = names[0] if len(names) == 1 else None
        # The choice on screen stays; else the one last used here; else the only vector.
        for default in (chosen, self.last_targets.get(config.name), only):
            if default in names:
                target.value = default
                break
        self._clear_result(Text(f"Querying {safe_text(config.name)}"))
        pending, self.pending_request = self.pending_request, None
        if pending is not None and pending.collection == config.name:
            self.replay(pending)

    def search_across(self, selector: TenantSelector | None) -> None:
        """Run the next queries across these tenants (None: the session's tenant again)."""
        self.tenant_scope = selector
        scope = self.query_one("#query-scope", Static)
        scope.set_class(selector is None, "hidden")
        if selector is not None:
            scope.update(
                Text(f"Across {safe_text(selector.describe(), 60)} (t: one tenant)", style="bold")
            )

    def run_similar(self, uuid: str, target_vector: str | None) -> None:
        """ "Similar to this": near_object on ``uuid``, on the vector the detail view showed."""
        self.query_one("#query-kind", Select).value = "near_object"
        self.query_one("#query-object", Input).value = uuid
        self._show_fields("near_object")
        target = self.query_one("#query-target", Select)
        names = {v.name for v in self.config.vectors} if self.config is not None else set()
        if target_vector in names:
            target.value = target_vector
        self.query_one("#query-kind", Select).focus()
        self.action_run_query()

    @on(Select.Changed, "#query-kind")
    @guarded
    def kind_changed(self, event: Select.Changed) -> None:
        self._show_fields(str(event.value))

    def _show_fields(self, kind: str) -> None:
        wanted = FIELDS_BY_KIND.get(kind, set())
        for field in OPTIONAL_FIELDS:
            for widget in self.query(f".field-{field}"):
                widget.set_class(field not in wanted, "hidden")
        focused = self.screen.focused
        if focused is not None and focused.has_class("hidden"):
            self.query_one("#query-kind", Select).focus()  # keys never go to a hidden field

    # -- building the request ------------------------------------------------------------------

    def _value(self, widget_id: str) -> str:
        return self.query_one(f"#{widget_id}", Input).value.strip()

    def build_request(self) -> SearchRequest:
        if self.config is None:
            raise ExplorerError("No collection", "pick a collection first (press 1)")
        from explorer.core.where.parser import parse_where

        kind: SearchKind = self.query_one("#query-kind", Select).value  # type: ignore[assignment]
        target_select = self.query_one("#query-target", Select)
        fusion_select = self.query_one("#query-fusion", Select)
        target = None if target_select.is_blank() else str(target_select.value)
        multi = self.query_one(TargetPicker).chosen()[1] if kind in VECTOR_KINDS else None
        fusion = None if fusion_select.is_blank() else str(fusion_select.value)
        limit_text = self._value("query-limit") or "10"
        if not (limit_text.isascii() and limit_text.isdigit()) or not (
            1 <= int(limit_text) <= MAX_LIMIT
        ):
            raise ExplorerError(
                "Invalid limit",
                f"{limit_text!r}: the limit is a whole number from 1 to {MAX_LIMIT:,}",
            )
        alpha_text = self._value("query-alpha")
        alpha = None
        if kind == "hybrid" and alpha_text:
            try:
                alpha = float(alpha_text)
            except ValueError:
                raise ExplorerError(
                    "Invalid alpha", f"{alpha_text!r}: alpha is a number from 0 to 1"
                ) from None
            if not 0 <= alpha <= 1:
                raise ExplorerError("Invalid alpha", f"{alpha}: alpha is a number from 0 to 1")
        where = self._value("query-where")
        prompt, task = self._value("query-prompt"), self._value("query-task")
        rerank_property = self._value("query-rerank-property")
        properties = tuple(
            p.strip() for p in self._value("query-properties").split(",") if p.strip()
        )
        return SearchRequest(
            collection=self.config.name,
            kind=kind,
            text=self._value("query-text") or None,
            vector=parse_vector(self._value("query-vector")) if kind == "near_vector" else None,
            object_id=self._value("query-object") or None,
            target_vector=target if kind in VECTOR_KINDS and multi is None else None,
            multi_target=multi,
            query_properties=properties if kind in ("bm25", "hybrid") and properties else None,
            alpha=alpha,
            fusion=fusion if kind == "hybrid" else None,
            filters=parse_where(where, self.config) if where else None,
            limit=int(limit_text),
            tenant=self.session.current_tenant if self.session else None,
            rerank=RerankSpec(rerank_property, self._value("query-rerank-query") or None)
            if rerank_property
            else None,
            generate=GenerateSpec(prompt or None, task or None) if prompt or task else None,
        )

    # -- running -------------------------------------------------------------------------------

    @on(Input.Submitted)
    @on(Button.Pressed, "#query-run")
    @guarded
    def submitted(self, event: Message) -> None:
        event.stop()
        self.action_run_query()

    @guarded
    def action_run_query(self) -> None:
        try:
            request = self.build_request()
        except ExplorerError as exc:
            show_error(self.app, exc)
            if isinstance(exc, TargetVectorRequired):
                self.query_one("#query-target", Select).focus()
            return
        self.run_query(request)

    @work(exclusive=True, group=workers.QUERY, exit_on_error=False)
    async def run_query(self, request: SearchRequest) -> None:
        assert self.session is not None and self.config is not None
        table = self.query_one("#query-table", ExplorerTable)
        summary = self.query_one("#query-summary", Static)
        summary.update(Text(f"Running {request.kind} on {safe_text(request.collection)}…"))
        if self.tenant_scope is not None:
            await self._run_across_tenants(request, self.tenant_scope)
            return
        with loading_later(table):
            try:
                if request.kind == "near_vector" and request.vector is not None:
                    from explorer.core.query.vector_dimensions import check_query_vector_targets

                    await check_query_vector_targets(
                        self.session,
                        request.collection,
                        request.vector,
                        request.target_vector,
                        request.multi_target.targets if request.multi_target else None,
                        request.tenant,
                    )
                request = await self._with_automatic_target(request)
                result = await run_recorded(self.session, request, front_end="tui")
            except ExplorerError as exc:
                self._clear_result(Text(f"{exc.title}: {safe_text(exc.message)} · no results"))
                if isinstance(exc, TargetVectorRequired):
                    self.query_one("#query-target", Select).focus()
                raise
        if request.target_vector is not None:
            self.last_targets[request.collection] = request.target_vector
        properties = [p.name for p in self.config.properties]
        view = await asyncio.to_thread(result_view, result, properties)
        self.result, self.result_tenants = result, None
        self.last_request = request
        self._show_result(result, view)

    async def _run_across_tenants(self, request: SearchRequest, selector: TenantSelector) -> None:
        """The same search in every tenant of ``selector``, merged; Esc cancels every branch."""
        assert self.session is not None and self.config is not None
        table = self.query_one("#query-table", ExplorerTable)
        summary = self.query_one("#query-summary", Static)

        def progress(update: AcrossTenantsProgress) -> None:
            summary.update(
                Text(
                    f"{request.kind} across tenants: {update.done:,} of {update.total:,} "
                    f"searched, {update.failed:,} failed…"
                )
            )

        summary.update(Text(f"Running {request.kind} across {safe_text(selector.describe())}…"))
        with loading_later(table):
            try:
                across = await search_across_tenants(
                    self.session,
                    await self._with_automatic_target(replace(request, tenant=None)),
                    selector,
                    progress=progress,
                )
            except ExplorerError as exc:
                self._clear_result(Text(f"{exc.title}: {safe_text(exc.message)} · no results"))
                raise
        result = across.as_query_result()
        tenants = tuple(hit.tenant for hit in across.hits)
        properties = [p.name for p in self.config.properties]
        view = await asyncio.to_thread(result_view, result, properties, tenants)
        self.result, self.result_tenants = result, tenants
        self.last_request = None  # history, saving and code take one-tenant queries
        self._show_result(result, view)
        summary.update(Text(safe_text(across.summary())))
        self._show_problems(across)

    def _show_problems(self, across: AcrossTenantsResult) -> None:
        """The tenants that failed, by name with their error, and how many were not searched."""
        panel = self.query_one("#query-tenants", Static)
        failed = [o for o in across.problems if o.status in ("failed", "missing")]
        skipped = len(across.problems) - len(failed)
        lines = [
            f"{safe_text(o.tenant, 40)}: {o.status}: {safe_text(o.detail, 120)}"
            for o in failed[:SHOWN_FAILED_TENANTS]
        ]
        if len(failed) > SHOWN_FAILED_TENANTS:
            lines.append(f"… and {len(failed) - SHOWN_FAILED_TENANTS:,} more failed")
        if skipped:
            lines.append(f"{skipped:,} tenants not searched: they are not ACTIVE")
        panel.set_class(not lines, "empty")
        panel.update(Text("\n".join(lines)))

    async def _with_automatic_target(self, request: SearchRequest) -> SearchRequest:
        """ "(automatic)" as the collection allows: a pasted vector picks the one it fits."""
        config = self.config
        if (
            request.target_vector is not None
            or request.multi_target is not None
            or config is None
            or not config.named_vectors
        ):
            return request
        dimensions = None
        one_tenant = self.tenant_scope is None
        if (
            request.kind == "near_vector"
            and request.vector is not None
            and self.session
            and one_tenant
        ):
            from explorer.core.query.vector_dimensions import vector_dimensions

            dimensions = await vector_dimensions(self.session, request.collection, request.tenant)
        target = automatic_target(
            config,
            request.kind,
            len(request.vector) if request.vector is not None else None,
            dimensions,
        )
        return replace(request, target_vector=target) if target is not None else request

    def _clear_result(self, summary: Text) -> None:
        """No results, and ``summary`` instead: keys on results find nothing to act on."""
        self.result, self.result_tenants = None, None
        self.query_one("#query-table", ExplorerTable).clear(columns=True)
        self.query_one("#query-summary", Static).update(summary)
        for panel in ("#query-answer", "#query-generated", "#query-tenants"):
            self.query_one(panel, Static).add_class("empty")

    def _show_result(self, result: QueryResult, view: ResultView) -> None:
        table = self.query_one("#query-table", ExplorerTable)
        table.clear(columns=True)
        table.add_column("#", key="rank")
        if view.labelled_by_tenant:
            table.add_column("Tenant", key="tenant")
        for name in view.properties:
            table.add_column(safe_text(name, CELL_WIDTH), key=f"p:{name}")
        for key, title in view.metadata:
            table.add_column(title, key=key)
        if view.show_explain:
            table.add_column("explain", key="explain")
        table.add_rows(view.rows)
        self.query_one("#query-summary", Static).update(
            Text(f"{len(result.objects)} results · {result.kind} on {safe_text(result.collection)}")
        )
        self.query_one("#query-tenants", Static).add_class("empty")
        answer = self.query_one("#query-answer", Static)
        answer.set_class(not result.generated, "empty")
        answer.update(Text("Grouped answer: " + safe_multiline(result.generated or "")))
        # Focus stays where the query was run from: the form, to refine it; Esc goes to the rows.

    @on(DataTable.RowHighlighted, "#query-table")
    @guarded
    def row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """The highlighted result's generated text, in full."""
        panel = self.query_one("#query-generated", Static)
        objects = self.result.objects if self.result else ()
        generated = objects[event.cursor_row].generated if event.cursor_row < len(objects) else None
        panel.set_class(not generated, "empty")
        panel.update(Text("Generated: " + safe_multiline(generated or "")))

    @on(DataTable.RowSelected, "#query-table")
    @guarded
    def row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_result()

    @guarded
    def action_escape(self) -> None:
        """Esc cancels a running query; otherwise it leaves the form, so 1-4 work again."""
        if reads_in_flight(self.app.workers):
            self.post_message(CancelRequested())
        else:
            self.query_one("#query-table", ExplorerTable).focus()

    @guarded
    def action_export_results(self) -> None:
        """Export the objects of the current results, in their order, to a file."""
        from explorer.tui.screens.export_screen import ExportScreen

        if self.session is None or self.result is None or not self.result.objects:
            self.notify("Run a query first: there are no results to export.", markup=False)
            return
        if self.result_tenants is not None:
            self.notify(
                "These results come from many tenants: export one tenant at a time (t).",
                markup=False,
            )
            return
        uuids = tuple(record.uuid for record in self.result.objects)
        open_screen(
            self.app,
            ExportScreen(
                self.session, self.result.collection, self.session.current_tenant, uuids=uuids
            ),
        )

    @guarded
    def action_open_result(self) -> None:
        table = self.query_one("#query-table", ExplorerTable)
        if self.result is None or not self.result.objects or table.row_count == 0:
            return
        index = min(table.cursor_row, len(self.result.objects) - 1)
        record = self.result.objects[index]
        tenant = self.result_tenants[index] if self.result_tenants is not None else None
        self.post_message(self.ResultOpened(record.collection, record.uuid, tenant))

    # -- history, saved queries, copy as code ---------------------------------------------------

    def replay(self, request: SearchRequest) -> None:
        """Show ``request`` in the form and run it as it was (the collection must be loaded)."""
        self.fill_form(request)
        self.run_query(request)

    def fill_form(self, request: SearchRequest) -> None:
        from explorer.core.where.parser import format_where

        def put(widget_id: str, value: object) -> None:
            self.query_one(f"#{widget_id}", Input).value = "" if value is None else str(value)

        self.query_one("#query-kind", Select).value = request.kind
        self._show_fields(request.kind)
        put("query-text", request.text)
        put("query-vector", json.dumps(list(request.vector)) if request.vector else None)
        put("query-object", request.object_id)
        target = self.query_one("#query-target", Select)
        if request.target_vector and self.config is not None:
            if request.target_vector in {v.name for v in self.config.vectors}:
                target.value = request.target_vector
        else:
            target.clear()
        self.query_one(TargetPicker).show(request.multi_target)
        fusion = self.query_one("#query-fusion", Select)
        if request.fusion in ("ranked", "relative"):
            fusion.value = request.fusion
        else:
            fusion.clear()
        put("query-alpha", request.alpha)
        put("query-properties", ",".join(request.query_properties or ()))
        try:
            put("query-where", format_where(request.filters) if request.filters else None)
        except ExplorerError:
            put("query-where", None)
        put("query-limit", request.limit)
        generate = request.generate
        put("query-prompt", generate.single_prompt if generate else None)
        put("query-task", generate.grouped_task if generate else None)
        put("query-rerank-property", request.rerank.property if request.rerank else None)
        put("query-rerank-query", request.rerank.query if request.rerank else None)

    def _request_for_action(self) -> SearchRequest | None:
        """The form's query, or the last one run when the form does not make one."""
        if self.tenant_scope is not None:
            self.notify(
                "Code and saved queries are for one tenant: choose one (t) first.", markup=False
            )
            return None
        try:
            return self.build_request()
        except ExplorerError as exc:
            if self.last_request is not None:
                return self.last_request
            show_error(self.app, exc)
            return None

    @guarded
    def action_copy_as_code(self) -> None:
        request = self._request_for_action()
        if request is not None and self.session is not None:
            open_code_screen(self.app, request, self.session, self.config)

    @guarded
    def action_save_query(self) -> None:
        request = self._request_for_action()
        if request is not None:
            ask_and_save(self.app, request)
