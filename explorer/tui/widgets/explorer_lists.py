"""Option and selection lists with vi keys (j/k/g/G), like every table in the app."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import BindingType
from textual.widgets import OptionList, SelectionList

from explorer.tui.bindings import LIST_BINDINGS


class ExplorerOptionList(OptionList):
    BINDINGS: ClassVar[list[BindingType]] = list(LIST_BINDINGS)


class ExplorerSelectionList(SelectionList[str]):
    BINDINGS: ClassVar[list[BindingType]] = list(LIST_BINDINGS)
