"""The status bar: connection state, profile, server, safety flags, collection, latency, in flight."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.reactive import var
from textual.widgets import Static

from explorer.core.base.formatting import safe_text

if TYPE_CHECKING:  # the status bar is in the first frame, before the core is imported
    from explorer.core.client.health import Health
    from explorer.core.client.session import ExplorerSession


class StatusBar(Static):
    DEFAULT_CSS = """
    StatusBar {
        height: 1;
        background: $panel;
        color: $text;
        padding: 0 1;
    }
    """

    #: The app's session (bound in the app's compose).
    session: var[ExplorerSession | None] = var(None)

    def __init__(self) -> None:
        super().__init__(id="status-bar")
        self.message = "Starting…"
        self.health: Health | None = None
        self._shown: Text | None = None

    def watch_session(self, old: ExplorerSession | None, new: ExplorerSession | None) -> None:
        if old is not new:
            self.health = None  # the old connection's health says nothing of the new one
            self.refresh_status()

    def show_message(self, message: str) -> None:
        self.message = message
        self.refresh_status()

    def refresh_status(self) -> None:
        """Read only local state (``is_connected()``), so this is safe on a short timer.

        Nothing is drawn while a screen above hides the bar: Textual repaints the whole top
        screen whenever the screen under it changes (twice a second here, for the latency and
        the calls in flight; 3-8 ms of the UI's time each in the lab's views). The app calls
        this again when the screens change, so the bar is current when it shows."""
        if self.is_hidden_by_a_screen_above():
            return
        line = Text()
        session = self.session
        if session is None:
            line.append("○ not connected", style="bold")
        else:
            health = self.health
            if health is not None and health.state == "reconnecting":
                line.append("◌ reconnecting…", style="bold yellow")
            elif not session.reachable or (health is not None and not health.reachable):
                retry = (
                    f" (retry in {health.retry_in:.0f}s)"
                    if health is not None and health.retry_in
                    else ""
                )
                state = "gRPC down" if health and health.state == "grpc-down" else "disconnected"
                line.append(f"○ {state}{retry}", style="bold red")
            else:
                connected = session.is_connected()
                line.append("● connected" if connected else "○ disconnected", style="bold")
            options = session.options
            if options.profile:
                line.append(f"  profile {safe_text(options.profile)}", style="bold")
            line.append(f"  {safe_text(options.display_url)}")
            if options.read_only:
                line.append("  [read-only]", style="bold yellow")
            if options.protected:
                line.append("  [protected]", style="bold magenta")
            if session.server_info:
                line.append(f"  v{safe_text(session.server_info.version)}")
            if session.current_collection:
                tenant = f"@{safe_text(session.current_tenant)}" if session.current_tenant else ""
                line.append(f"  ▸ {safe_text(session.current_collection)}{tenant}")
            if session.consistency_level:
                line.append(f"  CL {session.consistency_level}")
            if session.last_latency_ms is not None:
                line.append(f"  {session.last_latency_ms:.0f} ms")
            line.append(f"  in flight: {session.calls_in_flight}")
        if self.message:
            line.append(f"  │ {safe_text(self.message)}")
        if line == self._shown:
            return  # the same text: no layout, no repaint (this runs twice a second)
        self._shown = line
        # One line of a fixed height: a new text needs a repaint of the bar, not a layout of
        # the screen (which took 2-4 ms of the UI's time, several times a second under load).
        self.update(line, layout=False)

    def is_hidden_by_a_screen_above(self) -> bool:
        """True while an opaque screen is above the bar's; a modal's translucent backdrop
        (help, confirmations) still shows it."""
        if not self.is_attached:
            return False
        stack = self.app.screen_stack
        mine = self.screen
        if mine not in stack:
            return False
        above = stack[stack.index(mine) + 1 :]
        return any(screen.styles.background.a >= 1 for screen in above)
