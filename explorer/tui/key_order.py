"""Keys reach the app in the order they were typed: each one only once the key before it is done.

Textual hands a key to the focused widget and returns at once. The key then bubbles up one
message queue at a time, and the app's and screen's own bindings (Tab's ``focus_next``, the
pane keys 1–7) run only when it reaches the app. A key typed right behind it is handed on
before that, to the widget that still has the focus: "3", Tab, "lighthouse" and Enter typed
in one burst put the text in the Kind list and submit an empty query.

``KeyOrder`` holds each key until the one before it has been handled all the way up: stopped
by a widget, or handled by the app. It follows the key with a callback queued behind it in
each message queue on its way, so it adds no timer and no polling. A key whose way cannot be
followed (the widget it was queued on was removed meanwhile) holds the next key for
``STALL_AFTER`` at most. A widget that is only slow (a pane switch on a loaded machine can take
longer than that) keeps the next key waiting: releasing it early would send it to the old focus,
the very bug this fixes; ``GIVE_UP_AFTER`` bounds the wait all the same.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any

from textual import events
from textual.app import App
from textual.message_pump import MessagePump
from textual.timer import Timer

#: Typed input that follows the focus: keys, and text pasted into the terminal.
OrderedInput = events.Key | events.Paste


class KeyOrder:
    """One key in flight at a time; the keys typed behind it wait here, in order."""

    STALL_AFTER = 0.5  # seconds a key may hold the next one when its way cannot be followed
    GIVE_UP_AFTER = 10.0  # seconds a key may hold the next one, however busy its widget

    def __init__(self, app: App[Any], dispatch: Callable[[OrderedInput], Awaitable[None]]):
        self._app = app
        self._dispatch = dispatch  # Textual's own handling: priority bindings, then the focus
        self._waiting: deque[OrderedInput] = deque()
        self._in_flight: OrderedInput | None = None
        self._stall_timer: Timer | None = None
        #: Where the key in flight is queued now, and how long the keys behind it have waited.
        self._at: MessagePump | None = None
        self._held_for = 0.0
        #: Keys wait here, in order, until :meth:`release` (the app's first frame is a
        #: skeleton; the widgets the keys are for mount just after it).
        self._gated = False

    def hold(self) -> None:
        """Keep every key waiting until :meth:`release`."""
        self._gated = True

    def release(self) -> None:
        """Hand on the keys that waited, in order."""
        self._gated = False
        if self._waiting and self._in_flight is None:
            self._app.call_later(self._hand_on)

    @property
    def waiting(self) -> int:
        return len(self._waiting)

    async def take(self, event: OrderedInput) -> None:
        """A key from the terminal: hand it on now if nothing is in flight, else queue it."""
        self._waiting.append(event)
        if self._gated:
            return
        if self._in_flight is None:
            await self._hand_on()
        elif self._stall_timer is None:
            self._watch_stall()

    async def _hand_on(self) -> None:
        while self._waiting and self._in_flight is None and not self._gated:
            event = self._waiting.popleft()
            self._in_flight = event
            await self._dispatch(event)
            if not event.is_forwarded:  # a priority binding took it: done already
                self._in_flight = None
                continue
            # Forwarded just now, at the end of dispatch: to the focus, or the screen.
            target: MessagePump = self._app.focused or self._app.screen
            self._at = target
            if not target.call_later(self._passed, event, target):
                self._in_flight = None
            elif self._waiting:
                self._watch_stall()

    def _watch_stall(self) -> None:
        """Keys are waiting: check on the one in flight every ``STALL_AFTER``."""
        if self._stall_timer is not None:
            self._stall_timer.stop()
        held = self._in_flight
        self._held_for = 0.0
        self._stall_timer = self._app.set_interval(self.STALL_AFTER, lambda: self._stalled(held))

    def _stalled(self, held: OrderedInput | None) -> None:
        """Release ``held``'s followers if its way is lost (the widget it waits in was removed),
        or after ``GIVE_UP_AFTER``; a widget that is only busy keeps them waiting."""
        self._held_for += self.STALL_AFTER
        at = self._at
        lost = at is None or at._closing or at._closed or not at.is_attached
        if lost or self._held_for >= self.GIVE_UP_AFTER:
            self._done(held)

    def _passed(self, event: OrderedInput, node: MessagePump) -> None:
        """``node`` has handled ``event``; follow it to the parent it bubbled to, if any."""
        if event is not self._in_flight:
            return  # released by the stall timer meanwhile
        parent = node._parent
        if node is self._app or event._stop_propagation or not event.bubble or parent is None:
            self._done(event)
            return
        self._at = parent
        if not parent.call_later(self._passed, event, parent):
            self._done(event)

    def _done(self, event: OrderedInput | None) -> None:
        if event is None or event is not self._in_flight:
            return
        self._in_flight = None
        self._at = None
        if self._stall_timer is not None:
            self._stall_timer.stop()
            self._stall_timer = None
        if self._waiting:
            self._app.call_later(self._hand_on)
