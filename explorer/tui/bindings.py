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
        show=False,  # the tab titles show the key
        id="app.objects",
        tooltip="Browse the current collection",
    ),
    Binding(
        "3",
        "show_pane('query')",
        "Query",
        show=False,  # the tab titles show the key
        id="app.query",
        tooltip="Search the current collection: bm25, hybrid, near vector, near text, near object",
    ),
    Binding(
        "4",
        "show_pane('schema')",
        "Schema",
        show=False,  # the tab titles show the key
        id="app.schema",
        tooltip="The current collection's config",
    ),
    Binding(
        "5",
        "show_pane('aggregate')",
        "Aggregate",
        show=False,  # the tab titles show the key
        id="app.aggregate",
        tooltip="Counts, metrics and groups of the current collection",
    ),
    Binding(
        "6",
        "show_pane('cluster')",
        "Cluster",
        show=False,  # the tab titles show the key
        id="app.cluster",
        tooltip="Nodes, shards, replication and consistency level",
    ),
    Binding(
        "7",
        "show_pane('lab')",
        "Lab",
        show=False,  # the tab titles show the key
        id="app.lab",
        tooltip="The lab: compare search modes, open up RAG",
    ),
    Binding(
        "r",
        "refresh",
        "Refresh",
        id="app.refresh",
        tooltip="Reload collections, counts and the objects page on screen",
    ),
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
    Binding(
        "ctrl+n",
        "create_collection",
        "New collection",
        id="app.create_collection",
        show=False,
        tooltip="Create a collection from a form or pasted JSON",
    ),
    Binding(
        "T",
        "show_tenants",
        "Tenants",
        id="app.tenants",
        show=False,
        tooltip="Manage the tenants of the highlighted or current collection",
    ),
    Binding(
        "A",
        "show_aliases",
        "Aliases",
        id="app.aliases",
        show=False,
        tooltip="List, create, repoint and delete collection aliases",
    ),
    Binding(
        "H",
        "query_history",
        "History",
        id="app.history",
        show=False,
        tooltip="The query history of the TUI and the REPL; Enter replays a query",
    ),
    Binding(
        "C",
        "connections",
        "Connections",
        id="app.connections",
        show=False,
        tooltip="Connection profiles: add, edit, test, delete, switch without restarting",
    ),
    Binding(
        "U",
        "users_and_roles",
        "Users",
        id="app.users",
        show=False,
        tooltip="The current user, roles and permissions; manage users where allowed",
    ),
    Binding("q", "quit", "Quit", id="app.quit", tooltip="Close the connection and quit"),
    Binding(
        "I",
        "import_file",
        "Import file",
        id="app.import",
        show=False,
        tooltip="Import a JSON, JSONL or CSV file into the current collection",
    ),
    Binding(
        "X",
        "export_objects",
        "Export objects",
        id="app.export",
        show=False,
        tooltip="Export the current collection (or a filtered set) to JSON, JSONL or CSV",
    ),
]

COLLECTIONS_BINDINGS: list[Binding] = [
    Binding(
        "n",
        "app.create_collection",
        "New",
        id="collections.new",
        tooltip="Create a collection from a form or pasted JSON",
    ),
    Binding(
        "x",
        "app.drop_collection",
        "Delete",
        id="collections.delete",
        tooltip="Delete the highlighted collection (type its name to confirm)",
    ),
    Binding(
        "T",
        "app.show_tenants",
        "Tenants",
        id="collections.tenants",
        tooltip="Manage the highlighted collection's tenants",
    ),
]

CREATE_COLLECTION_BINDINGS: list[Binding] = [
    Binding("ctrl+s", "create", "Create", id="create.submit", tooltip="Create the collection"),
    Binding(
        "ctrl+o",
        "add_property_row",
        "Add property",
        id="create.add_property",
        tooltip="Add a property row to the form",
    ),
    Binding("escape", "cancel", "Cancel", id="create.cancel", tooltip="Close without creating"),
]

TENANTS_BINDINGS: list[Binding] = [
    Binding("c", "create_tenants", "Create", id="tenants.create", tooltip="Create tenants"),
    Binding("a", "activate", "Activate", id="tenants.activate", tooltip="Make the tenant ACTIVE"),
    Binding("d", "deactivate", "Deactivate", id="tenants.deactivate", tooltip="Make it INACTIVE"),
    Binding(
        "o",
        "offload",
        "Offload",
        id="tenants.offload",
        tooltip="Offload to cloud storage (needs the offload-s3 module)",
    ),
    Binding(
        "x",
        "delete_tenant",
        "Delete",
        id="tenants.delete",
        tooltip="Delete the tenant and its objects (type its name to confirm)",
    ),
    Binding(
        "m",
        "bulk_by_pattern",
        "By pattern",
        id="tenants.bulk",
        tooltip="Activate, deactivate, offload or delete every tenant a pattern matches",
    ),
    Binding("n", "next_page", "Next page", id="tenants.next", tooltip="The next page of tenants"),
    Binding("p", "previous_page", "Prev page", id="tenants.previous", tooltip="The previous page"),
    Binding("r", "reload", "Reload", id="tenants.reload", tooltip="Reload statuses and counts"),
    Binding("enter", "browse", "Browse", id="tenants.browse", tooltip="Browse this tenant"),
    Binding("escape", "close", "Back", id="tenants.back"),
]

TENANT_PICKER_BINDINGS: list[Binding] = [
    Binding("escape", "dismiss_picker", "Cancel", id="tenant.cancel", tooltip="Choose no tenant"),
    Binding(
        "slash",
        "focus_filter",
        "Filter",
        key_display="/",
        id="tenant.filter",
        tooltip="Type a name to narrow the list, or a pattern (acme-*) to search across",
    ),
    Binding(
        "down",
        "focus_list",
        "To the list",
        show=False,
        id="tenant.to_list",
        tooltip="From the filter to the list of tenants",
    ),
]

ALIASES_BINDINGS: list[Binding] = [
    Binding("c", "create_alias", "Create", id="aliases.create", tooltip="Create an alias"),
    Binding(
        "u",
        "update_alias",
        "Repoint",
        id="aliases.update",
        tooltip="Point the alias at another collection",
    ),
    Binding(
        "x",
        "delete_alias",
        "Delete",
        id="aliases.delete",
        tooltip="Delete the alias (the collection stays)",
    ),
    Binding("enter", "browse", "Browse", id="aliases.browse", tooltip="Browse through the alias"),
    Binding("escape", "close", "Back", id="aliases.back"),
]

TABLE_BINDINGS: list[Binding] = [
    Binding("j", "cursor_down", "Down", show=False, id="table.down"),
    Binding("k", "cursor_up", "Up", show=False, id="table.up"),
    Binding("h", "cursor_left", "Left", show=False, id="table.left"),
    Binding("l", "cursor_right", "Right", show=False, id="table.right"),
    Binding("g", "scroll_top", "Top", show=False, id="table.top"),
    Binding("G", "scroll_bottom", "Bottom", show=False, id="table.bottom"),
]

LIST_BINDINGS: list[Binding] = [
    Binding("j", "cursor_down", "Down", show=False, id="list.down"),
    Binding("k", "cursor_up", "Up", show=False, id="list.up"),
    Binding("g", "first", "Top", show=False, id="list.top"),
    Binding("G", "last", "Bottom", show=False, id="list.bottom"),
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
    Binding(
        "y",
        "copy_as_code",
        "Code",
        id="objects.code",
        show=False,
        tooltip="This page's query as Python (async or sync client): copy or save",
    ),
    Binding(
        "x",
        "export_objects",
        "Export",
        id="objects.export",
        tooltip="Export the collection, with the current filter, to a file",
    ),
    # The keys below stay out of the footer, which is full; the help screen (?) lists them.
    Binding(
        "R",
        "reference_property",
        "Reference column",
        show=False,
        id="objects.reference_property",
        tooltip="On a reference column (→): show the next property of its target, then the uuid",
    ),
    Binding(
        "F",
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
    Binding(
        "ctrl+y",
        "copy_as_code",
        "Code",
        id="query.code",
        tooltip="The last query as Python (async or sync client): copy or save",
    ),
    Binding(
        "ctrl+s",
        "save_query",
        "Save query",
        id="query.save",
        tooltip="Save the last query under a name (run it with: repl -c 'run NAME')",
    ),
    Binding(
        "ctrl+e",
        "export_results",
        "Export results",
        id="query.export",
        tooltip="Export these results (full objects) to a file",
        # Focus stays in the form after a run, and an Input takes ctrl+e as end-of-line.
        priority=True,
    ),
]

LAB_BINDINGS: list[Binding] = [
    Binding(
        "escape",
        "escape",
        "Cancel/leave form",
        show=False,
        id="lab.escape",
        tooltip="Cancel the running comparison or RAG run, else leave the form for the results",
    ),
    Binding("ctrl+r", "run", "Run", id="lab.run", tooltip="Run (Enter in a field does too)"),
    Binding(
        "ctrl+o",
        "open_result",
        "Open object",
        id="lab.open",
        tooltip="Open the highlighted object",
    ),
    Binding(
        "ctrl+y",
        "copy_as_code",
        "Code",
        id="lab.code",
        tooltip="Every query of the last run as Python (async or sync client)",
    ),
]

AGGREGATE_BINDINGS: list[Binding] = [
    Binding(
        "escape",
        "escape",
        "Cancel/leave form",
        show=False,
        id="aggregate.escape",
        tooltip="Cancel the running aggregate, else leave the form for the results",
    ),
    Binding(
        "ctrl+r",
        "run_aggregate",
        "Run",
        id="aggregate.run",
        tooltip="Aggregate with the chosen properties, group-by and filter",
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
        tooltip="Run a near_object query from this object, on the vector shown first",
    ),
    Binding(
        "enter",
        "follow_reference",
        "Open reference",
        id="detail.follow_reference",
        tooltip="Open the object the highlighted reference points to",
    ),
    Binding(
        "backspace",
        "close",
        "Back",
        id="detail.back_from_reference",
        tooltip="Back to the object you came from",
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
    Binding(
        "a",
        "app.add_property",
        "Add property",
        id="schema.add_property",
        tooltip="Add a property to this collection",
    ),
    Binding(
        "m",
        "app.tenant_settings",
        "Tenant settings",
        id="schema.tenant_settings",
        tooltip="Auto-creation and auto-activation of tenants (multi-tenant collections)",
    ),
    Binding(
        "y",
        "copy_as_code",
        "Code",
        id="schema.code",
        tooltip="Python that creates this collection (create_from_dict)",
    ),
    Binding(
        "d",
        "diff_schema",
        "Diff",
        id="schema.diff",
        tooltip="Compare this config with another server's (a profile or a URL)",
    ),
    Binding(
        "c",
        "copy_collection",
        "Copy to…",
        id="schema.copy",
        tooltip="Copy this collection (objects, references, vectors) to another server",
    ),
]

SCHEMA_DIFF_BINDINGS: list[Binding] = [
    Binding(
        "ctrl+r",
        "compare",
        "Compare",
        id="schema_diff.compare",
        tooltip="Compare with B again (Enter in a field does too)",
    ),
    Binding(
        "ctrl+s",
        "apply",
        "Apply",
        id="schema_diff.apply",
        tooltip="Make A match B where it can change in place (asks for the name)",
    ),
    Binding("escape", "close", "Close", id="schema_diff.close"),
]

CODE_BINDINGS: list[Binding] = [
    Binding("s", "toggle_variant", "Async/sync", id="code.variant", tooltip="Switch the client"),
    Binding("c", "copy_code", "Copy", id="code.copy", tooltip="Copy to the clipboard (OSC 52)"),
    Binding("w", "save_code", "Write file", id="code.save", tooltip="Write the code to a file"),
    Binding("escape", "close", "Close", id="code.close"),
]

CONNECT_BINDINGS: list[Binding] = [
    Binding(
        "enter", "connect", "Connect", id="connect.connect", tooltip="Switch to this connection"
    ),
    Binding("a", "add", "Add", id="connect.add", tooltip="Add a profile"),
    Binding("e", "edit", "Edit", id="connect.edit", tooltip="Edit the highlighted profile"),
    Binding("t", "test", "Test", id="connect.test", tooltip="Try to connect with the profile"),
    Binding("d", "delete", "Delete", id="connect.delete", tooltip="Delete the profile"),
    Binding("escape", "close", "Back", id="connect.back"),
]

PROFILE_FORM_BINDINGS: list[Binding] = [
    Binding("ctrl+s", "save", "Save", id="profile.save", tooltip="Check and save the profile"),
    Binding("escape", "cancel", "Cancel", id="profile.cancel"),
]

ACCESS_BINDINGS: list[Binding] = [
    Binding("n", "create_user", "New user", id="access.create", tooltip="Create a database user"),
    Binding(
        "d", "delete_user", "Delete user", id="access.delete", tooltip="Delete the selected user"
    ),
    Binding(
        "K",
        "rotate_key",
        "Rotate key",
        id="access.rotate",
        tooltip="Give the selected user a new API key (shown once)",
    ),
    Binding("a", "assign_role", "Assign role", id="access.assign", tooltip="Assign a role"),
    Binding("x", "revoke_role", "Revoke role", id="access.revoke", tooltip="Revoke a role"),
    Binding(
        "v",
        "toggle_user_active",
        "(De)activate user",
        id="access.toggle_active",
        tooltip="Deactivate the selected user (their key stops working), or activate them again",
    ),
    Binding("N", "create_role", "New role", id="access.role_create", tooltip="Create a role"),
    Binding(
        "E",
        "edit_role",
        "Edit role",
        id="access.role_edit",
        tooltip="Change the permissions of the selected role",
    ),
    Binding(
        "D",
        "delete_role",
        "Delete role",
        id="access.role_delete",
        tooltip="Delete the selected role",
    ),
    Binding("r", "reload", "Reload", id="access.reload", tooltip="Read users and roles again"),
    Binding("escape", "close", "Back", id="access.back"),
]

ROLE_FORM_BINDINGS: list[Binding] = [
    Binding("ctrl+s", "save", "Save", id="role.save", tooltip="Check the permissions and save"),
    Binding("escape", "cancel", "Cancel", id="role.cancel"),
]

CLUSTER_BINDINGS: list[Binding] = [
    Binding(
        "R",
        "refresh_cluster",
        "Refresh nodes",
        id="cluster.refresh",
        tooltip="Read the nodes and shards again (they also refresh every 2 s)",
    ),
    Binding(
        "D",
        "check_health",
        "Health checks",
        id="cluster.health",
        tooltip="Run the health checks again (doctor): each finding names the object and the fix",
    ),
    Binding(
        "S",
        "set_shard_ready",
        "Set shard ready",
        id="cluster.set_ready",
        tooltip="Set the shard of the selected health finding READY again (asks first)",
    ),
]

TRANSFER_BINDINGS: list[Binding] = [
    Binding(
        "escape",
        "cancel_or_close",
        "Cancel/close",
        id="transfer.cancel",
        tooltip="Cancel the running import or export, else close",
    ),
    Binding("ctrl+s", "start", "Start", id="transfer.start", tooltip="Start (Enter does too)"),
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

LAB_MAP_BINDINGS: list[Binding] = [
    Binding(
        "ctrl+r", "run_map", "Draw map", id="lab-map.run", tooltip="Project the vectors to 2-D"
    ),
]

LAB_MAP_PLOT_BINDINGS: list[Binding] = [
    Binding(
        "left",
        "move('left')",
        "Left",
        show=False,
        id="lab-map.left",
        tooltip="Nearest point to the left",
    ),
    Binding(
        "right",
        "move('right')",
        "Right",
        show=False,
        id="lab-map.right",
        tooltip="Nearest point to the right",
    ),
    Binding("up", "move('up')", "Up", show=False, id="lab-map.up", tooltip="Nearest point above"),
    Binding(
        "down", "move('down')", "Down", show=False, id="lab-map.down", tooltip="Nearest point below"
    ),
    Binding(
        "n", "step(1)", "Next point", id="lab-map.next", tooltip="The next point, in scan order"
    ),
    Binding("p", "step(-1)", "Prev point", id="lab-map.previous", tooltip="The previous point"),
    Binding(
        "enter", "open_point", "Open", id="lab-map.open", tooltip="Open the object under the cursor"
    ),
]

LAB_HEALTH_BINDINGS: list[Binding] = [
    Binding(
        "ctrl+r",
        "run_scan",
        "Scan",
        id="lab-health.run",
        tooltip="Scan every vector of the collection",
    ),
]

LAB_RECALL_BINDINGS: list[Binding] = [
    Binding(
        "ctrl+r",
        "run_recall",
        "Measure",
        id="lab-recall.run",
        tooltip="Measure recall@k against exact kNN",
    ),
]

LAB_SCREEN_BINDINGS: list[Binding] = [
    Binding("escape", "close", "Back", id="lab-screen.back", tooltip="Close the lab view"),
]

#: Scope name -> its table, in the order the help screen shows them.
HELP_BINDINGS: list[Binding] = [
    Binding(
        "escape,question_mark,q",
        "dismiss",
        "Close",
        key_display="esc",
        id="help.close",
        tooltip="Close this list of keys",
    ),
]

#: The scope whose keys work in every other one: a key of another scope shadows it there.
EVERYWHERE = "Everywhere"

ALL_SCOPES: dict[str, list[Binding]] = {
    EVERYWHERE: APP_BINDINGS,
    "Lists and tables": TABLE_BINDINGS,
    "Collections": COLLECTIONS_BINDINGS,
    "Objects": OBJECTS_BINDINGS,
    "Query": QUERY_BINDINGS,
    "Lab": LAB_BINDINGS,
    "Aggregate": AGGREGATE_BINDINGS,
    "Object detail": DETAIL_BINDINGS,
    "Object editor": EDITOR_BINDINGS,
    "Filter builder": FILTER_BUILDER_BINDINGS,
    "Schema": SCHEMA_BINDINGS,
    "Schema diff": SCHEMA_DIFF_BINDINGS,
    "New collection": CREATE_COLLECTION_BINDINGS,
    "Tenants": TENANTS_BINDINGS,
    "Tenant picker": TENANT_PICKER_BINDINGS,
    "Aliases": ALIASES_BINDINGS,
    "Copy as code": CODE_BINDINGS,
    "Connections": CONNECT_BINDINGS,
    "Profile form": PROFILE_FORM_BINDINGS,
    "Users and roles": ACCESS_BINDINGS,
    "Role form": ROLE_FORM_BINDINGS,
    "Cluster": CLUSTER_BINDINGS,
    "Import and export": TRANSFER_BINDINGS,
    "Backups": BACKUPS_BINDINGS,
    "Vector map": LAB_MAP_BINDINGS,
    "Vector map plot": LAB_MAP_PLOT_BINDINGS,
    "Vector health": LAB_HEALTH_BINDINGS,
    "Search quality": LAB_RECALL_BINDINGS,
    "Lab views": LAB_SCREEN_BINDINGS,
    "Help": HELP_BINDINGS,
}
