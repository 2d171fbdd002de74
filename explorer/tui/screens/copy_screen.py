"""Copy the current collection to another server (a profile or a URL), with progress.

Enter works out the plan (created or compatible, tenants, objects), shows it and asks for the
target's name to be typed; the copy then streams with a rate and an ETA. Esc cancels it, and
the summary says what was copied (running it again converges: the uuids are kept).
"""

from __future__ import annotations

import asyncio

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Checkbox, Input, Static

from explorer.core.base.formatting import safe_text
from explorer.core.base.typed_confirmation import note_confirmed_by_typing
from explorer.core.client.connection import ConnectionOptions
from explorer.core.client.session import require_writable
from explorer.core.servers.collection_copy import CopyProgress, CopyReport, run_copy
from explorer.core.servers.copy_plan import CopyRequest, plan_copy
from explorer.core.servers.other_side import other_session, other_side_options
from explorer.tui import workers
from explorer.tui.screen_stack import open_screen
from explorer.tui.screens.confirm_typed import ConfirmTypedScreen, when_confirmed
from explorer.tui.screens.transfer_screen import TransferScreen
from explorer.tui.widgets.keys_footer import KeysFooter
from explorer.tui.widgets.text_input import TextInput
from explorer.tui.widgets.transfer_progress import TransferProgress


class CopyScreen(TransferScreen[CopyReport]):
    TRANSFER_GROUP = workers.COPY

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(f"Copy {safe_text(self.collection)} to another server", style="bold"))
            yield Static(
                "Objects keep their uuids: running a copy again converges.", classes="hint"
            )
            with Horizontal(id="copy-where-to"):
                yield TextInput(placeholder="to: a profile, or http(s)://host:port", id="copy-to")
                yield TextInput(placeholder="its gRPC port (with a URL)", id="copy-grpc-port")
            yield TextInput(placeholder=f"as (default {self.collection})", id="copy-as")
            yield TextInput(placeholder="where (optional), e.g. year > 2000", id="copy-where")
            yield TextInput(
                placeholder="tenants: a,b or * (default: every active one)", id="copy-tenants"
            )
            yield Checkbox("Copy the vectors (else the target computes them)", id="copy-vectors")
            yield TransferProgress(id="copy-progress")
            yield Static("", id="copy-summary", classes="transfer-summary")
        yield KeysFooter()

    DEFAULT_CSS = """
    CopyScreen #copy-where-to { height: auto; }
    CopyScreen #copy-to { width: 2fr; }
    CopyScreen #copy-grpc-port { width: 1fr; }
    """

    def on_mount(self) -> None:
        self.query_one("#copy-to", Input).focus()

    def _value(self, selector: str) -> str | None:
        return self.query_one(selector, Input).value.strip() or None

    def action_start(self) -> None:
        if self.running:
            return
        to = self._value("#copy-to")
        if to is None:
            self.notify("Name the target: a profile, or a URL.", markup=False)
            return
        port = self._value("#copy-grpc-port")
        if port is not None and not port.isdigit():
            self.notify("The gRPC port is a number, e.g. 50051.", severity="error", markup=False)
            return
        request = CopyRequest(
            self.collection,
            target_name=self._value("#copy-as"),
            where=self._value("#copy-where"),
            tenants=self._value("#copy-tenants"),
            with_vectors=self.query_one("#copy-vectors", Checkbox).value,
        )
        self.run_copy(to, int(port) if port else None, request)

    @work(exclusive=True, group=workers.COPY, exit_on_error=False)
    async def run_copy(self, to: str, grpc_port: int | None, request: CopyRequest) -> None:
        """Work out the plan, then ask; the copy starts once the target's name is typed."""
        options = await asyncio.to_thread(other_side_options, to, grpc_port=grpc_port)
        require_writable(options, f"copy {self.collection} to {options.display_url}")
        async with other_session(options) as target:
            plan = await plan_copy(self.session, target, request)
        self.query_one(".transfer-summary", Static).update(Text(safe_text(plan.describe()[0])))
        open_screen(
            self.app,
            ConfirmTypedScreen(
                f"Copy {plan.total:,} objects to {plan.target_url}",
                plan.target,
                "\n".join(plan.describe()),
            ),
            when_confirmed(self.session, lambda: self.copy(options, request)),
        )

    @work(exclusive=True, group=workers.COPY, exit_on_error=False)
    async def copy(self, options: ConnectionOptions, request: CopyRequest) -> None:
        progress = self.query_one(TransferProgress)

        def show(update: CopyProgress) -> None:
            progress.update_progress(update.done, update.total, "objects", update.rate, update.eta)

        async with other_session(options) as target:
            note_confirmed_by_typing(target)  # the typed name approves a protected target too
            plan = await plan_copy(self.session, target, request)
            await self.transfer(
                f"Copying to {safe_text(plan.target_url)}…",
                run_copy(self.session, target, plan, show),
            )

    def summary_text(self, report: CopyReport) -> Text:
        return Text(safe_text(report.summary()))
