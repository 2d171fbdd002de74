"""A quiet idle app: the status bar repaints only on change; help is built once."""

from __future__ import annotations

import gc
from typing import Any

from textual.app import App, ComposeResult
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Static

from explorer.core.base.gc_pauses import DEFERRED_THRESHOLD, DUE_AFTER
from explorer.tui.app import GC_IDLE_SECONDS, ExplorerApp
from explorer.tui.lab.lab_pane import LabPane
from explorer.tui.screens.help_screen import HelpScreen
from explorer.tui.status_bar import StatusBar
from explorer.tui.widgets.job_progress import JobProgress
from explorer.tui.widgets.pane_slot import PaneSlot
from tests.tui.helpers import wait_until, wait_until_still


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


async def test_full_collections_wait_while_the_app_runs_and_come_back_after(
    app: ExplorerApp,
) -> None:
    before = gc.get_threshold()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: app.opened is not None, "the connection")
        assert gc.get_threshold()[2] == DEFERRED_THRESHOLD
        assert gc.get_freeze_count() > 0  # the start-up objects
        await pilot.press("j")
        gc.collect()
        for _ in range(DUE_AFTER):  # no await in between: the app's timer cannot run here
            gc.collect(1)
        done = app.gc_pauses.collections
        assert not app.collect_garbage()  # due, but a key was just pressed
        assert app.gc_pauses.collections == done
        assert app.gc_pauses.pending() >= DUE_AFTER
        app.last_input -= GC_IDLE_SECONDS
        # Quiet now: the app's timer runs it, or this call does once the workers are done.
        await wait_until(
            pilot,
            lambda: app.gc_pauses.collections > done or app.collect_garbage(),
            "a full collection",
        )
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


async def test_nothing_animates_in_the_idle_app(app: ExplorerApp) -> None:
    """An indeterminate progress bar redraws 15 times a second, even hidden: the Lab's three
    bars (map, health, search quality) did, in the idle app."""
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: app.opened is not None, "the connection")
        await app.action_show_pane("lab")  # its pane mounts when first shown
        await app.action_show_pane("objects")
        await wait_until(pilot, lambda: bool(app.main_screen.query(LabPane)), "the Lab pane")
        await wait_until_still(pilot)
        animated = [w for w in app.main_screen.query("*") if w.auto_refresh is not None]
        assert animated == []
        assert len(app.main_screen.query(JobProgress)) == 3


class LaterApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.made: list[Widget] = []
        self.builds = 0
        self.slot = PaneSlot(self._build, then=self.made.append)

    def _build(self) -> Widget:
        self.builds += 1
        return Static("later", id="later")

    def compose(self) -> ComposeResult:
        yield self.slot


async def test_a_pane_slot_builds_its_pane_once_when_first_needed_in_its_place() -> None:
    app = LaterApp()
    async with app.run_test(size=(40, 5)) as pilot:
        await pilot.pause()
        assert app.builds == 0 and app.slot.pane is None  # nothing asked for it yet
        handed: list[Widget] = []
        app.slot.when_loaded(handed.append)
        app.slot.load()  # a second ask while it loads builds nothing more
        await wait_until(pilot, lambda: bool(handed), "the pane")
        later = app.query_one("#later", Static)
        # ``then`` first (the app's catch-up), then the callers, in order.
        assert app.made == handed == [later]
        assert app.builds == 1
        assert not app.query(PaneSlot)
        assert list(app.screen.children) == [later]
        app.slot.when_loaded(handed.append)  # mounted: at once
        assert handed == [later, later]


class Cover(Screen[None]):
    """An opaque screen over the main one, as the lab's views and the editors are."""

    def compose(self) -> ComposeResult:
        yield Static("covering the main screen")


class Veil(ModalScreen[None]):
    """A modal: its translucent backdrop still shows the main screen's status bar."""

    def compose(self) -> ComposeResult:
        yield Static("a dialog")


async def test_the_status_bar_waits_while_a_screen_hides_it_and_is_current_when_shown(
    app: ExplorerApp,
) -> None:
    """Textual repaints the whole top screen whenever the screen under it changes, so the
    bar of a hidden main screen draws nothing until the screens change again."""
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: app.opened is not None, "the connection")
        bar = app.status_bar
        await app.push_screen(Cover())
        await pilot.pause()
        before = str(bar.render())
        app.status_bar.show_message("said while hidden")
        app.refresh_status()
        await pilot.pause()
        assert str(bar.render()) == before
        app.pop_screen()
        await wait_until(pilot, lambda: "said while hidden" in str(bar.render()), "the bar")
        await app.push_screen(Veil())
        await pilot.pause()
        app.status_bar.show_message("said under a dialog")
        await pilot.pause()
        assert "said under a dialog" in str(bar.render())
