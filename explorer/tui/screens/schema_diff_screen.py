"""Compare the current collection's config with another server's: A on the left, B on the right.

The other server is a profile's name or a URL (with its gRPC port). Each difference is one line
on both sides, coloured by what it is: added on B (green), removed from A (red), changed
(yellow); a marker says whether it can change in place. Ctrl+S makes A match B for those, after
the collection's name is typed.
"""

from __future__ import annotations

import asyncio
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Input, Static
from textual.worker import Worker

from explorer.core.base.formatting import safe_text
from explorer.core.client.session import ExplorerSession
from explorer.core.servers import rest_schema
from explorer.core.servers.diff_apply import apply_diff, apply_plan
from explorer.core.servers.other_side import other_session, other_side_options
from explorer.core.servers.schema_diff import CollectionDiff, describe_value, diff_collections
from explorer.tui import workers
from explorer.tui.bindings import SCHEMA_DIFF_BINDINGS
from explorer.tui.errors import guarded, report_worker_state, show_error
from explorer.tui.screen_stack import ModalClosesOnlyItself, open_screen
from explorer.tui.screens.confirm_typed import ConfirmTypedScreen, when_confirmed
from explorer.tui.widgets.keys_footer import KeysFooter
from explorer.tui.widgets.text_input import TextInput

_STYLE = {"added": "$text-success", "removed": "$text-error", "changed": "$text-warning"}
_SIDE_WIDTH = 70


def render_sides(diff: CollectionDiff) -> tuple[Content, Content]:
    """The two sides, one line per difference (server text literal and cut to one line)."""
    if not diff.differences:
        same = Content("The two configs are the same.")
        return same, same
    left: list[Content | str | tuple[str, str]] = []
    right: list[Content | str | tuple[str, str]] = []
    section = ""
    for d in diff.differences:
        if d.section != section:
            section = d.section
            heading = (f"{safe_text(section)}\n", "bold")
            left.append(heading)
            right.append(heading)
        style = _STYLE[d.change]
        where = safe_text(d.where, 40)
        marker = "in place" if d.in_place else "fixed"
        left.append((f"  {where}: {safe_text(describe_value(d.a), _SIDE_WIDTH)}\n", style))
        right.append(
            (f"  {where}: {safe_text(describe_value(d.b), _SIDE_WIDTH)}  [{marker}]\n", style)
        )
    return Content.assemble(*left), Content.assemble(*right)


class SchemaDiffScreen(ModalClosesOnlyItself[None]):
    """Opened from the schema pane with ``d``; Esc closes it."""

    DEFAULT_CSS = """
    SchemaDiffScreen { align: center middle; }
    SchemaDiffScreen > Vertical {
        width: 98%; height: 95%; border: thick $primary; background: $surface; padding: 0 1;
    }
    SchemaDiffScreen #diff-title { text-style: bold; }
    SchemaDiffScreen #diff-inputs { height: auto; }
    SchemaDiffScreen #diff-against { width: 2fr; }
    SchemaDiffScreen #diff-grpc-port { width: 1fr; }
    SchemaDiffScreen #diff-collection-b { width: 1fr; }
    SchemaDiffScreen #diff-profiles { color: $text-muted; }
    SchemaDiffScreen #diff-sides { height: 1fr; }
    SchemaDiffScreen #diff-sides VerticalScroll { width: 1fr; border: round $panel; }
    """
    BINDINGS: ClassVar[list[BindingType]] = list(SCHEMA_DIFF_BINDINGS)

    def __init__(self, session: ExplorerSession, collection: str) -> None:
        super().__init__()
        self.session = session
        self.collection = collection
        self.diff: CollectionDiff | None = None

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                Content(
                    f"Compare {safe_text(self.collection, 80)} "
                    f"(A: {safe_text(self.session.options.display_url, 80)}) with B"
                ),
                id="diff-title",
            )
            with Horizontal(id="diff-inputs"):
                yield TextInput(
                    placeholder="B: a profile, or http(s)://host:port", id="diff-against"
                )
                yield TextInput(placeholder="B's gRPC port (with a URL)", id="diff-grpc-port")
                yield TextInput(
                    placeholder=f"B's collection ({self.collection})", id="diff-collection-b"
                )
            yield Static("", id="diff-profiles")
            yield Static("Enter (or Ctrl+R) compares.", id="diff-summary")
            with Horizontal(id="diff-sides"):
                with VerticalScroll(id="diff-side-a"):
                    yield Static("", id="diff-a")
                with VerticalScroll(id="diff-side-b"):
                    yield Static("", id="diff-b")
            yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#diff-against", Input).focus()
        self.list_profiles()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_worker_state(self.app, event.worker, event.state)

    @work(group=workers.PROFILES, exit_on_error=False)
    async def list_profiles(self) -> None:
        from explorer.core.store.profiles import load_profiles

        try:
            profiles = await asyncio.to_thread(load_profiles)
        except Exception as error:  # a broken profiles file: the URL still works
            show_error(self.app, error)
            return
        names = ", ".join(safe_text(p.name, 40) for p in profiles.values() if not p.embedded)
        self.query_one("#diff-profiles", Static).update(
            Content(f"Profiles: {names}" if names else "No profiles saved: give a URL.")
        )

    @on(Input.Submitted)
    def submitted(self) -> None:
        self.action_compare()

    @guarded
    def action_compare(self) -> None:
        against = self.query_one("#diff-against", Input).value.strip()
        if not against:
            self.notify("Name a profile or give a URL for B.", markup=False)
            return
        port_text = self.query_one("#diff-grpc-port", Input).value.strip()
        if port_text and not port_text.isdigit():
            self.notify("B's gRPC port is a number, e.g. 50051.", severity="error", markup=False)
            return
        b_name = self.query_one("#diff-collection-b", Input).value.strip() or self.collection
        self.query_one("#diff-summary", Static).update(Content(f"Comparing with {against}…"))
        self.compare(against, int(port_text) if port_text else None, b_name)

    @work(exclusive=True, group=workers.SCHEMA_DIFF, exit_on_error=False)
    async def compare(self, against: str, grpc_port: int | None, b_name: str) -> None:
        options = await asyncio.to_thread(
            other_side_options, against, grpc_port=grpc_port, read_only=True
        )
        async with other_session(options) as other:
            a_config, b_config = await asyncio.gather(
                rest_schema.read_class(self.session, self.collection),
                rest_schema.read_class(other, b_name),
            )
        if a_config is None or b_config is None:
            missing = self.collection if a_config is None else f"{b_name} on {options.display_url}"
            self.diff = None
            self.query_one("#diff-summary", Static).update(Content(f"No collection {missing}."))
            return
        diff = await asyncio.to_thread(diff_collections, a_config, b_config)
        left, right = await asyncio.to_thread(render_sides, diff)
        self.diff = diff
        self.query_one("#diff-a", Static).update(left)
        self.query_one("#diff-b", Static).update(right)
        count, movable = len(diff.differences), len(diff.in_place)
        self.query_one("#diff-summary", Static).update(
            Content(
                f"A: {self.session.options.display_url}   B: {options.display_url}   "
                f"{count} differences, {movable} can change in place"
                + (" (Ctrl+S makes A match B for those)" if movable else "")
            )
        )

    @guarded
    def action_apply(self) -> None:
        diff = self.diff
        if diff is None:
            self.notify("Compare first (Enter).", markup=False)
            return
        self.session.require_writable(f"change collection {diff.a_name}")
        steps = apply_plan(diff)
        details = "\n".join(
            f"{d.section} {d.where}: {d.change}, {describe_value(d.a)} → {describe_value(d.b)}"
            for d in steps
        )
        open_screen(
            self.app,
            ConfirmTypedScreen(
                f"Make {diff.a_name} match B ({len(steps)} changes)", diff.a_name, details
            ),
            when_confirmed(self.session, lambda: self.apply(diff)),
        )

    @work(exclusive=True, group=workers.SCHEMA_CHANGE, exit_on_error=False)
    async def apply(self, diff: CollectionDiff) -> None:
        result = await apply_diff(self.session, diff)
        self.notify(result.summary(), title="Schema changed", markup=False)
        self.action_compare()

    @guarded
    def action_close(self) -> None:
        self.dismiss()
