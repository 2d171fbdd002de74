"""Every key binding, one table per scope: the footer, the help screen and the palette use these."""

from __future__ import annotations

from textual.binding import Binding

APP_BINDINGS: list[Binding] = [
    Binding(
        "question_mark", "help", "Help", key_display="?", id="app.help", tooltip="Show every key"
    ),
    Binding(
        "1",
        "show_pane('collections')",
        "Collections",
        id="app.collections",
        tooltip="Focus the collections list",
    ),
    Binding(
        "2",
        "show_pane('objects')",
        "Objects",
        id="app.objects",
        tooltip="Browse the current collection",
    ),
    Binding(
        "3", "show_pane('query')", "Query", id="app.query", tooltip="Search the current collection"
    ),
    Binding(
        "4",
        "show_pane('schema')",
        "Schema",
        id="app.schema",
        tooltip="The current collection's config",
    ),
    Binding("r", "refresh", "Refresh", id="app.refresh", tooltip="Reload collections and counts"),
    Binding(
        "t",
        "switch_tenant",
        "Tenant",
        id="app.tenant",
        show=False,
        tooltip="Choose the tenant of a multi-tenant collection",
    ),
    Binding(
        "b",
        "show_backups",
        "Backups",
        id="app.backups",
        show=False,
        tooltip="Create, list and restore backups",
    ),
    Binding(
        "escape",
        "cancel",
        "Cancel",
        id="app.cancel",
        show=False,
        tooltip="Cancel the call in flight",
    ),
    Binding("q", "quit", "Quit", id="app.quit", tooltip="Close the connection and quit"),
]

TABLE_BINDINGS: list[Binding] = [
    Binding("j", "cursor_down", "Down", show=False, id="table.down"),
    Binding("k", "cursor_up", "Up", show=False, id="table.up"),
    Binding("h", "cursor_left", "Left", show=False, id="table.left"),
    Binding("l", "cursor_right", "Right", show=False, id="table.right"),
    Binding("g", "scroll_top", "Top", show=False, id="table.top"),
    Binding("G", "scroll_bottom", "Bottom", show=False, id="table.bottom"),
]

OBJECTS_BINDINGS: list[Binding] = [
    Binding(
        "escape",
        "escape",
        "Cancel/close filter",
        show=False,
        id="objects.escape",
        tooltip="Cancel loading, else close the filter bar",
    ),
    Binding(
        "n", "next_page", "Next page", id="objects.next", tooltip="The next page (cursor paging)"
    ),
    Binding("p", "previous_page", "Prev page", id="objects.previous", tooltip="The previous page"),
    Binding(
        "f",
        "edit_filter",
        "Filter/sort",
        id="objects.filter",
        tooltip="Filter with a where expression and sort",
    ),
    Binding(
        "v",
        "view_value",
        "View value",
        id="objects.value",
        tooltip="The full value of the cell under the cursor",
    ),
    Binding(
        "enter",
        "open_object",
        "Open",
        id="objects.open",
        tooltip="Open the object under the cursor",
    ),
]

QUERY_BINDINGS: list[Binding] = [
    Binding(
        "escape",
        "escape",
        "Cancel/leave form",
        show=False,
        id="query.escape",
        tooltip="Cancel the running query, else leave the form for the results",
    ),
    Binding(
        "ctrl+r",
        "run_query",
        "Run",
        id="query.run",
        tooltip="Run the query (Enter in a field does too)",
    ),
    Binding(
        "ctrl+o",
        "open_result",
        "Open result",
        id="query.open",
        tooltip="Open the highlighted result",
    ),
]

DETAIL_BINDINGS: list[Binding] = [
    Binding(
        "c",
        "copy_value",
        "Copy value",
        id="detail.copy_value",
        tooltip="Copy the highlighted property",
    ),
    Binding(
        "C",
        "copy_object",
        "Copy JSON",
        id="detail.copy_object",
        tooltip="Copy the whole object as JSON",
    ),
    Binding(
        "m",
        "more_like_this",
        "Similar",
        id="detail.similar",
        tooltip="near_object query from this object",
    ),
    Binding("escape", "close", "Back", id="detail.back"),
]

SCHEMA_BINDINGS: list[Binding] = [
    Binding(
        "e",
        "export_schema",
        "Export JSON",
        id="schema.export",
        tooltip="Write the config to <Collection>.schema.json",
    ),
]

BACKUPS_BINDINGS: list[Binding] = [
    Binding("c", "create_backup", "Create", id="backups.create", tooltip="Back up collections"),
    Binding(
        "r",
        "restore_backup",
        "Restore",
        id="backups.restore",
        tooltip="Restore the highlighted backup, under its own or a new name",
    ),
    Binding("f5", "refresh_backups", "Refresh", id="backups.refresh", tooltip="Reload the list"),
    Binding(
        "escape",
        "cancel_or_close",
        "Cancel/back",
        id="backups.escape",
        tooltip="Cancel the running backup or restore (on the server too), else go back",
    ),
]

#: Scope name -> its table, in the order the help screen shows them.
ALL_SCOPES: dict[str, list[Binding]] = {
    "Everywhere": APP_BINDINGS,
    "Lists and tables": TABLE_BINDINGS,
    "Objects": OBJECTS_BINDINGS,
    "Query": QUERY_BINDINGS,
    "Object detail": DETAIL_BINDINGS,
    "Schema": SCHEMA_BINDINGS,
    "Backups": BACKUPS_BINDINGS,
}
