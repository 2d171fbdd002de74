"""Baseline for keystroke echo: a bare Textual app with a Header and a focused Input."""

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Input


class BareInput(App[None]):
    TITLE = "weaviate-explorer"

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="type here", id="echo-input")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(Input).focus()


if __name__ == "__main__":
    BareInput().run()
