"""The key monkey: random bursts of the app's own keys, seeded, until something breaks.

Keys come from the binding tables (``explorer/tui/bindings.py``), the bindings every screen and
widget of the TUI declares, and a little text, Esc, Enter and Tab. A burst is posted at once,
as a fast typist's keys arrive, so a second key lands while the first one's screen is opening.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import random
import traceback
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from textual import events
from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode
from textual.keys import key_to_character
from textual.pilot import Pilot

import explorer.tui
from explorer.tui.bindings import ALL_SCOPES
from explorer.tui.screens.error_details import ErrorDetailsScreen
from tests.tui.helpers import settle

#: Actions that end the app on purpose: the monkey never presses their keys.
EXIT_ACTIONS = frozenset({"quit", "app.quit", "suspend_process", "app.suspend_process"})
#: Typing, moving and leaving: what a user presses between the bound keys.
EXTRA_KEYS = (
    "escape", "escape", "escape", "enter", "enter", "tab", "shift+tab", "up", "down",
    "left", "right", "pageup", "pagedown", "home", "end", "space", "backspace", "ctrl+p",
    "a", "e", "z", "0", "7", "minus", "full_stop", "quotation_mark", "less_than_sign",
)  # fmt: skip
#: After each burst the monkey waits until the app has handled the keys (not until it is idle:
#: Pilot's idle wait lasts up to a second while a cursor blinks, which made a 20,000-key run
#: take hours). Every so many bursts it waits for idle too, so answers land between keys...
IDLE_EVERY = 8
#: ...and every so many it lets the workers finish.
SETTLE_EVERY = 40


class MonkeyFailure(AssertionError):
    pass


def _declared_bindings() -> Iterator[Binding]:
    for table in ALL_SCOPES.values():
        yield from table
    for module_info in pkgutil.walk_packages(explorer.tui.__path__, "explorer.tui."):
        module = importlib.import_module(module_info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if not issubclass(cls, DOMNode) or not cls.__module__.startswith("explorer."):
                continue
            for item in cls.__dict__.get("BINDINGS", ()):
                yield item if isinstance(item, Binding) else Binding(*item)


def monkey_keys() -> list[str]:
    """The app's key set, sorted (a seed means the same keys on every machine)."""
    keys: set[str] = set(EXTRA_KEYS)
    exits: set[str] = set()
    for binding in _declared_bindings():
        bound = {key.strip() for key in binding.key.split(",")}
        (exits if binding.action in EXIT_ACTIONS else keys).update(bound)
    return sorted(keys - exits)  # q quits from wherever it is not typed into a field


def post_keys_at_once(app: App[Any], keys: list[str]) -> None:
    """Queue ``keys`` with no waiting between them, as a terminal delivers a fast typist's keys."""
    for key in keys:
        event = events.Key(key, key_to_character(key))
        event.set_sender(app)
        app.post_message(event)


@dataclass
class Monkey:
    seed: int
    keys: list[str] = field(default_factory=monkey_keys)
    recent: deque[str] = field(default_factory=lambda: deque(maxlen=20))
    pressed: int = 0

    def __post_init__(self) -> None:
        self.random = random.Random(self.seed)
        # Esc and Enter weigh more: they open and close screens, where the races are.
        self.weighted = [*self.keys, *["escape"] * 6, *["enter"] * 6, *["tab"] * 2]

    def burst(self) -> list[str]:
        return [self.random.choice(self.weighted) for _ in range(self.random.randint(1, 4))]

    def failure(self, what: str) -> MonkeyFailure:
        return MonkeyFailure(
            f"{what}\nseed={self.seed} after {self.pressed} keys; the last 20 keys: "
            f"{' '.join(self.recent)}\nrerun: make monkey SEEDS={self.seed} KEYS={self.pressed}"
        )

    def check(self, app: App[Any]) -> None:
        """Fails on an unexpected-error modal, an exception or an exit."""
        if app._exception is not None:
            trace = "".join(traceback.format_exception(app._exception))
            raise self.failure(f"the app raised {app._exception!r}\n{trace}") from app._exception
        if not app.is_running or app.return_code is not None:
            raise self.failure(f"the app exited (return code {app.return_code})")
        for screen in app.screen_stack:
            if isinstance(screen, ErrorDetailsScreen):
                raise self.failure(f"unexpected-error modal: {screen.summary}\n{screen.details}")

    async def run(self, pilot: Pilot[Any], total_keys: int) -> None:
        """Press ``total_keys`` keys; any failure (a hang that Pilot times out on too) names the
        seed and the last keys."""
        try:
            await self._press(pilot, total_keys)
        except MonkeyFailure:
            raise
        except Exception as exc:
            raise self.failure(f"waiting for the app failed: {exc!r}") from exc

    async def _press(self, pilot: Pilot[Any], total_keys: int) -> None:
        app = pilot.app
        bursts = 0
        while self.pressed < total_keys:
            keys = self.burst()[: total_keys - self.pressed]
            post_keys_at_once(app, keys)
            self.recent.extend(keys)
            self.pressed += len(keys)
            bursts += 1
            await pilot.pause(None if bursts % IDLE_EVERY == 0 else 0)
            self.check(app)
            if bursts % SETTLE_EVERY == 0:
                await settle(pilot)
                self.check(app)
                # Seen with pytest -s (make monkey): how far a long run has come.
                print(f"monkey seed={self.seed}: {self.pressed} keys", flush=True)
