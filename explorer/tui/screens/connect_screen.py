"""The connect screen: the saved profiles; add, edit, test, delete, and switch to one.

The first row is the connection the app was started with, so one can always switch back.
Enter dismisses the screen with the chosen plan; the app switches without a restart.
"""

from __future__ import annotations

import asyncio
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.widgets import DataTable, Static
from textual.worker import Worker

from explorer.core.base.formatting import safe_text
from explorer.core.client.connection import mask_secret
from explorer.core.store.profiles import (
    CliValues,
    Profile,
    load_profiles,
    remove_profile,
    resolve,
    save_profile,
)
from explorer.local.startup import LaunchPlan, check_connection, plan_from_sources
from explorer.tui import workers
from explorer.tui.bindings import CONNECT_BINDINGS
from explorer.tui.errors import guarded, report_worker_state, show_error
from explorer.tui.screen_stack import ClosesOnlyItself, open_screen
from explorer.tui.screens.confirm_typed import ConfirmTypedScreen
from explorer.tui.screens.profile_form import ProfileFormScreen
from explorer.tui.widgets.explorer_header import ExplorerHeader
from explorer.tui.widgets.explorer_table import ExplorerTable
from explorer.tui.widgets.keys_footer import KeysFooter

#: The row key of the connection given on the command line.
STARTUP_ROW = "\0startup"


def profile_plan(profile: Profile) -> LaunchPlan:
    """Connect with exactly what the profile says (no flags, no environment)."""
    return plan_from_sources(CliValues(), {}, profile)


class ConnectScreen(ClosesOnlyItself[LaunchPlan | None]):
    DEFAULT_CSS = """
    ConnectScreen #profiles-table { height: 1fr; }
    ConnectScreen #connect-result { height: auto; padding: 0 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = list(CONNECT_BINDINGS)

    def __init__(self, startup_plan: LaunchPlan) -> None:
        super().__init__()
        self.startup_plan = startup_plan
        self.profiles: dict[str, Profile] = {}

    def compose(self) -> ComposeResult:
        yield ExplorerHeader(show_clock=False, icon="◆")
        yield Static(
            Text("Connections: Enter switches, a adds, e edits, t tests, d deletes"),
            id="connect-help",
        )
        table = ExplorerTable(id="profiles-table", cursor_type="row", zebra_stripes=False)
        table.add_columns("Name", "Kind", "Server", "Auth", "Flags")
        yield table
        yield Static("", id="connect-result")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        self.reload()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_worker_state(self.app, event.worker, event.state)

    # -- the table ----------------------------------------------------------------------------

    @work(exclusive=True, group=workers.PROFILES, exit_on_error=False)
    async def reload(self, select: str | None = None) -> None:
        self.profiles = await asyncio.to_thread(load_profiles)
        self.show_profiles(select)

    def show_profiles(self, select: str | None = None) -> None:
        table: DataTable[Text] = self.query_one(DataTable)
        table.clear()
        start = self.startup_plan.connection
        table.add_row(
            Text("(command line)"),
            Text("embedded" if self.startup_plan.embedded else "—"),
            Text(safe_text(start.display_url)),
            Text(_auth_text(start.api_key, start.oidc is not None)),
            Text("read-only" if start.read_only else ""),
            key=STARTUP_ROW,
        )
        for name, profile in sorted(self.profiles.items()):
            flags = [
                w
                for w, on_ in (("read-only", profile.read_only), ("protected", profile.protected))
                if on_
            ]
            table.add_row(
                Text(safe_text(name)),
                Text(profile.kind),
                Text(
                    safe_text("local server started here" if profile.embedded else profile.base_url)
                ),
                Text(_auth_text(profile.api_key, profile.oidc is not None)),
                Text(", ".join(flags)),
                key=name,
            )
        if select is not None and select in self.profiles:
            table.move_cursor(row=table.get_row_index(select))

    def _selected_key(self) -> str | None:
        table: DataTable[Text] = self.query_one(DataTable)
        if table.row_count == 0:
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return row_key.value

    def _selected_profile(self) -> Profile | None:
        key = self._selected_key()
        if key is None or key == STARTUP_ROW:
            self.notify("Choose a saved profile (the first row is the command line).", markup=False)
            return None
        return self.profiles.get(key)

    def _selected_plan(self) -> LaunchPlan | None:
        key = self._selected_key()
        if key is None:
            return None
        if key == STARTUP_ROW:
            return self.startup_plan
        profile = self.profiles.get(key)
        return profile_plan(profile) if profile is not None else None

    # -- actions ------------------------------------------------------------------------------

    @on(DataTable.RowSelected, "#profiles-table")
    def row_selected(self, _event: DataTable.RowSelected) -> None:
        self.action_connect()

    @guarded
    def action_connect(self) -> None:
        plan = self._selected_plan()
        if plan is None:
            return
        self.dismiss(plan)  # the app switches (see ExplorerApp.action_connections)

    @guarded
    def action_add(self) -> None:
        open_screen(self.app, ProfileFormScreen(), callback=self._saved(None))

    @guarded
    def action_edit(self) -> None:
        profile = self._selected_profile()
        if profile is not None:
            open_screen(self.app, ProfileFormScreen(profile), callback=self._saved(profile.name))

    def _saved(self, original: str | None) -> Any:
        def saved(profile: Profile | None) -> None:
            if profile is not None:
                self.store(profile, original)

        return saved

    @work(exclusive=True, group=workers.PROFILES, exit_on_error=False)
    async def store(self, profile: Profile, original: str | None) -> None:
        if original is None and profile.name in self.profiles:
            from explorer.core.store.profiles import ProfileError

            raise ProfileError(
                "Profile exists",
                f"there is already a profile {profile.name!r}; edit it (e) instead",
            )
        await asyncio.to_thread(save_profile, profile)
        if original is not None and original != profile.name:
            await asyncio.to_thread(remove_profile, original)
        self.notify(f"Saved {profile.describe()}", markup=False)
        self.profiles = await asyncio.to_thread(load_profiles)
        self.show_profiles(profile.name)

    @guarded
    def action_test(self) -> None:
        key = self._selected_key()
        if key is None:
            return
        self.test_connection(key)

    @work(exclusive=True, group=workers.PROFILE_TEST, exit_on_error=False)
    async def test_connection(self, key: str) -> None:
        result = self.query_one("#connect-result", Static)
        if key == STARTUP_ROW:
            options, label = self.startup_plan.connection, "(command line)"
            if self.startup_plan.embedded:
                result.update(Text(f"{label}: a local server started by this program"))
                return
        else:
            profile = self.profiles[key]
            label = profile.name
            if profile.embedded:
                result.update(Text(f"{safe_text(label)}: starts a local server when used"))
                return
            options = resolve(CliValues(), {}, profile)
        result.update(Text(f"Testing {safe_text(label)}…"))
        try:
            info = await check_connection(options)
        except Exception as error:
            result.update(Text(f"{safe_text(label)}: failed", style="bold"))
            show_error(self.app, error)
            return
        result.update(
            Text(
                f"{safe_text(label)}: OK, Weaviate {safe_text(info.version)} at {safe_text(options.describe())}"
            )
        )

    @guarded
    def action_delete(self) -> None:
        profile = self._selected_profile()
        if profile is None:
            return

        def confirmed(ok: bool | None) -> None:
            if ok:
                self.delete(profile.name)

        open_screen(
            self.app,
            ConfirmTypedScreen(
                f"Delete the profile {profile.name}", profile.name, profile.describe()
            ),
            callback=confirmed,
        )

    @work(exclusive=True, group=workers.PROFILES, exit_on_error=False)
    async def delete(self, name: str) -> None:
        await asyncio.to_thread(remove_profile, name)
        self.notify(f"Deleted the profile {name}", markup=False)
        self.profiles = await asyncio.to_thread(load_profiles)
        self.show_profiles()

    def action_close(self) -> None:
        self.dismiss(None)


def _auth_text(api_key: str | None, oidc: bool) -> str:
    if api_key:
        return f"API key {mask_secret(api_key)}"
    return "OIDC" if oidc else "none"
