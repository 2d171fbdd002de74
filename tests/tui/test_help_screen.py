"""The help screen draws its table (every key, about 90 ms of Rich) in a thread, not on the
UI's loop, at the width the help box gives it, and keeps it for the next ``?``."""

from __future__ import annotations

import threading

import pytest
from textual.widgets import Static

from explorer.tui.app import ExplorerApp
from explorer.tui.screens.help_screen import DrawnTable, HelpScreen
from tests.tui.helpers import wait_until


def screen_text(app: ExplorerApp) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def test_the_table_is_drawn_once_in_a_thread_at_the_width_it_shows_at(
    app: ExplorerApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    on_the_loop: list[bool] = []
    draw = DrawnTable.draw.__func__  # type: ignore[attr-defined]

    def recorded(cls: type[DrawnTable], table: object, width: int) -> DrawnTable:
        on_the_loop.append(threading.current_thread() is threading.main_thread())
        return draw(cls, table, width)

    monkeypatch.setattr(DrawnTable, "draw", classmethod(recorded))
    async with app.run_test(size=(140, 45)) as pilot:
        await wait_until(pilot, lambda: app.opened is not None, "connected")
        for _ in range(2):
            await pilot.press("question_mark")
            await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), "the help")
            shown = app.screen.query_one("#help-table", Static)
            await wait_until(
                pilot,
                lambda shown=shown: isinstance(shown.content, DrawnTable),  # type: ignore[misc]
                "the table",
            )
            assert isinstance(shown.content, DrawnTable)
            # Drawn at the width it is shown at, so it is never drawn again on the loop.
            assert shown.content.width == shown.content_region.width
            text = screen_text(app)
            assert "Show every key" in text and "Cancel the call in flight" in text
            await pilot.press("escape")
            await wait_until(pilot, lambda: not isinstance(app.screen, HelpScreen), "closed")
        assert on_the_loop == [False]  # once, and off the UI's thread


async def test_a_narrower_box_draws_the_table_again_in_a_thread(
    app: ExplorerApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A terminal resized so the box narrows: the table is drawn again at the box's new width,
    off the UI's thread, and the keys stay on screen, wrapped to it."""
    widths: list[tuple[int, bool]] = []
    draw = DrawnTable.draw.__func__  # type: ignore[attr-defined]

    def recorded(cls: type[DrawnTable], table: object, width: int) -> DrawnTable:
        widths.append((width, threading.current_thread() is threading.main_thread()))
        return draw(cls, table, width)

    monkeypatch.setattr(DrawnTable, "draw", classmethod(recorded))
    async with app.run_test(size=(140, 45)) as pilot:
        await wait_until(pilot, lambda: app.opened is not None, "connected")
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), "the help")
        shown = app.screen.query_one("#help-table", Static)
        await wait_until(pilot, lambda: isinstance(shown.content, DrawnTable), "the table")
        wide = shown.content_region.width
        await pilot.resize_terminal(70, 30)
        await wait_until(
            pilot,
            lambda: (
                isinstance(shown.content, DrawnTable)
                and shown.content.width == shown.content_region.width < wide
            ),
            "the table at the new width",
        )
        assert [width for width, _ in widths] == [wide, shown.content_region.width]
        assert not any(on_the_loop for _, on_the_loop in widths)
        text = screen_text(app)
        assert "Show every key" in text and "Focus the collections" in text  # "list" wraps
