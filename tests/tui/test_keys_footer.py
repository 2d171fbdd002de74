"""The footer is rebuilt only when the keys it shows change."""

from __future__ import annotations

import re
from pathlib import Path

from textual.widgets._footer import FooterKey

from explorer.tui.app import ExplorerApp
from explorer.tui.panes.collections_pane import CollectionsTable
from explorer.tui.panes.objects_pane import ObjectsPane
from explorer.tui.screens.help_screen import HelpScreen
from explorer.tui.widgets.explorer_table import ExplorerTable
from explorer.tui.widgets.keys_footer import KeysFooter
from tests.tui.helpers import loaded_pane, wait_until, wait_until_still

EXPLORER = Path(__file__).resolve().parents[2] / "explorer"


def _keys(app: ExplorerApp) -> list[FooterKey]:
    return list(app.main_screen.query_one(KeysFooter).query(FooterKey))


async def test_the_footer_keeps_its_keys_when_they_stay_and_changes_them_when_they_change(
    app: ExplorerApp,
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: app.opened is not None, "the connection")
        objects = await loaded_pane(pilot, ObjectsPane)
        objects.query_one(ExplorerTable).focus()
        await wait_until_still(pilot)
        shown = _keys(app)
        assert shown
        # A screen above opens and closes: the same keys, so the same key widgets.
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), "the help")
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is app.main_screen, "the main screen")
        await wait_until_still(pilot)
        assert _keys(app) == shown
        assert all(a is b for a, b in zip(_keys(app), shown, strict=True))
        # Focus moves to a widget with other keys: the footer shows them.
        app.main_screen.query_one(CollectionsTable).focus()
        await wait_until_still(pilot)
        now = _keys(app)
        assert {k.action for k in now} != {k.action for k in shown}
        expected = {
            binding.action
            for (_node, binding, _enabled, _tooltip) in app.main_screen.active_bindings.values()
            if binding.show
        }
        assert {k.action for k in now} - {"command_palette"} <= expected


def test_every_footer_the_app_makes_is_a_keys_footer() -> None:
    made = [
        f"{path.relative_to(EXPLORER)}:{number}"
        for path in EXPLORER.rglob("*.py")
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if re.search(r"(?<![\w.])Footer\(", line)
    ]
    assert made == []
