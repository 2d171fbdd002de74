"""Text shown in a ``Static``, laying the screen out only when the widget's size changes.

``Static.update`` lays out the whole screen unless told not to, for any change of text: a status
line that goes from "Reading…" to a summary of the same one line made a layout of its view
(5–10 ms of the UI's loop, twice that while a job's threads hold the GIL).
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import Static


def show_text(widget: Static, text: Text | str) -> None:
    """Show ``text`` (plain, never markup) in ``widget``; a layout only if the widget's width
    follows its content, or its height does and the text needs another one."""
    shown = text if isinstance(text, Text) else Text(text)
    lines = shown.plain.split("\n")
    width_rule, height_rule = widget.styles.width, widget.styles.height
    fixed_height = height_rule is not None and not height_rule.is_auto
    region = widget.content_region
    in_place = (
        widget.is_mounted
        and not (width_rule is not None and width_rule.is_auto)
        and region.width > 0
        and (len(lines) == region.height or (fixed_height and len(lines) <= region.height))
        and all(cell_len(line) <= region.width for line in lines)
    )
    widget.update(shown, layout=not in_place)
