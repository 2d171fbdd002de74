"""A quiet idle app: the status bar's timer repaints only when its text changes."""

from __future__ import annotations

from typing import Any

from textual.app import App, ComposeResult

from explorer.tui.status_bar import StatusBar


class BarApp(App[None]):
    def compose(self) -> ComposeResult:
        yield StatusBar()


async def test_the_status_bar_skips_an_unchanged_line() -> None:
    app = BarApp()
    async with app.run_test(size=(80, 5)) as pilot:
        bar = app.query_one(StatusBar)
        updates: list[Any] = []
        original = bar.update

        def counted(content: Any = "", **kwargs: Any) -> None:
            updates.append(content)
            original(content, **kwargs)

        bar.update = counted  # type: ignore[method-assign]
        bar.show_message("ready")
        for _ in range(5):
            bar.refresh_status()
        await pilot.pause()
        assert len(updates) == 1
        bar.show_message("changed")
        assert len(updates) == 2
