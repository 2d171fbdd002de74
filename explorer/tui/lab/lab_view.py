"""What every lab view shares: the session and collection it is given, its config, its reset.

Attributes down: the parent sets (or data-binds) ``session`` and ``collection``; a new one
cancels the view's workers and resets it, and the collection's config is read in a worker.
Subclasses fill in :meth:`show_config` and :meth:`reset`, and name their run action.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual import on, work
from textual.containers import Vertical
from textual.reactive import var
from textual.widgets import Input, Select
from textual.worker import Worker

from explorer.core.base.errors import ExplorerError
from explorer.core.base.formatting import safe_text
from explorer.core.base.models import CollectionConfig
from explorer.core.client.session import ExplorerSession
from explorer.tui import workers
from explorer.tui.errors import report_worker_state, show_error
from explorer.tui.workers import cancel_workers_of


def whole_number(text: str, what: str, default: int, minimum: int = 1) -> int:
    """A form field's whole number (its default when empty), or an error that says the range."""
    if not text.strip():
        return default
    if not text.strip().isdigit() or int(text) < minimum:
        raise ExplorerError(
            f"Invalid {what}", f"{text!r}: the {what} is a whole number from {minimum}"
        )
    return int(text)


def name_options(names: Iterable[str]) -> list[tuple[Text, str]]:
    """Select options for server names (vectors, properties): inert text."""
    return [(Text(safe_text(name)), name) for name in names]


class LabView(Vertical):
    session: var[ExplorerSession | None] = var(None)
    collection: var[str | None] = var(None)
    #: The action Enter in one of the form's inputs runs.
    RUN_ACTION = ""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.config: CollectionConfig | None = None

    def on_mount(self) -> None:
        if self.collection is not None:
            self.load_config()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_worker_state(self.app, event.worker, event.state)

    def watch_session(self, old: ExplorerSession | None, new: ExplorerSession | None) -> None:
        if old is not None and old is not new and self.is_mounted:
            cancel_workers_of(self)
            self.config = None
            self.reset()

    def watch_collection(self, old: str | None, new: str | None) -> None:
        if old != new and self.is_mounted:
            cancel_workers_of(self)
            self.config = None
            self.reset()
            if new is not None:
                self.load_config()

    def show_collection(self, config: CollectionConfig) -> None:
        """The Lab tab's current collection (a lab screen sets ``collection`` itself)."""
        self.collection = config.name

    @work(exclusive=True, group=workers.LAB_CONFIG, exit_on_error=False)
    async def load_config(self) -> None:
        if self.session is None or self.collection is None:
            return
        self.config = await self.session.collection_config(self.collection)
        self.show_config(self.config)

    def show_config(self, config: CollectionConfig) -> None:
        """Fill the form's choices from the collection's config."""

    def reset(self) -> None:
        """Forget the result on screen (another collection or connection)."""

    def ready(self) -> bool:
        """Whether there is a collection to work on; says what to do when not."""
        if self.session is None or self.config is None:
            show_error(self.app, ExplorerError("No collection", "open a collection first (1)"))
            return False
        return True

    def show_targets(self, config: CollectionConfig, selector: str) -> None:
        """The target vector choices; the first vector is chosen."""
        targets = self.query_one(selector, Select)
        targets.set_options(name_options(v.name for v in config.vectors))
        if config.vectors:
            targets.value = config.vectors[0].name

    @on(Input.Submitted)
    async def input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        await self.run_action(self.RUN_ACTION)
