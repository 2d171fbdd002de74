"""The Connections screen moves with the same vi keys as every other list (issue 15, item 26)."""

from __future__ import annotations

from textual.widgets import DataTable

from explorer.core.store.profiles import Profile, save_profile
from explorer.tui.app import ExplorerApp
from explorer.tui.screens.connect_screen import ConnectScreen
from tests.tui.helpers import wait_until


async def test_vi_keys_move_the_cursor_in_the_connections_screen(app: ExplorerApp) -> None:
    for name, port in (("alpha", 18080), ("beta", 18081), ("gamma", 18082)):
        save_profile(Profile(name=name, kind="local", http_port=port, grpc_port=port + 1000))
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.press("C")
        await wait_until(pilot, lambda: isinstance(app.screen, ConnectScreen), "the screen")
        table = app.screen.query_one("#profiles-table", DataTable)
        await wait_until(pilot, lambda: table.row_count == 4, "the command line and 3 profiles")
        assert table.cursor_row == 0
        await pilot.press("j")
        assert table.cursor_row == 1
        await pilot.press("G")
        assert table.cursor_row == 3
        await pilot.press("k")
        assert table.cursor_row == 2
        await pilot.press("g")
        assert table.cursor_row == 0
