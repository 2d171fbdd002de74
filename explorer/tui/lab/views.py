"""The views of the Lab tab, in tab order: adding a view is one line here.

Each view is a widget with a ``session`` reactive (bound by the Lab pane) and, if it needs the
current collection, a ``show_collection(config)`` method (:class:`ShowsCollection`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from textual.widget import Widget

from explorer.core.base.models import CollectionConfig
from explorer.tui.lab.compare_view import CompareView
from explorer.tui.lab.health_view import VectorHealthView
from explorer.tui.lab.map_view import VectorMapView
from explorer.tui.lab.rag_view import RagView
from explorer.tui.lab.recall_view import SearchQualityView


@runtime_checkable
class ShowsCollection(Protocol):
    def show_collection(self, config: CollectionConfig) -> None: ...


@dataclass(frozen=True)
class LabViewSpec:
    title: str
    #: The TabPane's id: ``lab-<name>``.
    tab_id: str
    make: Callable[[], Widget]


LAB_VIEWS: tuple[LabViewSpec, ...] = (
    LabViewSpec("Compare", "lab-compare", CompareView),
    LabViewSpec("RAG", "lab-rag", RagView),
    LabViewSpec("Map", "lab-map", VectorMapView),
    LabViewSpec("Health", "lab-health", VectorHealthView),
    LabViewSpec("Search quality", "lab-recall", SearchQualityView),
)
