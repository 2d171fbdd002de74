"""Crashes the key monkey found, each pinned by the keys that caused it."""

from __future__ import annotations

from textual.widgets import DataTable, Header, OptionList, Select
from textual.widgets._header import HeaderTitle

from explorer.tui.app import ExplorerApp
from explorer.tui.panes.objects_pane import ObjectsPane
from explorer.tui.screens.error_details import ErrorDetailsScreen
from explorer.tui.screens.filter_builder import FilterBuilderScreen
from tests.integration.books import Book
from tests.tui.helpers import loaded_pane, press_at_once, settle, wait_until
from tests.tui.test_flows import running_on_books


async def test_bottom_of_an_empty_table_highlights_no_row(app: ExplorerApp) -> None:
    """G on the empty results table put its cursor on row -1 (seeds 7 and 8)."""
    async with app.run_test(size=(140, 45)) as pilot:
        await wait_until(pilot, lambda: app.opened is not None, "connected")
        await pilot.press("3")
        table = app.screen.query_one("#query-table", DataTable)
        table.focus()
        await pilot.press("G", "end", "pagedown", "g")
        await settle(pilot)
        assert table.row_count == 0
        assert not any(isinstance(s, ErrorDetailsScreen) for s in app.screen_stack)
        assert table.cursor_row == 0


async def test_a_builder_row_closed_before_it_is_drawn(
    app: ExplorerApp, books: tuple[str, list[Book]]
) -> None:
    """ctrl+n then Esc at once: the new row was gone when its focus call ran (seed 11), and the
    NoMatches it raised ended the app."""
    name, _ = books
    async with running_on_books(app, name) as pilot:
        (await loaded_pane(pilot, ObjectsPane)).table.focus()
        await pilot.press("F")
        await wait_until(pilot, lambda: isinstance(app.screen, FilterBuilderScreen), "builder")
        for _ in range(3):
            await press_at_once(pilot, "ctrl+n", "escape")
            await settle(pilot)
            assert app.is_running
            assert not any(isinstance(s, ErrorDetailsScreen) for s in app.screen_stack)
            if not isinstance(app.screen, FilterBuilderScreen):
                await pilot.press("F")
                await wait_until(
                    pilot, lambda: isinstance(app.screen, FilterBuilderScreen), "builder"
                )


async def test_a_builder_preview_while_a_row_is_still_mounting(
    app: ExplorerApp, books: tuple[str, list[Book]]
) -> None:
    """The preview ran for a row whose fields were not mounted yet: NoMatches(".row-property")
    ended the app (seed 2026, after 6,245 keys: ... ctrl+d escape w b n minus end w)."""
    from explorer.tui.screens.filter_builder import ConditionRow

    name, _ = books
    async with running_on_books(app, name) as pilot:
        (await loaded_pane(pilot, ObjectsPane)).table.focus()
        await pilot.press("F")
        await wait_until(pilot, lambda: isinstance(app.screen, FilterBuilderScreen), "builder")
        builder = app.screen
        assert isinstance(builder, FilterBuilderScreen)
        rows = builder.query_one("#builder-rows")
        rows.mount(ConditionRow(builder.config))  # not awaited: its fields are not there yet
        builder.update_preview()
        await settle(pilot)
        assert app.is_running
        assert not any(isinstance(s, ErrorDetailsScreen) for s in app.screen_stack)


async def test_page_keys_as_a_select_opens(app: ExplorerApp) -> None:
    """A page key that reached a Select's drop-down before its first layout raised KeyError in
    Textual, which ended the app (seed 7, after 4,150 keys: ... tab enter tab pagedown). The key
    is sent the moment Enter's expansion has focused the drop-down, before any layout."""
    async with app.run_test(size=(140, 45)) as pilot:
        await wait_until(pilot, lambda: app.opened is not None, "connected")
        await pilot.press("3")
        kind = app.screen.query_one("#query-kind", Select)
        for action in ("action_page_down", "action_page_up"):
            kind.focus()
            await settle(pilot)
            kind.expanded = True  # what Enter does
            drop_down = kind.query_one(OptionList)
            assert drop_down.highlighted is not None
            getattr(drop_down, action)()  # before the app had a chance to lay it out
            await settle(pilot)
            await pilot.press("escape")
            await settle(pilot)
            assert app.is_running and not kind.expanded


async def test_a_title_change_as_a_header_is_taken_down(app: ExplorerApp) -> None:
    """The title changed while a screen's header was losing its children: Textual's watcher
    found no HeaderTitle and its NoMatches ended the app (seed 2026, after 4,515 keys)."""
    async with app.run_test(size=(140, 45)) as pilot:
        await wait_until(pilot, lambda: app.opened is not None, "connected")
        header = app.screen.query_one(Header)
        await header.query_one(HeaderTitle).remove()  # as when its screen closes
        app.title = "renamed"
        await settle(pilot)
        assert app.is_running and app._exception is None


async def test_a_select_whose_parts_went_before_its_mount() -> None:
    """The app closed as the Lab mounted: Select._on_mount met its removed drop-down (NoMatches
    SelectOverlay on ExplorerSelect#compare-fusion), or its removed label (NoMatches #label on
    SelectCurrent, #rag-mode), both seen in CI, and ended the app."""
    from textual import events
    from textual.app import App, ComposeResult
    from textual.widgets._select import SelectCurrent, SelectOverlay

    from explorer.tui.widgets.explorer_lists import ExplorerSelect

    class Selects(App[None]):
        def compose(self) -> ComposeResult:
            yield ExplorerSelect([("a", 1), ("b", 2)], id="no-overlay", allow_blank=False)
            yield ExplorerSelect([("a", 1), ("b", 2)], id="no-label", allow_blank=False)

    app = Selects()
    async with app.run_test() as pilot:
        no_overlay = app.query_one("#no-overlay", ExplorerSelect)
        await no_overlay.query_one(SelectOverlay).remove()
        no_overlay.post_message(events.Mount())
        no_label = app.query_one("#no-label", ExplorerSelect)
        await no_label.query_one(SelectCurrent).query_one("#label").remove()
        no_label.post_message(events.Mount())
        await settle(pilot)
        no_label.value = 2
        await settle(pilot)
        assert app.is_running and app._exception is None


async def test_a_pane_key_before_its_pane_is_mounted(app: ExplorerApp) -> None:
    """The key monkey's first keys, 6 then I (seed 752970): the Cluster pane mounts just after
    the first frame, and `6` before that raised NoMatches '#cluster-nodes'. It now waits for the
    pane, then focuses it."""
    from textual.widgets import TabbedContent

    from tests.tui.monkey import post_keys_at_once

    async with app.run_test(size=(140, 45)) as pilot:
        assert not app.query("#cluster-nodes")  # not mounted yet
        post_keys_at_once(app, ["6"])
        await wait_until(
            pilot, lambda: app.focused is not None and app.focused.id == "cluster-nodes", "focus"
        )
        assert app.main_screen.query_one(TabbedContent).active == "tab-cluster"
        assert not any(isinstance(s, ErrorDetailsScreen) for s in app.screen_stack)


async def test_a_screen_closed_before_its_mount_event_sets_nothing_up(app: ExplorerApp) -> None:
    """Key monkey, seed 2026 after 3,109 keys (… S escape ctrl+p b tab): the tenant picker was
    closed before its Mount event was handled, and its on_mount's NoMatches '#tenant-list' ended
    the app. A closed screen's Mount is a no-op; an open screen's error still stands."""
    import pytest
    from textual import events
    from textual.css.query import NoMatches

    from explorer.core.base.models import TenantInfo
    from explorer.tui.screens.tenant_picker import TenantPickerScreen

    tenants = (TenantInfo("north", "ACTIVE"), TenantInfo("south", "ACTIVE"))
    async with app.run_test(size=(140, 45)) as pilot:
        picker = TenantPickerScreen("Stock", tenants)
        app.push_screen(picker)
        await wait_until(pilot, lambda: app.screen is picker and picker.is_mounted, "picker")
        await picker.query_one("#tenant-list").remove()
        with pytest.raises(NoMatches):  # open: the set-up's error is real
            await picker.on_event(events.Mount())
        picker.dismiss(None)
        await wait_until(pilot, lambda: picker not in app.screen_stack, "closed")
        await picker.on_event(events.Mount())  # closed: nothing to set up, nothing raised
        assert app.is_running and app._exception is None
