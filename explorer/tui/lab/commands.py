"""The lab views in the command palette: "Vector map", "Vector health", "Search quality"."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from explorer.tui.lab.messages import LabViewRequested

#: view -> (palette title, help)
LAB_VIEWS = {
    "map": ("Vector map", "Lab: the collection's vectors in 2-D (PCA), coloured by a property"),
    "health": (
        "Vector health",
        "Lab: missing, zero, NaN/inf, wrong-dimension and duplicate vectors; the norms",
    ),
    "recall": ("Search quality", "Lab: recall@k of the vector index against exact kNN"),
}


class LabViewsProvider(Provider):
    def _open(self, view: str) -> None:
        self.app.post_message(LabViewRequested(view))

    async def discover(self) -> Hits:
        for view, (title, help_text) in LAB_VIEWS.items():
            yield DiscoveryHit(title, partial(self._open, view), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for view, (title, help_text) in LAB_VIEWS.items():
            score = max(matcher.match(title), 0.8 * matcher.match(help_text))
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(title) if matcher.match(title) else title,
                    partial(self._open, view),
                    text=title,
                    help=help_text,
                )
