"""The app's one text input: Textual's ``Input``, without a screen layout per key typed.

``Input`` sets its virtual size to its text's width on every change, and Textual lays out the
whole screen for it (see :mod:`explorer.tui.widgets.virtual_size`). An input of fixed size (all
of the app's) only needs its scrollbars moved, so this one sets the size first, in place, and
the ``Input``'s own assignment then finds nothing to change. Everything else is the ``Input``'s.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.widgets import Input

from explorer.tui.widgets.virtual_size import set_virtual_size


class TextInput(Input):
    def _watch_value(self, value: str) -> None:
        set_virtual_size(self, Size(self.content_width, 1))
        super()._watch_value(value)
