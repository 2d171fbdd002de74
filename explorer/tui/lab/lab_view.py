"""What every lab view takes from its parent: the session and the collection to analyse."""

from __future__ import annotations

from textual.containers import Vertical
from textual.reactive import var

from explorer.core.client.session import ExplorerSession


class LabView(Vertical):
    """A lab view; the parent sets (or data-binds) ``session`` and ``collection``."""

    session: var[ExplorerSession | None] = var(None)
    collection: var[str | None] = var(None)
