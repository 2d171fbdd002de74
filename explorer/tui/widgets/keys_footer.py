"""The app's one footer: the keys of the focused widget and its screen, drawn as one line.

Why not Textual's ``Footer``: it is a container with a widget per key, and it recomposes (removes
every key widget, mounts new ones, styles each twice, lays the whole screen out two or three
times) whenever the screen's bindings are updated: at every focus change, twice on a tab switch,
after every screen above closes. On the vector map's screen, the focus moving to the plot when a
map is drawn cost 10–12 ms of the UI's loop, the slowest update of the ``loop_lag_lab``
benchmark (p99 11–17 ms with it, 7–10 ms without). This footer is one widget of one line: new
keys are a repaint of that line, and nothing is laid out. It looks like Textual's (the theme's
``$footer-*`` colours, the command palette's key on the right); a click on a key presses it.
What it leaves out: the hover highlight and tooltips of Textual's key widgets.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget


@dataclass(frozen=True)
class FooterKeyText:
    """One key as the footer shows it."""

    key: str
    display: str
    description: str
    action: str
    enabled: bool


class KeysFooter(Widget, can_focus=False):
    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "keys-footer--key",
        "keys-footer--description",
        "keys-footer--disabled",
    }
    DEFAULT_CSS = """
    KeysFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        & > .keys-footer--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .keys-footer--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .keys-footer--disabled {
            text-style: dim;
        }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        #: The keys on the left, in the screen's order, and the command palette's on the right.
        self.keys: tuple[FooterKeyText, ...] = ()
        self.palette_key: FooterKeyText | None = None
        #: (first cell, last cell + 1, key) of each key drawn, for clicks.
        self._spans: list[tuple[int, int, FooterKeyText]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[Any]) -> None:
        if not self.is_attached or screen is not self.screen:
            return
        keys, palette = self._keys_now(screen)
        if (keys, palette) != (self.keys, self.palette_key):
            self.keys, self.palette_key = keys, palette
            self.refresh()

    def _keys_now(
        self, screen: Screen[Any]
    ) -> tuple[tuple[FooterKeyText, ...], FooterKeyText | None]:
        """What Textual's footer shows: one key per action (the first bound), shown ones only."""
        app = self.app
        keys: dict[str, FooterKeyText] = {}
        palette: FooterKeyText | None = None
        for name, (_node, binding, enabled, _tooltip) in screen.active_bindings.items():
            shown = FooterKeyText(
                binding.key, app.get_key_display(binding), binding.description, binding.action,
                enabled,
            )  # fmt: skip
            if name == app.COMMAND_PALETTE_BINDING and app.ENABLE_COMMAND_PALETTE:
                palette = shown
            elif binding.show and binding.action not in keys:
                keys[binding.action] = shown
        return tuple(keys.values()), palette

    def render(self) -> Text:
        key_style = self.get_component_rich_style("keys-footer--key", partial=True)
        description_style = self.get_component_rich_style("keys-footer--description", partial=True)
        disabled = self.get_component_rich_style("keys-footer--disabled", partial=True)
        line = Text(no_wrap=True, overflow="crop", end="")
        spans: list[tuple[int, int, FooterKeyText]] = []

        def add(key: FooterKeyText) -> None:
            start = line.cell_len
            extra = Style() if key.enabled else disabled
            line.append(f" {key.display} ", key_style + extra)
            if key.description:
                line.append(f"{key.description} ", description_style + extra)
            spans.append((start, line.cell_len, key))

        for key in self.keys:
            add(key)
        if self.palette_key is not None:
            palette = self.palette_key
            width = cell_len(f" {palette.display} {palette.description} ") + 2
            gap = self.size.width - line.cell_len - width
            if gap >= 1:
                line.append(" " * gap)
                line.append("▏", Style(dim=True))
                add(palette)
        self._spans = spans
        return line

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                event.stop()
                if key.enabled:
                    self.app.simulate_key(key.key)
                else:
                    self.app.bell()
                return
