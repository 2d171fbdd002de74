"""The selected collection's full configuration, and its export as JSON."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.reactive import var
from textual.widgets import Static
from textual.worker import Worker

from explorer.core.admin.schema import config_json
from explorer.core.base.formatting import safe_multiline, safe_text, to_json
from explorer.core.base.models import CollectionConfig, PropertyInfo
from explorer.core.client.session import ExplorerSession
from explorer.tui import workers
from explorer.tui.bindings import SCHEMA_BINDINGS
from explorer.tui.errors import guarded, report_worker_state
from explorer.tui.widgets.explorer_table import ExplorerTable


def _property_rows(
    properties: tuple[PropertyInfo, ...], prefix: str = ""
) -> list[tuple[Text, ...]]:
    rows: list[tuple[Text, ...]] = []
    for prop in properties:
        rows.append(
            (
                Text(safe_text(prefix + prop.name, 50)),
                Text(safe_text(prop.data_type)),
                Text(safe_text(prop.tokenization or "")),
                Text(safe_text(prop.description or "", 60)),
            )
        )
        rows.extend(_property_rows(prop.nested, prefix=f"{prefix}{prop.name}."))
    return rows


def describe(config: CollectionConfig) -> str:
    """The settings that are not properties, one per line."""
    raw: dict[str, Any] = dict(config.raw)
    lines = [
        f"Collection: {config.name}",
        f"Description: {config.description or '—'}",
        f"Multi-tenancy: {'on' if config.multi_tenant else 'off'}  {to_json(raw.get('multiTenancyConfig'), indent=None)}",
        f"Generative module: {config.generative_module or '—'}",
        f"Reranker module: {config.reranker_module or '—'}",
        "Vectors:",
        *(f"  {v.name}: {v.describe()}" for v in config.vectors),
        "References:",
        *(f"  {name} → {', '.join(targets)}" for name, targets in config.references),
        f"Inverted index: {to_json(raw.get('invertedIndexConfig'), indent=None)}",
        f"Replication: {to_json(raw.get('replicationConfig'), indent=None)}",
        f"Sharding: {to_json(raw.get('shardingConfig'), indent=None)}",
    ]
    return "\n".join(lines)


def export_path(config: CollectionConfig, directory: Path | None = None) -> Path:
    safe_name = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in config.name)
    return (directory or Path.cwd()) / f"{safe_name}.schema.json"


def write_schema(config: CollectionConfig, path: Path) -> Path:
    """Write atomically, so a failed export never leaves half a file."""
    temporary = path.with_suffix(path.suffix + ".part")
    temporary.write_text(config_json(config), encoding="utf-8")
    temporary.replace(path)
    return path


class SchemaPane(VerticalScroll):
    DEFAULT_CSS = """
    SchemaPane { height: 1fr; padding: 0 1; }
    SchemaPane #schema-properties { height: auto; max-height: 20; margin: 1 0; }
    SchemaPane #schema-json { color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = list(SCHEMA_BINDINGS)
    #: The app's session (bound in the app's compose).
    session: var[ExplorerSession | None] = var(None)

    def __init__(self) -> None:
        super().__init__(id="schema-pane")
        self.config: CollectionConfig | None = None
        self.export_directory: Path | None = None

    def compose(self) -> ComposeResult:
        yield Static("Pick a collection (1) to see its configuration.", id="schema-summary")
        yield ExplorerTable(id="schema-properties")
        yield Static("", id="schema-json")

    def on_mount(self) -> None:
        self.query_one("#schema-properties", ExplorerTable).add_columns(
            "Property", "Data type", "Tokenization", "Description"
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_worker_state(self.app, event.worker, event.state)

    def watch_session(self, old: ExplorerSession | None, new: ExplorerSession | None) -> None:
        """Another connection: the old server's collection is no longer shown."""
        if old is None or old is new:
            return
        self.config = None
        self.query_one("#schema-summary", Static).update(
            "Pick a collection (1) to see its configuration."
        )
        self.query_one("#schema-properties", ExplorerTable).clear()
        self.query_one("#schema-json", Static).update("")

    def show_config(self, config: CollectionConfig) -> None:
        self.config = config
        self.query_one("#schema-summary", Static).update(Text(safe_multiline(describe(config))))
        table = self.query_one("#schema-properties", ExplorerTable)
        table.clear()
        table.add_rows(_property_rows(config.properties))
        self.query_one("#schema-json", Static).update(
            Text(safe_multiline(to_json(dict(config.raw))))
        )

    @guarded
    def action_export_schema(self) -> None:
        if self.config is None:
            self.notify("Pick a collection first (press 1).", markup=False)
            return
        self.export(self.config)

    @guarded
    def action_copy_as_code(self) -> None:
        from explorer.tui.code_actions import open_config_code_screen

        if self.config is None:
            self.notify("Pick a collection first (press 1).", markup=False)
            return
        open_config_code_screen(self.app, self.config)

    @guarded
    def action_diff_schema(self) -> None:
        from explorer.tui.screen_stack import open_screen
        from explorer.tui.screens.schema_diff_screen import SchemaDiffScreen

        if self.config is None or self.session is None:
            self.notify("Pick a collection first (press 1).", markup=False)
            return
        open_screen(self.app, SchemaDiffScreen(self.session, self.config.name))

    @guarded
    def action_copy_collection(self) -> None:
        from explorer.tui.screen_stack import open_screen
        from explorer.tui.screens.copy_screen import CopyScreen

        if self.config is None or self.session is None:
            self.notify("Pick a collection first (press 1).", markup=False)
            return
        open_screen(self.app, CopyScreen(self.session, self.config.name, None))

    @work(exclusive=True, group=workers.SCHEMA_EXPORT, exit_on_error=False)
    async def export(self, config: CollectionConfig) -> None:
        path = await asyncio.to_thread(
            write_schema, config, export_path(config, self.export_directory)
        )
        self.notify(f"Wrote {path}", title="Schema exported", markup=False)
