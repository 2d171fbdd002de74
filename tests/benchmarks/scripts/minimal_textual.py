"""Baseline for first paint: the smallest Textual app that shows one line of text."""

from textual.app import App, ComposeResult
from textual.widgets import Static


class OneLine(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("weaviate-explorer")


if __name__ == "__main__":
    OneLine().run()
