"""Create a collection: from a form (properties, vector, modules, multi-tenancy) or pasted JSON."""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import (
    Button,
    Checkbox,
    Input,
    Label,
    Select,
    Static,
    TabbedContent,
    TabPane,
    TextArea,
)
from textual.worker import Worker

from explorer.core.admin.collection_spec import (
    DATA_TYPES,
    DISTANCES,
    INDEX_TYPES,
    VECTORIZERS,
    CollectionSpec,
    PropertySpec,
    VectorSpec,
    parse_config_json,
)
from explorer.core.admin.schema import create_collection, create_from_dict
from explorer.core.base.errors import ExplorerError
from explorer.core.base.models import CollectionConfig
from explorer.core.client.session import ExplorerSession
from explorer.tui import workers
from explorer.tui.bindings import CREATE_COLLECTION_BINDINGS
from explorer.tui.errors import guarded, report_worker_state
from explorer.tui.screen_stack import ClosesOnlyItself
from explorer.tui.widgets.explorer_header import ExplorerHeader
from explorer.tui.widgets.explorer_lists import ExplorerSelect
from explorer.tui.widgets.keys_footer import KeysFooter
from explorer.tui.widgets.text_input import TextInput

#: Types a form row offers (object types need nested properties: use JSON for those).
FORM_DATA_TYPES = tuple(t for t in DATA_TYPES if not t.startswith("object"))


class PropertyRow(Horizontal):
    """One property of the form: a name, a data type and a button to remove the row."""

    DEFAULT_CSS = """
    PropertyRow { height: auto; }
    PropertyRow Input { width: 1fr; }
    PropertyRow Select { width: 24; }
    PropertyRow Button { min-width: 5; width: 5; }
    """

    def compose(self) -> ComposeResult:
        yield TextInput(placeholder="property name", classes="property-name")
        yield ExplorerSelect(
            [(t, t) for t in FORM_DATA_TYPES],
            value="text",
            allow_blank=False,
            compact=True,
            classes="property-type",
        )
        yield Button("✕", classes="property-remove", tooltip="Remove this property")

    @property
    def spec(self) -> PropertySpec | None:
        name = self.query_one(".property-name", Input).value.strip()
        data_type = self.query_one(".property-type", Select).value
        return PropertySpec(name, str(data_type)) if name else None

    @on(Button.Pressed, ".property-remove")
    def remove_row(self, event: Button.Pressed) -> None:
        event.stop()
        self.remove()


class CreateCollectionScreen(ClosesOnlyItself[CollectionConfig | None]):
    """Dismisses with the new collection's config, or None when cancelled."""

    DEFAULT_CSS = """
    CreateCollectionScreen VerticalScroll { padding: 0 1; }
    CreateCollectionScreen Label { margin-top: 1; color: $text-muted; }
    CreateCollectionScreen .row { height: auto; }
    CreateCollectionScreen .row > * { width: 1fr; }
    CreateCollectionScreen #cc-properties { height: auto; }
    CreateCollectionScreen #cc-json { height: 1fr; min-height: 10; }
    CreateCollectionScreen .buttons { height: auto; margin-top: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = list(CREATE_COLLECTION_BINDINGS)

    def __init__(self, session: ExplorerSession) -> None:
        super().__init__()
        self.session = session
        modules = session.server_info.modules if session.server_info else ()
        self.vectorizers = tuple(v for v in VECTORIZERS if v == "none" or v in modules)
        self.generative_modules = tuple(m for m in modules if m.startswith("generative-"))
        self.reranker_modules = tuple(m for m in modules if m.startswith("reranker-"))

    def compose(self) -> ComposeResult:
        yield ExplorerHeader()
        with TabbedContent(id="cc-tabs", initial="cc-tab-form"):
            with TabPane("Form", id="cc-tab-form"), VerticalScroll():
                yield Label("Name")
                yield TextInput(placeholder="Books", id="cc-name")
                yield Label("Description")
                yield TextInput(placeholder="optional", id="cc-description")
                yield Label("Properties (ctrl+o adds one)")
                with Vertical(id="cc-properties"):
                    yield PropertyRow()
                yield Button("+ Property", id="cc-add-property")
                yield Label("Vectorizer · vector name · index · distance")
                with Horizontal(classes="row"):
                    yield _select("cc-vectorizer", self.vectorizers, "none")
                    yield TextInput(value="default", id="cc-vector-name")
                    yield _select("cc-index", INDEX_TYPES, "hnsw")
                    yield _select("cc-distance", DISTANCES, "cosine")
                yield Label("Generative module · reranker module")
                with Horizontal(classes="row"):
                    yield _select("cc-generative", ("none", *self.generative_modules), "none")
                    yield _select("cc-reranker", ("none", *self.reranker_modules), "none")
                with Horizontal(classes="row"):
                    yield Checkbox("Multi-tenancy", id="cc-multi-tenant")
                    yield Checkbox("Create tenants on insert", id="cc-auto-tenants")
                    yield TextInput(placeholder="replication factor (1)", id="cc-replication")
                with Horizontal(classes="buttons"):
                    yield Button("Create", variant="primary", id="cc-create")
                    yield Button("Cancel", id="cc-cancel")
            with TabPane("Paste JSON", id="cc-tab-json"), Vertical():
                yield Static(
                    'A collection config as JSON, e.g. an exported one ("class" names it).'
                )
                yield TextArea(id="cc-json", show_line_numbers=True)
                yield TextInput(
                    placeholder="new name (optional: renames the pasted config)", id="cc-json-name"
                )
                with Horizontal(classes="buttons"):
                    yield Button("Create from JSON", variant="primary", id="cc-create-json")
                    yield Button("Cancel", id="cc-cancel-json")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#cc-name", Input).focus()

    @on(TabbedContent.TabActivated, "#cc-tabs")
    def tab_activated(self, event: TabbedContent.TabActivated) -> None:
        """Focus follows the tab, so keys (and ctrl+s) act on the visible form."""
        json_tab = event.pane.id == "cc-tab-json"
        self.query_one("#cc-json" if json_tab else "#cc-name").focus()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_worker_state(self.app, event.worker, event.state)

    # -- reading the form ------------------------------------------------------------------------

    def spec(self) -> CollectionSpec:
        """The form as a spec (checked by the core before anything is sent)."""
        replication_text = self.query_one("#cc-replication", Input).value.strip()
        try:
            replication = int(replication_text) if replication_text else None
        except ValueError:
            raise ExplorerError(
                "Invalid replication factor", f"{replication_text!r}: give a whole number"
            ) from None
        generative = str(self.query_one("#cc-generative", Select).value)
        reranker = str(self.query_one("#cc-reranker", Select).value)
        name = self.query_one("#cc-name", Input).value.strip()
        if not name:
            raise ExplorerError("Name needed", "give the collection a name")
        return CollectionSpec(
            name=name,
            description=self.query_one("#cc-description", Input).value.strip() or None,
            properties=tuple(
                spec for row in self.query(PropertyRow) if (spec := row.spec) is not None
            ),
            vectors=(
                VectorSpec(
                    name=self.query_one("#cc-vector-name", Input).value.strip() or "default",
                    vectorizer=str(self.query_one("#cc-vectorizer", Select).value),
                    index_type=str(self.query_one("#cc-index", Select).value),
                    distance=str(self.query_one("#cc-distance", Select).value),
                ),
            ),
            generative_module=None if generative == "none" else generative,
            reranker_module=None if reranker == "none" else reranker,
            multi_tenant=self.query_one("#cc-multi-tenant", Checkbox).value,
            auto_tenant_creation=self.query_one("#cc-auto-tenants", Checkbox).value,
            replication_factor=replication,
        )

    # -- actions ---------------------------------------------------------------------------------

    @on(Button.Pressed, "#cc-add-property")
    @guarded
    def action_add_property_row(self) -> None:
        row = PropertyRow()
        self.query_one("#cc-properties", Vertical).mount(row)
        self.call_after_refresh(lambda: row.query_one(".property-name", Input).focus())

    @on(Button.Pressed, "#cc-create")
    @on(Button.Pressed, "#cc-create-json")
    @guarded
    def action_create(self) -> None:
        if self.query_one("#cc-tabs", TabbedContent).active == "cc-tab-json":
            config = parse_config_json(self.query_one("#cc-json", TextArea).text)
            new_name = self.query_one("#cc-json-name", Input).value.strip() or None
            self.create_from_json(config, new_name)
        else:
            self.create_from_form(self.spec())

    @work(exclusive=True, group=workers.CREATE_COLLECTION, exit_on_error=False)
    async def create_from_form(self, spec: CollectionSpec) -> None:
        self.dismiss(await create_collection(self.session, spec))

    @work(exclusive=True, group=workers.CREATE_COLLECTION, exit_on_error=False)
    async def create_from_json(self, config: dict[str, object], name: str | None) -> None:
        self.dismiss(await create_from_dict(self.session, config, name=name))

    @on(Button.Pressed, "#cc-cancel")
    @on(Button.Pressed, "#cc-cancel-json")
    def action_cancel(self) -> None:
        self.dismiss(None)


def _select(widget_id: str, options: tuple[str, ...], value: str) -> Select[str]:
    return ExplorerSelect(
        [(o, o) for o in options], value=value, allow_blank=False, compact=True, id=widget_id
    )
