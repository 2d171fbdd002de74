"""Several named vectors at once: tick the targets, choose how their distances combine, weigh them."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, Select, SelectionList

from explorer.core.base.formatting import safe_text
from explorer.core.base.models import CollectionConfig
from explorer.core.query.requests import COMBINATIONS, MultiTarget
from explorer.core.query.targets import multi_target
from explorer.tui.widgets.explorer_lists import ExplorerSelect, ExplorerSelectionList
from explorer.tui.widgets.text_input import TextInput


class TargetPicker(Vertical):
    """Ticked vectors (space ticks), a combination and weights; one tick is a single target."""

    DEFAULT_CSS = """
    TargetPicker { height: auto; }
    TargetPicker.unnamed { display: none; }
    TargetPicker Label { color: $text-muted; }
    TargetPicker SelectionList { height: auto; max-height: 5; border: none; padding: 0; }
    TargetPicker Input, TargetPicker Select { width: 100%; }
    """

    def __init__(
        self,
        *,
        label: str = "Target vectors (space ticks)",
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.label = label

    def compose(self) -> ComposeResult:
        yield Label(self.label)
        yield ExplorerSelectionList(compact=True, classes="targets")
        yield Label("Combine (several targets)")
        yield ExplorerSelect(
            [(name, name) for name in COMBINATIONS],
            prompt="(sum; manual with weights)",
            compact=True,
            classes="combination",
        )
        yield Label("Weights (a=0.7,b=0.3)")
        yield TextInput(compact=True, placeholder="manual or relative-score", classes="weights")

    def set_vectors(self, config: CollectionConfig) -> None:
        """The collection's named vectors, none ticked (an unnamed vector offers no choice)."""
        targets = self.query_one(".targets", SelectionList)
        targets.clear_options()
        if config.named_vectors:
            targets.add_options(
                (safe_text(f"{v.name} ({v.vectorizer})"), v.name) for v in config.vectors
            )
        self.set_class(not config.named_vectors, "unnamed")

    @property
    def ticked(self) -> tuple[str, ...]:
        return tuple(self.query_one(".targets", SelectionList).selected)

    def tick(self, names: tuple[str, ...]) -> None:
        targets = self.query_one(".targets", SelectionList)
        targets.deselect_all()
        for name in names:
            targets.select(name)

    def chosen(self) -> tuple[str | None, MultiTarget | None]:
        """(the one target, None), or (None, several targets combined); (None, None): automatic."""
        ticked = self.ticked
        combination = self.query_one(".combination", Select)
        combine = None if combination.is_blank() else str(combination.value)
        weights = self.query_one(".weights", Input).value.strip() or None
        if len(ticked) <= 1 and combine is None and weights is None:
            return (ticked[0] if ticked else None), None
        return None, multi_target(ticked, combine, weights)

    def show(self, multi: MultiTarget | None) -> None:
        """Fill the picker from a request (a replayed query)."""
        self.tick(multi.targets if multi else ())
        combination = self.query_one(".combination", Select)
        if multi is not None:
            combination.value = multi.combination
        else:
            combination.clear()
        self.query_one(".weights", Input).value = (
            ",".join(f"{n}={w:g}" for n, w in multi.weights) if multi else ""
        )
