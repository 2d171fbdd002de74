"""User keymaps: settings.toml [keymap] moves a binding to other keys (footer and ? follow)."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console

from explorer.tui.app import ExplorerApp
from explorer.tui.keymap import parse_keymap
from explorer.tui.screens.help_screen import HelpScreen, help_table
from explorer.tui.widgets.keys_footer import KeysFooter
from tests.tui.helpers import notifications, wait_until


def write_settings(config: Path, text: str) -> Path:
    config.mkdir(parents=True, exist_ok=True)
    path = config / "settings.toml"
    path.write_text(text, encoding="utf-8")
    return path


async def test_a_keymap_override_moves_a_key_and_the_footer_and_help_show_it(
    app: ExplorerApp, isolated_config: Path
) -> None:
    write_settings(isolated_config, '[keymap]\n"app.help" = "f1"\n"app.collections" = "f2"\n')
    # The app reads the file when it starts, as a user's app does.
    app = ExplorerApp(app.plan, page_size=5)
    async with app.run_test(size=(140, 40)) as pilot:
        await wait_until(pilot, lambda: app.opened is not None, "connected")
        await wait_until(pilot, lambda: bool(app.screen.query(KeysFooter)), "the footer")
        footer = app.screen.query_one(KeysFooter)
        footer_keys = {k.key for k in footer.keys}
        assert "f1" in footer_keys and "question_mark" not in footer_keys
        assert " f1 Help " in footer.render().plain

        await pilot.press("question_mark")  # the old key no longer opens help
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)

        await pilot.press("f1")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), "help opened")
        assert not any(n.startswith("Keymap") for n in notifications(app))
    console = Console(width=200, record=True, file=io.StringIO())
    console.print(help_table(app.keymap))
    shown = console.export_text()
    assert "f1" in shown and "f2" in shown


async def test_unknown_ids_and_clashes_give_one_warning_naming_the_file_and_lines(
    app: ExplorerApp, isolated_config: Path
) -> None:
    path = write_settings(
        isolated_config,
        '# my keys\n[keymap]\n"app.nothing" = "x"\n"app.refresh" = "t"\n"app.help" = "f1"\n',
    )
    app = ExplorerApp(app.plan, page_size=5)
    async with app.run_test(size=(140, 40)) as pilot:
        await wait_until(pilot, lambda: bool(notifications(app)), "the warning")
        warnings = [n for n in notifications(app) if n.startswith("Keymap")]
        assert len(warnings) == 1
        assert str(path) in warnings[0]
        assert "line 3" in warnings[0] and "app.nothing" in warnings[0]
        assert "line 4" in warnings[0] and "app.tenant" in warnings[0]
        # The valid entry still applies; the clashing one does not.
        assert app.keymap.keys == {"app.help": "f1"}


def test_a_file_that_is_not_toml_says_where() -> None:
    keymap = parse_keymap('[keymap]\n"app.help" = f1\n')
    assert keymap.keys == {} and "line 2" in keymap.problems[0]


async def test_the_help_screen_closes_with_the_users_key(
    app: ExplorerApp, isolated_config: Path
) -> None:
    write_settings(isolated_config, '[keymap]\n"help.close" = "f9"\n')
    app = ExplorerApp(app.plan, page_size=5)
    async with app.run_test(size=(140, 40)) as pilot:
        await wait_until(pilot, lambda: app.opened is not None, "connected")
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), "help opened")
        await pilot.press("f9")
        await wait_until(pilot, lambda: not isinstance(app.screen, HelpScreen), "help closed")
        assert not any(n.startswith("Keymap") for n in notifications(app))


def test_a_key_moved_onto_a_key_of_another_scope_clashes() -> None:
    # n is "next page" in the objects pane and "new" in the collections list: refresh there
    # would never be reached.
    keymap = parse_keymap('[keymap]\n"app.refresh" = "n"\n')
    assert keymap.keys == {}
    assert "line 2" in keymap.problems[0] and "'app.refresh'" in keymap.problems[0]
    # Pane keys that shadow an everywhere key in the tables themselves are not the user's doing.
    assert parse_keymap('[keymap]\n"help.close" = "escape,q"\n').problems == ()
