"""A widget's scrollable (virtual) size, changed without a layout of the whole screen.

Textual's ``virtual_size`` is a layout reactive: every change lays out every widget on the
screen, though a widget whose own size does not follow its content (no ``auto`` width or height)
only needs its scrollbars moved. On the main screen a layout costs 5–10 ms, and an ``Input``
changes its virtual size with every key typed (its width is the text's), so typing laid the
screen out once a key (the keystroke echo benchmark, idle: 6.7 ms against a bare app's 3.1 ms).
"""

from __future__ import annotations

from textual.geometry import Size
from textual.widget import Widget


def follows_content(widget: Widget) -> bool:
    """Whether the widget's size depends on its content (an ``auto`` or unset dimension)."""
    styles = widget.styles
    return any(scalar is None or scalar.is_auto for scalar in (styles.width, styles.height))


def set_virtual_size(widget: Widget, size: Size) -> bool:
    """Set ``widget``'s virtual size; whether it changed. A widget whose size follows its
    content is laid out as Textual would; any other only updates its scrollbars (which lay the
    screen out themselves if they come or go)."""
    if size == widget.virtual_size:
        return False
    if follows_content(widget):
        widget.virtual_size = size
        return True
    widget.set_reactive(Widget.virtual_size, size)
    widget._scroll_update(size)
    return True
