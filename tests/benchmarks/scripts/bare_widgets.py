"""Baseline for idle CPU: a bare Textual app with a Header, an Input, a DataTable and a Footer."""

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer, Header, Input


class BareWidgets(App[None]):
    TITLE = "weaviate-explorer"

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input()
        yield DataTable()
        yield Footer()


if __name__ == "__main__":
    BareWidgets().run()
