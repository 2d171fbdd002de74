"""A quiet idle app: the status bar repaints only on change; help is built once."""

from __future__ import annotations

from typing import Any

from textual.app import App, ComposeResult

from explorer.tui.app import ExplorerApp
from explorer.tui.screens.help_screen import HelpScreen
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


async def test_the_help_screen_is_built_once_and_reused(app: ExplorerApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        first = app.screen
        assert isinstance(first, HelpScreen)
        table = first.query_one("#help-table")
        await pilot.press("question_mark")  # ? closes it too
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("question_mark", "escape", "question_mark")
        assert app.screen is first
        assert first.query_one("#help-table") is table
        assert sum(isinstance(screen, HelpScreen) for screen in app.screen_stack) == 1
