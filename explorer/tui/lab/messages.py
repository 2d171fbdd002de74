"""What the lab views post up: an object to open (the app opens its detail screen)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class LabObjectOpened(Message):
    """Enter on an object of a lab view (a map point, a problem's uuid, a query's uuid)."""

    collection: str
    uuid: str


@dataclass
class LabViewRequested(Message):
    """Open a lab view as a screen (from the command palette): "map", "health" or "recall"."""

    view: str
