"""A progress bar with a line under it: how many, the rate, the time left."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import ProgressBar, Static


def progress_line(done: int, total: int | None, unit: str, rate: float, eta: float | None) -> str:
    of = f" of {total:,}" if total is not None else ""
    left = f" · ETA {eta:,.0f}s" if eta is not None else ""
    return f"{done:,}{of} {unit} · {rate:,.0f} {unit}/s{left}"


class TransferProgress(Vertical):
    """Set :meth:`update_progress` from a worker; the text says the rate and ETA."""

    DEFAULT_CSS = """
    TransferProgress { height: auto; }
    TransferProgress ProgressBar { width: 100%; }
    TransferProgress .transfer-status { height: 1; color: $text-muted; }
    """

    def compose(self) -> ComposeResult:
        # Our own ETA line (from the rate so far); the bar's clock would make snapshots drift.
        yield ProgressBar(total=None, show_eta=False, classes="transfer-bar")
        yield Static("", classes="transfer-status")

    def update_progress(
        self,
        done: int,
        total: int | None,
        unit: str,
        rate: float,
        eta: float | None,
        extra: str = "",
    ) -> None:
        bar = self.query_one(ProgressBar)
        bar.update(total=total if total else None, progress=done)
        self.query_one(".transfer-status", Static).update(
            Text(progress_line(done, total, unit, rate, eta) + extra)
        )

    @property
    def status(self) -> str:
        content = self.query_one(".transfer-status", Static).render()
        return content.plain if isinstance(content, Text) else str(content)
