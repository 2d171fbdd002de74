"""A scrollbar that draws each of its looks once: paging redraws the same few bars.

Textual draws a scrollbar through Rich's render pipeline (a ``ScrollBarRender`` made into
segments, then into strips) whenever it is refreshed, and a table's scrollbar is refreshed with
every new page: about 0.5 ms of CPU a frame on a quiet machine and 1–2 ms under load (the
``loop_lag`` benchmark's pages), a sixth of the frame that shows a page. While paging, the bar
takes the same few looks over and over (the first slice's, the full page's), so the strips of the
last :data:`LOOKS` looks are kept, keyed by everything that makes them: the region drawn, the
bar's size, the renderer's geometry (virtual size, window, position, thickness, direction) and
style (which holds the theme's colours, hover and drag), and the widget's own background and
opacity. Anything else is drawn as Textual draws it.
"""

from __future__ import annotations

from typing import Any

from textual.cache import LRUCache
from textual.geometry import Region
from textual.scrollbar import ScrollBar, ScrollBarRender
from textual.strip import Strip
from textual.widget import Widget

#: How many looks of one bar are kept.
LOOKS = 16


class CachedScrollBar(ScrollBar):
    """A ``ScrollBar`` whose strips are kept per look (see the module docstring)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._looks: LRUCache[tuple[object, ...], list[Strip]] = LRUCache(LOOKS)

    def render_lines(self, crop: Region) -> list[Strip]:
        look = self.render()
        if not isinstance(look, ScrollBarRender):
            return super().render_lines(crop)
        key = (
            crop,
            self.size,
            look.virtual_size,
            look.window_size,
            look.position,
            look.thickness,
            look.vertical,
            look.style,
            self.background_colors,
            self.opacity,
        )
        strips = self._looks.get(key)
        if strips is None:
            strips = super().render_lines(crop)
            self._looks.set(key, strips)
        return strips


def cached_scrollbar(widget: Widget, *, vertical: bool) -> ScrollBar:
    """``widget``'s scrollbar, made a :class:`CachedScrollBar` when it is first needed (as
    Textual's ``Widget.vertical_scrollbar`` and ``horizontal_scrollbar`` make theirs), styled
    at once."""
    made = widget._vertical_scrollbar if vertical else widget._horizontal_scrollbar
    if made is not None:
        return made
    bar = CachedScrollBar(
        vertical=vertical,
        name="vertical" if vertical else "horizontal",
        thickness=widget.scrollbar_size_vertical if vertical else widget.scrollbar_size_horizontal,
    )
    bar.display = False
    if vertical:
        widget._vertical_scrollbar = bar
    else:
        widget._horizontal_scrollbar = bar
    widget.app._start_widget(widget, bar)
    # Its styles now, as it comes (which lays the screen out anyway), not at the first focus
    # change, when its scrollbar sizes go from unset to set: a layout of the whole screen.
    widget.app.stylesheet.apply(bar)
    return bar
