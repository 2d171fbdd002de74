"""KeyOrder on a small app: a busy widget keeps the next key waiting; a lost one releases it."""

from __future__ import annotations

import asyncio
from typing import Any

from textual import events
from textual.app import App, ComposeResult
from textual.widgets import Input

from explorer.tui.app import ExplorerApp
from explorer.tui.key_order import KeyOrder, OrderedInput
from tests.tui.helpers import wait_until
from tests.tui.monkey import post_keys_at_once


class SlowSwitch(Input):
    """ "3" moves the focus to the second input, after a second of work (a pane switch on a
    loaded machine); "x" removes this input, so the key's way up is lost."""

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "3":
            event.prevent_default()
            await asyncio.sleep(1.0)  # longer than STALL_AFTER
            for second in self.app.query("#second"):  # gone if the app closed meanwhile
                second.focus()
            return
        if event.key == "x":
            event.prevent_default()
            await self.remove()
            return
        await super()._on_key(event)


class Ordered(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.key_order = KeyOrder(self, self._dispatch_typed)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key | events.Paste) and not event.is_forwarded:
            await self.key_order.take(event)
            return
        await super().on_event(event)

    async def _dispatch_typed(self, event: OrderedInput) -> None:
        await super().on_event(event)

    def compose(self) -> ComposeResult:
        yield SlowSwitch(id="first")
        yield Input(id="second")


async def test_a_busy_widget_holds_the_next_keys_until_it_is_done() -> None:
    app = Ordered()
    async with app.run_test() as pilot:
        app.query_one("#first", Input).focus()
        await pilot.pause()
        post_keys_at_once(app, ["3", "o", "k"])
        second = app.query_one("#second", Input)
        await wait_until(pilot, lambda: second.value == "ok", "the text in the second input")
        assert app.query_one("#first", Input).value == ""
        assert app.key_order.waiting == 0


async def test_a_key_whose_widget_went_releases_the_next_keys() -> None:
    app = Ordered()
    async with app.run_test() as pilot:
        app.query_one("#first", Input).focus()
        await pilot.pause()
        post_keys_at_once(app, ["x", "o", "k"])
        second = app.query_one("#second", Input)
        started = asyncio.get_running_loop().time()
        await wait_until(pilot, lambda: app.key_order.waiting == 0, "the keys released")
        waited: Any = asyncio.get_running_loop().time() - started
        assert not app.query("#first")
        assert waited < KeyOrder.GIVE_UP_AFTER
        second.focus()
        await pilot.press("z")
        assert second.value.endswith("z")


async def test_keys_still_waiting_when_the_app_closes_are_dropped() -> None:
    """The key monkey (seed 752970, CI): keys held behind a busy widget were handed on as the
    app closed, with no screen left, and ScreenStackError ended the run."""
    app = Ordered()
    async with app.run_test() as pilot:
        app.query_one("#first", Input).focus()
        await pilot.pause()
        post_keys_at_once(app, ["3", *"abcdefgh"])
        await asyncio.sleep(0.1)
        assert app.key_order.waiting > 0
    assert app._exception is None


async def test_a_key_bubbling_up_as_the_last_screen_goes_is_dropped(app: ExplorerApp) -> None:
    """The key monkey (seed 752970, CI): a key reached the app's bindings after the last screen
    was popped (the app closing), and ScreenStackError ended the run."""
    async with app.run_test() as pilot:
        await pilot.pause()
        key = events.Key("x", "x")
        key._set_forwarded()  # bubbled up from a widget, as it was
        stack = app._screen_stacks[app._current_mode]
        app._screen_stacks[app._current_mode] = []
        try:
            await app.on_event(key)
        finally:
            app._screen_stacks[app._current_mode] = stack
        assert app._exception is None
