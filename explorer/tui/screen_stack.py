"""Opening and closing screens: one of each kind at a time, and a screen only ever closes itself.

Keys arrive faster than screens mount and unmount. Pressed twice, a key would push its screen
twice (a second screen of a kind, or ``DuplicateIds`` for one with an id); a second Enter in a
list that closes its screen would pop whatever lies below, down to the main screen, which ends
the app with ``ScreenStackError``. Every push by a key goes through :func:`open_screen`, every
screen closes through :class:`ClosesOnlyItself` or :class:`ModalClosesOnlyItself`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from textual import events
from textual.app import App
from textual.await_complete import AwaitComplete
from textual.command import CommandList, CommandPalette
from textual.css.query import NoMatches
from textual.reactive import Reactive
from textual.screen import ModalScreen, Screen
from textual.widget import Widget

from explorer.tui.frame_priority import FramesKeepTheGil
from explorer.tui.screen_focus import focus_without_repaint

ResultT = TypeVar("ResultT")


def open_screen(
    app: App[Any],
    screen: Screen[ResultT],
    callback: Callable[[ResultT | None], Any] | None = None,
    *,
    from_main: bool = False,
) -> bool:
    """Push ``screen`` unless one of its kind is open (pushed screens are on the stack at once).

    With ``from_main`` the screens above the main one close first; if one of the kind is open,
    only the screens above it close. Returns whether ``screen`` was pushed.
    """
    already_open = next((s for s in app.screen_stack if type(s) is type(screen)), None)
    if already_open is not None:
        if from_main:
            close_screens_above(app, already_open)
        return False
    if from_main:
        close_screens_above(app, app.screen_stack[0])
    app.push_screen(screen, callback)
    return True


def close_screens_above(app: App[Any], screen: Screen[Any]) -> None:
    """Pop every screen above ``screen`` (which must be on the stack), at once."""
    while len(app.screen_stack) > 1 and app.screen is not screen:
        app.pop_screen()


def _dismiss_if_active(screen: Screen[Any], dismiss: Callable[[], AwaitComplete]) -> AwaitComplete:
    """``dismiss`` pops the top of the stack, whoever that is: only the active screen may call it.

    A late close (a second Enter, a key queued before the screen closed, a worker finishing after
    the user moved on) is a no-op, instead of closing another screen or the main one.
    """
    if not screen.is_active:
        return AwaitComplete.nothing()
    return dismiss()


async def _handle_unless_gone(
    screen: Screen[Any], event: events.Event, handle: Callable[[events.Event], Awaitable[None]]
) -> None:
    """Handle ``event`` with ``handle``. A screen closed before its Mount event was handled has
    lost its widgets, and a set-up that looks them up raises NoMatches (key monkey, seed 2026
    after 3,109 keys: NoMatches '#tenant-list' in the tenant picker's ``on_mount``). Such a
    screen has nothing left to set up. On a screen still open, the error stands."""
    try:
        await handle(event)
    except NoMatches:
        if not isinstance(event, events.Mount) or screen in screen.app.screen_stack:
            raise


# Three classes, not a mixin: Textual takes a screen's CSS from its first DOM base class only
# (FramesKeepTheGil is no DOM class, so it changes nothing there).
class ClosesOnlyItself(FramesKeepTheGil, Screen[ResultT]):
    """A screen that only ever closes itself (see :func:`_dismiss_if_active`)."""

    focused: Reactive[Widget | None] = focus_without_repaint()

    def dismiss(self, result: ResultT | None = None) -> AwaitComplete:
        return _dismiss_if_active(self, lambda: super(ClosesOnlyItself, self).dismiss(result))

    async def on_event(self, event: events.Event) -> None:
        await _handle_unless_gone(self, event, super().on_event)


class ModalClosesOnlyItself(FramesKeepTheGil, ModalScreen[ResultT]):
    """A modal screen that only ever closes itself (see :func:`_dismiss_if_active`)."""

    focused: Reactive[Widget | None] = focus_without_repaint()

    def dismiss(self, result: ResultT | None = None) -> AwaitComplete:
        return _dismiss_if_active(self, lambda: super(ModalClosesOnlyItself, self).dismiss(result))

    async def on_event(self, event: events.Event) -> None:
        await _handle_unless_gone(self, event, super().on_event)


class ExplorerCommandPalette(CommandPalette):
    """Textual's palette, closing only itself: a second Enter never pops the screen below."""

    def dismiss(self, result: None = None) -> AwaitComplete:
        return _dismiss_if_active(self, lambda: super(ExplorerCommandPalette, self).dismiss(result))

    def _on_mount(self, event: events.Mount) -> None:
        """A palette closed before its Mount was handled (keys queued behind ctrl+p closed it)
        has nothing to set up, as for the screens above: Textual's own set-up takes the calling
        screen from a stack the palette is no longer on (IndexError: key monkey, seed 910367
        after 1,411 keys). Runs before Textual's handler, which it then skips."""
        if self not in self.app.screen_stack:
            event.prevent_default()

    def _watch__list_visible(self) -> None:
        """The palette's search worker can finish after the palette closed and its list went
        (NoMatches in Textual 8): nothing is left to show then."""
        if self.query(CommandList):
            super()._watch__list_visible()

    def _action_command_list(self, action: str) -> None:
        """Page Up/Down while the list is hidden or not laid out yet raise KeyError in Textual 8
        (``OptionList._move_page`` reads line positions only a laid-out list has), and a key
        queued as the palette closes finds no list (NoMatches): both skipped."""
        lists = self.query(CommandList)
        if not lists:  # the palette is closing: its list is gone
            return
        if action.startswith("page_") and not lists.first().scrollable_content_region:
            return
        super()._action_command_list(action)
