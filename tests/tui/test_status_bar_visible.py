"""Notifications never hide the status bar (issue 15, item 10)."""

from __future__ import annotations

from textual.widgets._toast import Toast

from explorer.tui.app import ExplorerApp
from tests.tui.helpers import wait_until


async def test_an_error_toast_leaves_the_status_bar_readable(app: ExplorerApp) -> None:
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await wait_until(pilot, lambda: app.opened is not None, "the connection")
        for _ in range(3):
            app.notify("a long error " * 20, title="Stale error", severity="error", timeout=60)
        await wait_until(pilot, lambda: len(app.screen.query(Toast)) == 3, "three toasts")
        status = app.status_bar.region
        assert status.height == 1
        for toast in app.screen.query(Toast):
            assert not toast.region.overlaps(status), (toast.region, status)
        assert "flight:" in app.export_screenshot()  # the bar's in-flight count is painted
