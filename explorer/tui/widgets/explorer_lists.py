"""Option and selection lists with vi keys (j/k/g/G), like every table in the app, and a Select
whose drop-down survives Page Up/Down pressed as it opens."""

from __future__ import annotations

import contextlib
from typing import Any, ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.css.query import NoMatches
from textual.widget import Widget
from textual.widgets import OptionList, Select, SelectionList
from textual.widgets._select import SelectCurrent, SelectOverlay

from explorer.tui.bindings import LIST_BINDINGS


class _PagesOnceLaidOut(OptionList):
    """Page Up/Down before the list's first layout raised KeyError in Textual 8
    (``OptionList._move_page`` reads line positions that only a laid-out list has): a Select's
    drop-down met it when Page Down came with the Enter that opened it (key monkey, seed 7).
    Until the list has a size, a page key does nothing."""

    def action_page_up(self) -> None:
        if self.scrollable_content_region:
            super().action_page_up()

    def action_page_down(self) -> None:
        if self.scrollable_content_region:
            super().action_page_down()


class ExplorerOptionList(_PagesOnceLaidOut):
    BINDINGS: ClassVar[list[BindingType]] = list(LIST_BINDINGS)


class ExplorerSelectionList(SelectionList[str], _PagesOnceLaidOut):
    BINDINGS: ClassVar[list[BindingType]] = list(LIST_BINDINGS)


class _SelectOverlay(SelectOverlay, _PagesOnceLaidOut):
    pass


class ExplorerSelect(Select[Any]):
    """Textual's Select with a drop-down whose page keys wait for its layout, and which survives
    being removed before its Mount event is handled."""

    def compose(self) -> ComposeResult:
        yield SelectCurrent(self.prompt)
        yield _SelectOverlay(type_to_search=self._type_to_search).data_bind(compact=Select.compact)

    def _on_mount(self, event: events.Mount) -> None:
        """Textual's ``Select._on_mount`` queries its drop-down and its label. When the screen
        goes as the Select mounts (the app closing as the Lab mounted, seen in CI: NoMatches on
        ``SelectOverlay``, then on ``#label``), its parts go first, and the NoMatches ended the
        app. A Select whose parts are gone skips its set-up."""
        event.prevent_default()  # Select's and Widget's handlers run here, in the same order
        try:
            Select._on_mount(self, event)
        except NoMatches:
            return
        Widget._on_mount(self, event)

    def _watch_value(self, value: Any) -> None:
        """The same for a value set as the Select's parts go."""
        with contextlib.suppress(NoMatches):
            super()._watch_value(value)
