"""The app's one footer: Textual's ``Footer``, recomposed only when the keys it shows change.

Textual's footer recomposes (a new widget per key, and a layout of the whole screen) every time
the screen's bindings are updated: at every focus change, twice on a tab switch, and when a
screen above closes, though the keys are most often the same. On the main screen each of those
layouts costs 5–10 ms of the UI's loop. This footer collects the updates of one refresh into one
look, and recomposes only if what it would show differs from what it shows. (Updating the
key widgets in place when only their texts differ was tried: the keys of two panes seldom come
in the same number, so it rarely applied.)
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widgets import Footer


class KeysFooter(Footer):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: What the footer's keys were composed from, or None before the first compose.
        self._shown: tuple[object, ...] | None = None
        self._look_pending = False

    def bindings_changed(self, screen: Screen[Any]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._look_pending:
            self._look_pending = True
            self.call_after_refresh(self._recompose_if_changed)

    def _keys(self) -> tuple[object, ...]:
        """Everything the footer's compose reads, for the keys it would show now."""
        app = self.app
        return (
            self.show_command_palette,
            app.ENABLE_COMMAND_PALETTE,
            app.COMMAND_PALETTE_BINDING,
            tuple(
                (
                    name,
                    binding.key,
                    app.get_key_display(binding),
                    binding.description,
                    binding.action,
                    binding.show,
                    binding.group,
                    binding.tooltip,
                    enabled,
                    tooltip,
                )
                for name, (_node, binding, enabled, tooltip) in self.screen.active_bindings.items()
            ),
        )

    async def _recompose_if_changed(self) -> None:
        self._look_pending = False
        if not self.is_attached:
            return
        keys = self._keys()
        if keys == self._shown:
            return
        self._shown = keys
        await self.recompose()
