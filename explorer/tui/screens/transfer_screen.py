"""What the import and export screens share: a modal with progress, a summary, Esc to cancel."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import ClassVar, Protocol, TypeVar

from rich.text import Text
from textual import on
from textual.binding import BindingType
from textual.widgets import Input, Static
from textual.worker import Worker, WorkerState

from explorer.core.base.errors import ExplorerError
from explorer.core.base.formatting import safe_text
from explorer.core.client.session import ExplorerSession
from explorer.tui.bindings import TRANSFER_BINDINGS
from explorer.tui.errors import report_worker_state
from explorer.tui.screen_stack import ModalClosesOnlyItself


class TransferReport(Protocol):
    def summary(self) -> str: ...


ReportT = TypeVar("ReportT", bound=TransferReport)


class TransferScreen(ModalClosesOnlyItself[ReportT | None]):
    """Dismisses with the report of the last transfer (None when none finished).

    A subclass names its worker group (``TRANSFER_GROUP``, the ``group`` of its ``@work``),
    composes a ``Static`` with the class ``transfer-summary`` and a ``TransferProgress``, and
    implements ``action_start``; its worker awaits :meth:`transfer`.
    """

    DEFAULT_CSS = """
    TransferScreen { align: center middle; }
    TransferScreen > Vertical {
        width: 90; max-width: 100%; height: auto; max-height: 90%; border: thick $primary; background: $surface;
        padding: 0 1;
    }
    TransferScreen .hint { color: $text-muted; }
    TransferScreen .transfer-summary { height: auto; margin-top: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = list(TRANSFER_BINDINGS)
    TRANSFER_GROUP: ClassVar[str]
    #: Shown when the worker itself ends cancelled (None: the transfer reports it).
    CANCELLED_TEXT: ClassVar[str | None] = None

    def __init__(self, session: ExplorerSession, collection: str, tenant: str | None) -> None:
        super().__init__()
        self.session = session
        self.collection = collection
        self.tenant = tenant
        self.report: ReportT | None = None

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_worker_state(self.app, event.worker, event.state)
        if (
            self.CANCELLED_TEXT is not None
            and event.worker.node is self
            and event.state == WorkerState.CANCELLED
        ):
            self.query_one(".transfer-summary", Static).update(self.CANCELLED_TEXT)

    def _transfers(self) -> list[Worker[None]]:
        return [
            w
            for w in self.workers
            if w.node is self and w.group == self.TRANSFER_GROUP and w.is_running
        ]

    @property
    def running(self) -> bool:
        return bool(self._transfers())

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_start()

    def action_start(self) -> None:
        raise NotImplementedError

    async def transfer(self, starting: str, job: Awaitable[ReportT]) -> ReportT:
        """Await ``job`` with ``starting`` in the summary, then its report (or its error)."""
        summary = self.query_one(".transfer-summary", Static)
        summary.update(Text(starting))
        try:
            report = await job
        except ExplorerError as exc:
            summary.update(Text(f"{exc.title}: {safe_text(exc.message)}"))
            raise  # the worker ends in error: report_worker_state shows it
        self.report = report
        summary.update(self.summary_text(report))
        return report

    def summary_text(self, report: ReportT) -> Text:
        """What the summary shows once the transfer has ended."""
        return Text(safe_text(report.summary()))

    def action_cancel_or_close(self) -> None:
        """Esc cancels a running transfer (it then says what was done); else it closes."""
        running = self._transfers()
        if running:
            for worker in running:
                worker.cancel()
            return
        self.dismiss(self.report)
