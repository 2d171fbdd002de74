"""Each pane is imported and mounted when first needed, and shows what it missed."""

from __future__ import annotations

from textual.widgets import Static, TabbedContent

from explorer.tui.app import PANE_TABS, ExplorerApp
from explorer.tui.panes.objects_pane import ObjectsPane
from explorer.tui.panes.schema_pane import SchemaPane
from explorer.tui.widgets.pane_slot import PaneSlot
from tests.integration.books import Book
from tests.tui.helpers import loaded_pane, press_at_once, wait_for_collection, wait_until

HIDDEN = ("query", "schema", "aggregate", "cluster", "lab")


def mounted(app: ExplorerApp) -> set[str]:
    return {key for key in PANE_TABS if app.pane(key) is not None}


async def test_only_the_objects_pane_mounts_until_a_tab_is_shown(
    app: ExplorerApp, books: tuple[str, list[Book]]
) -> None:
    name, _ = books
    async with app.run_test(size=(140, 45)) as pilot:
        await wait_for_collection(pilot, name)
        await loaded_pane(pilot, ObjectsPane)
        await pilot.pause()
        assert mounted(app) == {"objects"}
        assert len(app.main_screen.query(PaneSlot)) == len(HIDDEN)


async def test_a_pane_mounted_after_the_collection_opened_shows_that_collection(
    app: ExplorerApp, books: tuple[str, list[Book]]
) -> None:
    name, _ = books
    async with app.run_test(size=(140, 45)) as pilot:
        await wait_for_collection(pilot, name)
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.config is not None, "the collection's config")
        assert "schema" not in mounted(app)
        await pilot.press("4")
        schema = await loaded_pane(pilot, SchemaPane)
        assert schema.config is not None and schema.config.name == name
        summary = str(schema.query_one("#schema-summary", Static).render())
        assert name in summary


async def test_each_pane_key_focuses_its_pane_whatever_was_shown_before(
    app: ExplorerApp, books: tuple[str, list[Book]]
) -> None:
    """ "5" then "3" stayed on Aggregate: hiding the focused field moved the focus to the next
    one, in the tab being left, and that showed it again."""
    name, _ = books
    async with app.run_test(size=(140, 45)) as pilot:
        await wait_for_collection(pilot, name)
        await pilot.press("enter")
        tabs = app.main_screen.query_one(TabbedContent)
        for key, pane in (("5", "aggregate"), ("3", "query"), ("6", "cluster"), ("4", "schema")):
            await pilot.press(key)
            assert tabs.active == PANE_TABS[pane], (key, tabs.active)
            focused = app.focused
            assert focused is not None and app.pane(pane) in focused.ancestors_with_self, key


async def test_pane_keys_typed_in_a_burst_end_on_the_last_one(
    app: ExplorerApp, books: tuple[str, list[Book]]
) -> None:
    name, _ = books
    async with app.run_test(size=(140, 45)) as pilot:
        await wait_for_collection(pilot, name)
        await pilot.press("enter")
        await press_at_once(pilot, "5", "3", "4", "5", "3")
        tabs = app.main_screen.query_one(TabbedContent)
        await wait_until(pilot, lambda: app.pane("query") is not None, "the query pane")
        await pilot.pause()
        assert tabs.active == PANE_TABS["query"]
        focused = app.focused
        assert focused is not None and app.pane("query") in focused.ancestors_with_self
