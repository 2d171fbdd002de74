"""The status bar: connection state, server, current collection, latency and calls in flight."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from explorer.core.formatting import safe_text
from explorer.core.session import ExplorerSession


class StatusBar(Static):
    DEFAULT_CSS = """
    StatusBar {
        height: 1;
        background: $panel;
        color: $text;
        padding: 0 1;
    }
    """

    def __init__(self) -> None:
        super().__init__(id="status-bar")
        self.session: ExplorerSession | None = None
        self.message = "Starting…"

    def show_message(self, message: str) -> None:
        self.message = message
        self.refresh_status()

    def refresh_status(self) -> None:
        """Read only local state (``is_connected()``), so this is safe on a short timer."""
        line = Text()
        session = self.session
        if session is None:
            line.append("○ not connected", style="bold")
        else:
            connected = session.is_connected()
            line.append("● connected" if connected else "○ disconnected", style="bold")
            line.append(f"  {safe_text(session.options.display_url)}")
            if session.server_info:
                line.append(f"  v{safe_text(session.server_info.version)}")
            if session.current_collection:
                tenant = f"@{safe_text(session.current_tenant)}" if session.current_tenant else ""
                line.append(f"  ▸ {safe_text(session.current_collection)}{tenant}")
            if session.last_latency_ms is not None:
                line.append(f"  {session.last_latency_ms:.0f} ms")
            line.append(f"  in flight: {session.calls_in_flight}")
        if self.message:
            line.append(f"  │ {safe_text(self.message)}")
        self.update(line)
