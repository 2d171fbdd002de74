"""A wait shows its loading indicator only once it lasts, and never leaves it behind."""

from __future__ import annotations

import asyncio

import pytest
from textual import work
from textual.app import App, ComposeResult
from textual.widgets import DataTable, LoadingIndicator
from textual.worker import Worker, WorkerState

from explorer.tui.widgets.loading_later import loading_later
from tests.tui.helpers import poll_until


class Waiting(App[None]):
    """A table whose worker waits for ``answer`` inside ``loading_later``."""

    def __init__(self, after: float) -> None:
        super().__init__()
        self.after = after
        self.answer = asyncio.Event()
        self.fail = False
        self.seen: list[bool] = []  # every value `loading` took, in order

    def compose(self) -> ComposeResult:
        yield DataTable()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        self.watch(table, "loading", lambda loading: self.seen.append(loading), init=False)

    @work(exit_on_error=False)
    async def wait(self) -> None:
        with loading_later(self.query_one(DataTable), after=self.after):
            await self.answer.wait()
            if self.fail:
                raise RuntimeError("the call failed")


def indicators(app: App[None]) -> int:
    """Loading indicators over the table (Textual draws one as the table's cover, not a child)."""
    return int(isinstance(app.query_one(DataTable)._cover_widget, LoadingIndicator))


async def test_a_short_wait_never_shows_the_indicator() -> None:
    app = Waiting(after=60)
    async with app.run_test() as pilot:
        worker = app.wait()
        await pilot.pause()
        assert indicators(app) == 0
        app.answer.set()
        await worker.wait()
        await pilot.pause()
        assert app.seen == [] and indicators(app) == 0
        assert not app.query_one(DataTable).loading


@pytest.mark.parametrize("ending", ["answered", "failed", "cancelled"])
async def test_a_long_wait_shows_it_and_its_end_removes_it(ending: str) -> None:
    app = Waiting(after=0.01)
    async with app.run_test() as pilot:
        worker: Worker[None] = app.wait()
        await poll_until(pilot, lambda: indicators(app) == 1, "the loading indicator")
        assert app.query_one(DataTable).loading
        if ending == "cancelled":
            worker.cancel()
        else:
            app.fail = ending == "failed"
            app.answer.set()
        await poll_until(pilot, lambda: worker.is_finished, "the worker's end")
        await pilot.pause()
        expected = {
            "answered": WorkerState.SUCCESS,
            "failed": WorkerState.ERROR,
            "cancelled": WorkerState.CANCELLED,
        }[ending]
        assert worker.state == expected
        assert app.seen == [True, False]
        await poll_until(pilot, lambda: indicators(app) == 0, "the indicator's removal")
