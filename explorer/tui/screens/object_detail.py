"""One object in full: properties, metadata, references and every named vector."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import DataTable, Sparkline, Static
from textual.worker import Worker

from explorer.core.base.errors import ExplorerError
from explorer.core.base.formatting import (
    format_value,
    pretty_value,
    safe_multiline,
    safe_text,
    to_json,
)
from explorer.core.base.models import CollectionConfig, ObjectRecord, reference_label
from explorer.core.client.session import ExplorerSession
from explorer.core.query.vectors import VectorSummary, summarize
from explorer.tui import workers
from explorer.tui.bindings import DETAIL_BINDINGS
from explorer.tui.errors import guarded, report_worker_state
from explorer.tui.screen_stack import ClosesOnlyItself
from explorer.tui.widgets.explorer_header import ExplorerHeader
from explorer.tui.widgets.explorer_table import ExplorerTable
from explorer.tui.widgets.keys_footer import KeysFooter
from explorer.tui.widgets.loading_later import loading_later


def object_as_dict(record: ObjectRecord) -> dict[str, object]:
    return {
        "uuid": record.uuid,
        "collection": record.collection,
        "properties": dict(record.properties),
        "references": {name: record.reference_data(name) for name in record.references},
        "vectors": {k: list(v) for k, v in record.vectors.items()},
        "metadata": {"creation_time": record.created, "last_update_time": record.updated},
    }


@dataclass(frozen=True)
class PreparedObject:
    """Everything the screen shows, computed off the event loop."""

    record: ObjectRecord
    rows: tuple[tuple[str, str, str], ...]  # name, type, one-line value
    full_values: tuple[str, ...]
    #: Per row: the reference target it shows, (collection, uuid, missing), else None.
    targets: tuple[tuple[str | None, str, bool] | None, ...]
    vectors: tuple[VectorSummary, ...]
    json: str


def prepare(record: ObjectRecord, config: CollectionConfig) -> PreparedObject:
    types = {p.name: p.data_type for p in config.properties}
    rows: list[tuple[str, str, str]] = []
    full: list[str] = []
    targets: list[tuple[str | None, str, bool] | None] = []
    for name, value in record.properties.items():  # already in schema order
        rows.append((name, types.get(name, "?"), format_value(value)))
        full.append(pretty_value(value))
        targets.append(None)
    for name in record.references:  # one row per target: Enter opens it
        for uuid, collection, missing in record.reference_targets(name):
            label = reference_label(uuid, collection, missing)
            rows.append((name, "→ reference", label))
            full.append(label)
            targets.append((collection, uuid, missing))
    return PreparedObject(
        record=record,
        rows=tuple(rows),
        full_values=tuple(full),
        targets=tuple(targets),
        vectors=tuple(summarize(n, v) for n, v in sorted(record.vectors.items())),
        json=to_json(object_as_dict(record)),
    )


def meta_text(record: ObjectRecord) -> Text:
    """The line above the properties: collection, uuid, creation and update times."""
    created = format_value(record.created) if record.created else "?"
    updated = format_value(record.updated) if record.updated else "?"
    return Text(
        f"{safe_text(record.collection)} · uuid {safe_text(record.uuid)} · "
        f"created {safe_text(created)} · updated {safe_text(updated)}"
    )


def property_cells(prepared: PreparedObject) -> list[tuple[Text, Text, Text]]:
    """The rows of the properties table: name, type, one-line value (inert, truncated)."""
    return [
        (Text(safe_text(n, 40)), Text(safe_text(t)), Text(safe_text(v, 60)))
        for n, t, v in prepared.rows
    ]


def vector_label(summary: VectorSummary) -> Text:
    shape = (
        f"{summary.count} × {summary.dimensions}" if summary.count > 1 else f"{summary.dimensions}"
    )
    return Text(
        f"vector {safe_text(summary.name)} · dim {shape} · norm {summary.norm:.4f} · "
        f"min {summary.minimum:.4f} · max {summary.maximum:.4f}"
    )


def full_value_text(full_value: str) -> Text:
    """One value in full, over several lines, for the pane beside the table."""
    return Text(safe_multiline(full_value))


class ObjectDetailScreen(ClosesOnlyItself[None]):
    DEFAULT_CSS = """
    ObjectDetailScreen #detail-meta { height: auto; padding: 0 1; background: $panel; }
    ObjectDetailScreen #detail-body { height: 1fr; }
    ObjectDetailScreen #detail-properties { width: 1fr; }
    ObjectDetailScreen #detail-value-scroll { width: 1fr; border-left: solid $primary; padding: 0 1; }
    ObjectDetailScreen #detail-vectors { height: auto; max-height: 50%; padding: 0 1; }
    ObjectDetailScreen .vector-label { height: 1; margin-top: 1; }
    ObjectDetailScreen Sparkline { height: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = list(DETAIL_BINDINGS)

    @dataclass
    class SimilarRequested(Message):
        collection: str
        uuid: str
        #: The named vector shown first here (None for an unnamed vector).
        target_vector: str | None = None

    def __init__(
        self, session: ExplorerSession, collection: str, uuid: str, tenant: str | None = None
    ) -> None:
        super().__init__()
        self.session = session
        self.collection = collection
        self.uuid = uuid
        #: The object's tenant: a result of a search across tenants names it; else the session's.
        self.tenant = tenant
        self.prepared: PreparedObject | None = None

    def compose(self) -> ComposeResult:
        yield ExplorerHeader(icon="◆")
        yield Static(
            Text(f"{safe_text(self.collection)} · {self.uuid} · loading…"), id="detail-meta"
        )
        with Horizontal(id="detail-body"):
            yield ExplorerTable(id="detail-properties")
            with VerticalScroll(id="detail-value-scroll"):
                yield Static("", id="detail-value")
        yield Vertical(id="detail-vectors")
        yield KeysFooter()

    def on_mount(self) -> None:
        table = self.query_one("#detail-properties", ExplorerTable)
        table.add_columns("Property", "Type", "Value")
        self.load_object()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_worker_state(self.app, event.worker, event.state)

    @work(exclusive=True, group=workers.DETAIL, exit_on_error=False)
    async def load_object(self) -> None:
        with loading_later(self.query_one("#detail-properties", ExplorerTable)):
            record = await self.session.get_object(
                self.collection,
                self.uuid,
                tenant=self.tenant or self.session.current_tenant,
                include_vector=True,
            )
            if record is None:
                raise ExplorerError(
                    "Object not found", f"{self.collection} has no object {self.uuid}"
                )
            config = await self.session.collection_config(self.collection)
            self.prepared = await asyncio.to_thread(prepare, record, config)
        await self._display(self.prepared)

    async def _display(self, prepared: PreparedObject) -> None:
        self.query_one("#detail-meta", Static).update(meta_text(prepared.record))
        table = self.query_one("#detail-properties", ExplorerTable)
        table.add_rows(property_cells(prepared))
        self._show_value(0)
        vectors = self.query_one("#detail-vectors", Vertical)
        widgets: list[Widget] = []
        for summary in prepared.vectors:
            widgets.append(Static(vector_label(summary), classes="vector-label"))
            widgets.append(Sparkline(list(summary.profile), summary_function=max))
        if not widgets:
            widgets.append(Static("No vectors returned.", classes="vector-label"))
        await vectors.mount_all(widgets)
        table.focus()

    def _show_value(self, row: int) -> None:
        if self.prepared is None or not self.prepared.full_values:
            return
        row = max(0, min(row, len(self.prepared.full_values) - 1))
        self.query_one("#detail-value", Static).update(
            full_value_text(self.prepared.full_values[row])
        )

    @on(DataTable.RowSelected, "#detail-properties")
    @guarded
    def row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_follow_reference()

    @guarded
    def action_follow_reference(self) -> None:
        """Enter on a reference opens its target, on top of this object (Backspace: back)."""
        if self.prepared is None or not self.prepared.targets:
            return
        row = self.query_one("#detail-properties", ExplorerTable).cursor_row
        target = self.prepared.targets[min(row, len(self.prepared.targets) - 1)]
        if target is None:
            self.notify("Not a reference: Enter opens what a reference points to.", markup=False)
            return
        collection, uuid, missing = target
        if missing or collection is None:
            self.notify(
                f"{uuid} does not exist in {collection or 'its collection'}: "
                "the reference is dangling",
                markup=False,
            )
            return
        self.app.push_screen(ObjectDetailScreen(self.session, collection, uuid))

    @on(DataTable.RowHighlighted, "#detail-properties")
    @guarded
    def highlight(self, event: DataTable.RowHighlighted) -> None:
        self._show_value(event.cursor_row)

    @guarded
    def action_copy_value(self) -> None:
        if self.prepared is None or not self.prepared.full_values:
            return
        row = self.query_one("#detail-properties", ExplorerTable).cursor_row
        self.app.copy_to_clipboard(self.prepared.full_values[row])
        self.notify(f"Copied {self.prepared.rows[row][0]}", markup=False)

    @guarded
    def action_copy_object(self) -> None:
        if self.prepared is not None:
            self.app.copy_to_clipboard(self.prepared.json)
            self.notify("Copied the object as JSON", markup=False)

    @guarded
    def action_more_like_this(self) -> None:
        shown = self.prepared.vectors if self.prepared is not None else ()
        named = self.prepared is not None and self.prepared.record.vectors.keys() != {"default"}
        target = shown[0].name if shown and named else None
        self.app.post_message(self.SimilarRequested(self.collection, self.uuid, target))
        self.dismiss()

    @guarded
    def action_close(self) -> None:
        self.dismiss()
