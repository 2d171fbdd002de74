"""Keys faster than screens: a screen opens once, and a late close never pops another screen."""

from __future__ import annotations

import asyncio

from textual.app import App
from textual.command import CommandList, CommandPalette

from explorer.tui.app import ExplorerApp
from explorer.tui.screen_stack import ExplorerCommandPalette
from explorer.tui.screens.connect_screen import ConnectScreen
from explorer.tui.screens.error_details import ErrorDetailsScreen
from tests.tui.helpers import settle, wait_until
from tests.tui.monkey import post_keys_at_once


async def test_a_screen_key_pressed_twice_fast_opens_one_screen(app: ExplorerApp) -> None:
    async with app.run_test(size=(140, 45)) as pilot:
        await wait_until(pilot, lambda: app.opened is not None, "connected")
        post_keys_at_once(app, ["C", "C"])
        await settle(pilot)
        assert [type(s) for s in app.screen_stack[1:]] == [ConnectScreen]
        post_keys_at_once(app, ["escape", "C", "escape", "C"])  # closing while opening again
        await settle(pilot)
        assert not any(isinstance(s, ErrorDetailsScreen) for s in app.screen_stack)
        assert [type(s) for s in app.screen_stack[1:]] in ([], [ConnectScreen])
        assert app.is_running


async def test_enter_twice_in_the_palette_closes_only_the_palette(app: ExplorerApp) -> None:
    async with app.run_test(size=(140, 45)) as pilot:
        await wait_until(pilot, lambda: app.opened is not None, "connected")
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette")
        await pilot.press(*"Connections")
        main = app.screen_stack[0]
        post_keys_at_once(app, ["enter", "enter", "enter"])
        await settle(pilot)
        assert app.is_running and app.return_code is None
        assert app.screen_stack[0] is main
        assert not any(isinstance(s, ErrorDetailsScreen) for s in app.screen_stack)
        # Enter selects, Enter runs, and the third goes where the keys are: to the palette as it
        # closes (ignored), or, on a loaded machine, to the Connections screen already open,
        # whose Enter connects to the highlighted row (the command line's) and closes it.
        assert [type(s) for s in app.screen_stack[1:]] in ([ConnectScreen], [])
        await wait_until(pilot, lambda: app.opened is not None, "connected")


async def test_page_keys_in_the_palette_as_its_first_hits_arrive(app: ExplorerApp) -> None:
    async with app.run_test(size=(140, 45)) as pilot:
        post_keys_at_once(app, ["ctrl+p", "R"])  # typed before the palette's list is laid out
        while not isinstance(app.screen, CommandPalette):  # noqa: ASYNC110 (no event to await)
            await asyncio.sleep(0)
        palette = app.screen
        while not palette.query(CommandList) or not palette.query_one(CommandList).option_count:  # noqa: ASYNC110
            await asyncio.sleep(0)
        await palette.run_action("command_list('page_up')")  # as a Page Up queued behind "R"
        await palette.run_action("command_list('page_down')")
        await settle(pilot)
        assert app.is_running and app.return_code is None
        assert app.screen is palette


async def test_a_palette_closed_before_it_mounted_sets_nothing_up() -> None:
    """Keys queued behind ctrl+p can close the palette before its Mount is handled (key monkey,
    seed 910367): Textual's set-up then read its calling screen from a stack it had left."""
    app: App[None] = App()
    async with app.run_test(size=(60, 12)) as pilot:
        palette = ExplorerCommandPalette()
        app.push_screen(palette)
        app.pop_screen()  # before the palette's Mount is handled
        await pilot.pause()
        assert app._exception is None and app.is_running
        assert app.screen_stack == [app.screen] and palette not in app.screen_stack


async def test_ctrl_p_as_the_palette_closes_opens_one_palette(app: ExplorerApp) -> None:
    """A closed palette stays among the app's children until its removal ends; ctrl+p in
    between pushed a second one with Textual's fixed id (DuplicateIds: key monkey, seed 289489
    after 18 keys)."""
    async with app.run_test(size=(140, 45)) as pilot:
        await wait_until(pilot, lambda: app.opened is not None, "connected")
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette")
        first = app.screen
        first.dismiss()  # off the stack at once; its removal runs later
        app.action_command_palette()  # before that removal ends
        await settle(pilot)
        assert app._exception is None and app.is_running
        palettes = [s for s in app.screen_stack if isinstance(s, CommandPalette)]
        assert len(palettes) == 1 and palettes[0] is not first
