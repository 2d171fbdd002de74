"""JobProgress: nothing drawn while idle, a bar or a pulse while a job runs, never a layout."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Static

from explorer.tui.widgets.job_progress import JobProgress
from tests.tui.helpers import count_layouts


class _Job(App[None]):
    def compose(self) -> ComposeResult:
        yield JobProgress(id="job")
        yield Static("below", id="below")


async def test_a_job_draws_its_line_only_while_it_runs_and_lays_nothing_out() -> None:
    app = _Job()
    async with app.run_test(size=(40, 6)) as pilot:
        await pilot.pause()
        bar = app.query_one(JobProgress)
        below = app.query_one("#below", Static)
        assert bar.render().plain.strip() == "" and bar.auto_refresh is None
        assert below.region.y == 1  # the line is kept while idle
        layouts = count_layouts(app.screen)

        bar.start(None)  # total not known yet: a pulse that moves
        await pilot.pause()
        assert bar.auto_refresh is not None and bar.percentage is None
        assert "--%" in bar.render().plain

        bar.update(total=200, progress=50)
        await pilot.pause()
        assert bar.auto_refresh is None and bar.percentage == 0.25
        drawn = bar.render().plain
        assert drawn.endswith(" 25%") and len(drawn) == bar.size.width

        bar.update(progress=500)  # more than the total: full, not beyond
        assert bar.render().plain.endswith("100%")

        bar.stop()
        await pilot.pause()
        assert bar.render().plain == "" and bar.auto_refresh is None
        assert layouts == [] and below.region.y == 1
