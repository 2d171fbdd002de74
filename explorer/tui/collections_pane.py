"""The collections list: name, object count, named vectors with vectorizers, multi-tenancy."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.message import Message
from textual.widgets import DataTable

from explorer.core.formatting import format_count, safe_text
from explorer.core.models import CollectionSummary


class CollectionsTable(DataTable[Text]):
    DEFAULT_CSS = """
    CollectionsTable {
        height: 1fr;
    }
    """

    @dataclass
    class CollectionSelected(Message):
        name: str

    def __init__(self) -> None:
        super().__init__(id="collections", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.add_column("Collection", key="name")
        self.add_column("Objects", key="count")
        self.add_column("Vectors (vectorizer)", key="vectors")
        self.add_column("MT", key="mt")

    def show(self, collections: tuple[CollectionSummary, ...]) -> None:
        self.clear()
        for item in collections:
            vectors = ", ".join(f"{v.name} ({v.vectorizer})" for v in item.vectors) or "—"
            self.add_row(
                Text(safe_text(item.name, 60)),
                Text(format_count(item.count), justify="right"),
                Text(safe_text(vectors, 80)),
                Text("MT" if item.multi_tenant else ""),
                key=item.name,
            )

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(self.CollectionSelected(event.row_key.value))
