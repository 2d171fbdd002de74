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
    # The keys below stay out of the footer, which is full; the help screen (?) lists them.
    Binding(
        "b",
        "build_filter",
        "Filter builder",
        show=False,
        id="objects.filter_builder",
        tooltip="Build a filter: property, operator, value rows",
    ),
    Binding(
        "i",
        "insert_object",
        "Insert",
        show=False,
        id="objects.insert",
        tooltip="Insert an object written as JSON",
    ),
    Binding(
        "e",
        "edit_object",
        "Edit",
        show=False,
        id="objects.edit",
        tooltip="Edit the object under the cursor as JSON",
    ),
    Binding(
        "d",
        "delete_object",
        "Delete",
        show=False,
        id="objects.delete",
        tooltip="Delete the object under the cursor",
    ),
    Binding(
        "D",
        "delete_matching",
        "Delete matching",
        show=False,
        id="objects.delete_matching",
        tooltip="Delete every object the filter matches",
    ),
]

EDITOR_BINDINGS: list[Binding] = [
    Binding("ctrl+s", "save", "Save", id="editor.save", tooltip="Check and send the object"),
    Binding(
        "ctrl+r",
        "toggle_replace",
        "Update/replace",
        id="editor.replace",
        tooltip="Send only changes (update) or all (replace)",
    ),
    Binding(
        "escape",
        "cancel",
        "Cancel",
        id="editor.cancel",
        priority=True,  # the JSON editor would otherwise take Esc to move the focus
        tooltip="Close without sending",
    ),
]

FILTER_BUILDER_BINDINGS: list[Binding] = [
    Binding("ctrl+s", "apply", "Apply", id="builder.apply", tooltip="Filter the objects with it"),
    Binding("ctrl+n", "add_row", "Add row", id="builder.add", tooltip="Add a condition"),
    Binding(
        "ctrl+d",
        "remove_row",
        "Remove row",
        id="builder.remove",
        tooltip="Remove the condition with the focus",
    ),
    Binding("escape", "cancel", "Cancel", id="builder.cancel", tooltip="Close, keep the filter"),
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

#: Scope name -> its table, in the order the help screen shows them.
ALL_SCOPES: dict[str, list[Binding]] = {
    "Everywhere": APP_BINDINGS,
    "Lists and tables": TABLE_BINDINGS,
    "Objects": OBJECTS_BINDINGS,
    "Query": QUERY_BINDINGS,
    "Object detail": DETAIL_BINDINGS,
    "Object editor": EDITOR_BINDINGS,
    "Filter builder": FILTER_BUILDER_BINDINGS,
    "Schema": SCHEMA_BINDINGS,
}
