"""Build a where filter from rows of property, operator and value, joined by and/or.

Each row offers only the operators its property's type allows; the text it builds is shown as
you go and goes through the same parser as the REPL's ``--where``.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.widgets import Button, Input, Select, Static

from explorer.core.base.errors import ExplorerError
from explorer.core.base.formatting import safe_multiline, safe_text
from explorer.core.base.models import CollectionConfig
from explorer.core.where.builder import (
    IS_NOT_NULL,
    IS_NULL,
    FilterRow,
    Joiner,
    operator_label,
    rows_from_filter,
    rows_text,
)
from explorer.core.where.parser import parse_where
from explorer.core.where.types import METADATA_PROPERTIES, operators_for, reference_paths
from explorer.tui.bindings import FILTER_BUILDER_BINDINGS
from explorer.tui.errors import guarded
from explorer.tui.screen_stack import ModalClosesOnlyItself
from explorer.tui.widgets.explorer_lists import ExplorerSelect
from explorer.tui.widgets.keys_footer import KeysFooter
from explorer.tui.widgets.text_input import TextInput


def row_operators(config: CollectionConfig, name: str) -> list[str]:
    """A row's operator choices: the type's operators with ``is null`` split in two."""
    out: list[str] = []
    for operator in operators_for(config, name):
        out.extend((IS_NULL, IS_NOT_NULL) if operator == "is_null" else (operator,))
    return out


class ConditionRow(Horizontal):
    """One condition: Select(property), Select(operator), TextInput(value)."""

    DEFAULT_CSS = """
    ConditionRow { height: auto; }
    ConditionRow .row-property { width: 30; }
    ConditionRow .row-operator { width: 22; }
    ConditionRow .row-value { width: 1fr; }
    """

    def __init__(self, config: CollectionConfig, row: FilterRow | None = None) -> None:
        super().__init__(classes="condition-row")
        self.config = config
        self.initial = row
        #: Setting the initial property posts a change that must not reset its operator.
        self.skip_property_change = row is not None

    def compose(self) -> ComposeResult:
        names = [p.name for p in self.config.properties] + reference_paths(self.config)
        options = [(safe_text(n, 40), n) for n in names if row_operators(self.config, n)]
        options += [(n, n) for n in METADATA_PROPERTIES]
        yield ExplorerSelect(options, prompt="property", classes="row-property")
        yield ExplorerSelect([], prompt="operator", classes="row-operator")
        yield TextInput(placeholder="value (a, b, c for in / contains)", classes="row-value")

    def on_mount(self) -> None:
        if self.initial is not None:
            self.query_one(".row-property", Select).value = self.initial.property
            self._offer_operators(self.initial.property, self.initial.operator)
            self.query_one(".row-value", Input).value = self.initial.value

    @property
    def property_name(self) -> str | None:
        value = self.query_one(".row-property", Select).value
        return value if isinstance(value, str) else None

    def row(self) -> FilterRow | None:
        """The row's condition: None while it is incomplete, or its fields are not (or no
        longer) mounted (a preview can run between a row's mount and its children's)."""
        try:
            name = self.property_name
            operator = self.query_one(".row-operator", Select).value
            value = self.query_one(".row-value", Input).value
        except NoMatches:
            return None
        if name is None or not isinstance(operator, str):
            return None
        return FilterRow(name, operator, value)

    def _offer_operators(self, name: str | None, chosen: str | None = None) -> None:
        select = self.query_one(".row-operator", Select)
        operators = row_operators(self.config, name) if name else []
        select.set_options([(operator_label(o), o) for o in operators])
        if chosen in operators:
            select.value = chosen
        elif operators:
            select.value = operators[0]
        self.query_one(".row-value", Input).disabled = select.value in (IS_NULL, IS_NOT_NULL)

    @on(Select.Changed, ".row-property")
    def property_changed(self, event: Select.Changed) -> None:
        if self.skip_property_change:
            self.skip_property_change = False
            return
        self._offer_operators(event.value if isinstance(event.value, str) else None)

    @on(Select.Changed, ".row-operator")
    def operator_changed(self, event: Select.Changed) -> None:
        self.query_one(".row-value", Input).disabled = event.value in (IS_NULL, IS_NOT_NULL)


class FilterBuilderScreen(ModalClosesOnlyItself[str | None]):
    """Dismisses with the filter text to apply (empty for no filter), or None to keep it."""

    DEFAULT_CSS = """
    FilterBuilderScreen { align: center middle; }
    FilterBuilderScreen > Vertical {
        width: 100; max-width: 100%; height: 80%; border: thick $primary; background: $surface; padding: 0 1;
    }
    FilterBuilderScreen #builder-top { height: auto; }
    FilterBuilderScreen #builder-joiner { width: 30; }
    FilterBuilderScreen #builder-rows { height: 1fr; }
    FilterBuilderScreen #builder-preview { height: auto; padding: 0 1; background: $panel; }
    FilterBuilderScreen #builder-error { height: auto; color: $error; }
    FilterBuilderScreen #builder-buttons { height: auto; align-horizontal: right; }
    """
    BINDINGS: ClassVar[list[BindingType]] = list(FILTER_BUILDER_BINDINGS)

    def __init__(self, config: CollectionConfig, current: str = "") -> None:
        super().__init__()
        self.config = config
        self.current = current
        self.joiner: Joiner = "and"
        self.initial_rows: tuple[FilterRow, ...] = ()
        self.note = ""
        if current.strip():
            try:
                shaped = rows_from_filter(parse_where(current, config))
            except ExplorerError:
                shaped = None
            if shaped is None:
                self.note = "The current filter cannot be shown as rows; applying replaces it."
            else:
                self.joiner, self.initial_rows = shaped

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(f"Filter {safe_text(self.config.name)}", style="bold"))
            with Horizontal(id="builder-top"):
                yield ExplorerSelect(
                    [("all of the rows (and)", "and"), ("any of the rows (or)", "or")],
                    value=self.joiner,
                    allow_blank=False,
                    id="builder-joiner",
                )
                yield Button("+ condition", id="builder-add")
            with VerticalScroll(id="builder-rows"):
                for row in self.initial_rows or (None,):
                    yield ConditionRow(self.config, row)
            yield Static("", id="builder-preview")
            yield Static(Text(self.note), id="builder-error")
            with Horizontal(id="builder-buttons"):
                yield Button("Cancel", id="builder-cancel")
                yield Button("Apply", variant="primary", id="builder-apply")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.call_after_refresh(self.update_preview)

    @property
    def rows(self) -> list[ConditionRow]:
        return list(self.query(ConditionRow))

    def expression(self) -> str:
        """The filter text the rows make (raises ExplorerError for a row without a value)."""
        rows = [r for r in (row.row() for row in self.rows) if r is not None]
        return rows_text(rows, self.joiner, self.config)

    @on(Select.Changed)
    @on(Input.Changed)
    def changed(self, event: Select.Changed | Input.Changed) -> None:
        if isinstance(event, Select.Changed) and event.select.id == "builder-joiner":
            self.joiner = "or" if event.value == "or" else "and"
        self.call_after_refresh(self.update_preview)

    def update_preview(self) -> None:
        """Show the text and whether the parser takes it."""
        preview = self.query_one("#builder-preview", Static)
        error = self.query_one("#builder-error", Static)
        text = ""
        try:
            text = self.expression()
            if text:
                parse_where(text, self.config)
        except ExplorerError as exc:
            error.update(Text(safe_multiline(exc.message)))
            preview.update(Text("where " + safe_text(text) if text else "where …"))
            return
        error.update(Text(self.note if not text else ""))
        preview.update(Text("where " + safe_text(text) if text else "where … (no filter)"))

    # -- actions ---------------------------------------------------------------------------------

    @on(Button.Pressed, "#builder-add")
    async def action_add_row(self) -> None:
        """Awaited to the end of the mount, so a key right after (Esc, ctrl+d) finds the row
        whole: removing a row whose selects are still mounting crashes inside Textual."""
        row = ConditionRow(self.config)
        await self.query_one("#builder-rows", VerticalScroll).mount(row)
        row.query_one(".row-property", Select).focus()

    async def action_remove_row(self) -> None:
        focused = self.focused
        rows = self.rows
        target = next(
            (r for r in rows if focused is not None and focused in r.walk_children()), None
        )
        if target is None and rows:
            target = rows[-1]
        if target is not None:
            await target.remove()
            if len(rows) == 1:
                await self.action_add_row()
            self.update_preview()

    @on(Button.Pressed, "#builder-apply")
    @guarded
    def action_apply(self) -> None:
        error = self.query_one("#builder-error", Static)
        try:
            text = self.expression()
            if text:
                parse_where(text, self.config)
        except ExplorerError as exc:
            error.update(Text(safe_multiline(exc.message)))
            return
        self.dismiss(text)

    @on(Button.Pressed, "#builder-cancel")
    @guarded
    def action_cancel(self) -> None:
        self.dismiss(None)
