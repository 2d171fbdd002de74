"""Each screen draws its frame without another thread asking for the GIL, or the collector
running, halfway."""

from __future__ import annotations

import gc
import importlib
import inspect
import pkgutil
import sys

import pytest
from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.strip import Strip
from textual.widgets import Static

import explorer.tui
from explorer.tui.frame_priority import FRAME_SWITCH_INTERVAL, FramesKeepTheGil
from explorer.tui.main_screen import MainScreen
from explorer.tui.screen_stack import ClosesOnlyItself, ModalClosesOnlyItself
from tests.tui.helpers import wait_until


class _Recorder(Static):
    """Records the switch interval in force, and whether the collector is on, as it is drawn."""

    def __init__(self) -> None:
        super().__init__("drawn")
        self.intervals: list[float] = []
        self.collecting: list[bool] = []

    def render_line(self, y: int) -> Strip:
        self.intervals.append(sys.getswitchinterval())
        self.collecting.append(gc.isenabled())
        return super().render_line(y)


class _Screen(ClosesOnlyItself[None]):
    def compose(self) -> ComposeResult:
        yield _Recorder()


class _Modal(ModalClosesOnlyItself[None]):
    def compose(self) -> ComposeResult:
        yield _Recorder()


async def _drawn_twice(screen: Screen[None]) -> _Recorder:
    """``screen``'s recorder, once it has been drawn twice."""
    app: App[None] = App()
    async with app.run_test(size=(40, 5)) as pilot:
        await app.push_screen(screen)
        recorder = screen.query_one(_Recorder)
        await wait_until(pilot, lambda: bool(recorder.intervals), "a frame")
        recorder.update("drawn again")
        await wait_until(pilot, lambda: len(recorder.intervals) > 1, "a second frame")
        return recorder


async def test_a_frame_is_drawn_at_the_long_interval_and_uncollected_until_it_ends() -> None:
    before, collecting = sys.getswitchinterval(), gc.isenabled()
    for screen in (_Screen(), _Modal()):
        recorder = await _drawn_twice(screen)
        assert min(recorder.intervals) >= FRAME_SWITCH_INTERVAL * 0.99  # in whole microseconds
        assert not any(recorder.collecting)
        assert (sys.getswitchinterval(), gc.isenabled()) == (before, collecting)  # after them


async def test_the_old_interval_comes_back_when_a_frame_fails() -> None:
    class _Broken(Static):
        def render_line(self, y: int) -> Strip:
            raise RuntimeError("a widget that cannot draw")

    class _BrokenScreen(ClosesOnlyItself[None]):
        def compose(self) -> ComposeResult:
            yield _Broken()

    before, collecting = sys.getswitchinterval(), gc.isenabled()
    app: App[None] = App()
    with pytest.raises(RuntimeError, match="cannot draw"):
        async with app.run_test(size=(40, 5)) as pilot:
            await app.push_screen(_BrokenScreen())
            await pilot.pause()
    assert (sys.getswitchinterval(), gc.isenabled()) == (before, collecting)


def test_every_screen_of_the_app_keeps_the_gil_while_it_draws() -> None:
    """The app's screens all derive from the three bases that draw this way."""
    assert issubclass(MainScreen, FramesKeepTheGil)
    missing = []
    for module_info in pkgutil.walk_packages(explorer.tui.__path__, "explorer.tui."):
        module = importlib.import_module(module_info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if (
                cls.__module__ == module.__name__
                and issubclass(cls, Screen)
                and not issubclass(cls, FramesKeepTheGil)
                and cls.__name__ != "ExplorerCommandPalette"
            ):
                missing.append(f"{module.__name__}.{cls.__name__}")
    assert missing == []
