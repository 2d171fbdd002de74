"""Copy as code: the Python of a query for the async or the sync client, to copy or save."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.widgets import Input, Static, TextArea
from textual.worker import Worker

from explorer.core.base.errors import ExplorerError
from explorer.core.base.formatting import safe_text
from explorer.core.codegen.queries import Variant
from explorer.tui import workers
from explorer.tui.bindings import CODE_BINDINGS
from explorer.tui.errors import guarded, report_worker_state
from explorer.tui.screen_stack import ModalClosesOnlyItself
from explorer.tui.widgets.keys_footer import KeysFooter
from explorer.tui.widgets.text_input import TextInput


def write_code(path_text: str, code: str) -> Path:
    """Write the code (blocking: run it in a thread); an ExplorerError says what went wrong."""
    path = Path(path_text).expanduser()
    try:
        path.write_text(code, encoding="utf-8")
    except OSError as exc:
        raise ExplorerError("Cannot write the code", f"{path}: {exc.strerror or exc}") from exc
    return path


class CodeScreen(ModalClosesOnlyItself[None]):
    """Shows the async code first; ``s`` switches to sync, ``c`` copies (OSC 52), ``w`` saves."""

    DEFAULT_CSS = """
    CodeScreen { align: center middle; }
    CodeScreen > Vertical {
        width: 95%; height: 90%; border: thick $primary; background: $surface; padding: 0 1;
    }
    CodeScreen #code-title { text-style: bold; }
    CodeScreen #code-text { height: 1fr; }
    CodeScreen #code-path { display: none; }
    CodeScreen #code-path.visible { display: block; }
    """
    BINDINGS: ClassVar[list[BindingType]] = list(CODE_BINDINGS)

    def __init__(self, title: str, codes: dict[Variant, str], file_stem: str = "query") -> None:
        super().__init__()
        self.code_title = title
        self.codes = codes
        self.variant: Variant = "async"
        self.file_stem = file_stem

    @property
    def code(self) -> str:
        return self.codes[self.variant]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(id="code-title")
            yield TextArea(self.code, read_only=True, show_line_numbers=True, id="code-text")
            yield TextInput(placeholder="write to file: path, then Enter", id="code-path")
            yield KeysFooter()

    def on_mount(self) -> None:
        self._show()
        self.query_one("#code-text", TextArea).focus()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_worker_state(self.app, event.worker, event.state)

    def _show(self) -> None:
        client = "WeaviateAsyncClient" if self.variant == "async" else "WeaviateClient (sync)"
        self.query_one("#code-title", Static).update(
            Text(f"{safe_text(self.code_title)} · Python for {client}")
        )
        self.query_one("#code-text", TextArea).text = self.code

    @guarded
    def action_toggle_variant(self) -> None:
        self.variant = "sync" if self.variant == "async" else "async"
        self._show()

    @guarded
    def action_copy_code(self) -> None:
        self.app.copy_to_clipboard(self.code)
        self.notify(f"Copied the {self.variant} code", markup=False)

    @guarded
    def action_save_code(self) -> None:
        path = self.query_one("#code-path", Input)
        path.add_class("visible")
        if not path.value:
            path.value = f"{self.file_stem}_{self.variant}.py"
        path.focus()

    @on(Input.Submitted, "#code-path")
    @guarded
    def path_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip():
            self.save(event.value.strip(), self.code)

    @work(exclusive=True, group=workers.CODE_FILE, exit_on_error=False)
    async def save(self, path_text: str, code: str) -> None:
        path = await asyncio.to_thread(write_code, path_text, code)
        self.query_one("#code-path", Input).remove_class("visible")
        self.query_one("#code-text", TextArea).focus()
        self.notify(f"Wrote {safe_text(str(path))}", markup=False)

    @guarded
    def action_close(self) -> None:
        path = self.query_one("#code-path", Input)
        if path.has_class("visible"):
            path.remove_class("visible")
            self.query_one("#code-text", TextArea).focus()
            return
        self.dismiss(None)
