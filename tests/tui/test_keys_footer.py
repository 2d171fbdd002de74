"""The footer: the focused widget's keys, repainted (never laid out) when they change."""

from __future__ import annotations

from explorer.tui.app import ExplorerApp
from explorer.tui.panes.collections_pane import CollectionsTable
from explorer.tui.panes.objects_pane import ObjectsPane
from explorer.tui.screens.help_screen import HelpScreen
from explorer.tui.widgets.explorer_table import ExplorerTable
from explorer.tui.widgets.keys_footer import KeysFooter
from tests.tui.helpers import (
    count_layouts,
    loaded_pane,
    made_in_the_app,
    wait_until,
    wait_until_still,
)


def _shown_actions(app: ExplorerApp) -> set[str]:
    return {
        binding.action
        for (_node, binding, _enabled, _tooltip) in app.screen.active_bindings.values()
        if binding.show
    }


async def test_the_footer_follows_the_focus_and_lays_nothing_out(app: ExplorerApp) -> None:
    async with app.run_test(size=(160, 40)) as pilot:
        await wait_until(pilot, lambda: app.opened is not None, "the connection")
        objects = await loaded_pane(pilot, ObjectsPane)
        objects.query_one(ExplorerTable).focus()
        await wait_until_still(pilot)
        footer = app.screen.query_one(KeysFooter)
        on_objects = footer.keys
        assert {k.action for k in on_objects} == _shown_actions(app)
        layouts = count_layouts(app.screen)
        app.screen.query_one(CollectionsTable).focus()
        await wait_until_still(pilot)
        assert footer.keys != on_objects
        assert {k.action for k in footer.keys} == _shown_actions(app)
        drawn = footer.render().plain
        assert all(k.display in drawn for k in footer.keys)
        assert layouts == []


async def test_a_click_on_a_key_presses_it(app: ExplorerApp) -> None:
    async with app.run_test(size=(160, 40)) as pilot:
        await wait_until(pilot, lambda: app.opened is not None, "the connection")
        await wait_until(pilot, lambda: bool(app.screen.query(KeysFooter)), "the footer")
        footer = app.screen.query_one(KeysFooter)
        await wait_until_still(pilot)
        footer.render()
        start = next(start for start, _end, key in footer._spans if key.key == "question_mark")
        await pilot.click(KeysFooter, offset=(start + 1, 0))
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), "the help")


def test_every_footer_the_app_makes_is_a_keys_footer() -> None:
    assert made_in_the_app("Footer") == []
