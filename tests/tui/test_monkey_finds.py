"""Crashes the key monkey found, each pinned by the keys that caused it."""

from __future__ import annotations

from textual.widgets import DataTable

from explorer.tui.app import ExplorerApp
from explorer.tui.screens.error_details import ErrorDetailsScreen
from tests.tui.helpers import settle, wait_until


async def test_bottom_of_an_empty_table_highlights_no_row(app: ExplorerApp) -> None:
    """G on the empty results table put its cursor on row -1 (seeds 7 and 8)."""
    async with app.run_test(size=(140, 45)) as pilot:
        await wait_until(pilot, lambda: app.opened is not None, "connected")
        await pilot.press("3")
        table = app.screen.query_one("#query-table", DataTable)
        table.focus()
        await pilot.press("G", "end", "pagedown", "g")
        await settle(pilot)
        assert table.row_count == 0
        assert not any(isinstance(s, ErrorDetailsScreen) for s in app.screen_stack)
        assert table.cursor_row == 0
