"""The Lab tab by Pilot on a real server: Compare and RAG views, and multi-target in the Query pane."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Select, SelectionList, TabbedContent

from explorer.core.client.session import ExplorerSession
from explorer.core.lab.rag_prompts import prompt_from_dummy_echo
from explorer.tui.app import ExplorerApp
from explorer.tui.lab.compare_view import CompareView
from explorer.tui.lab.lab_pane import LabPane
from explorer.tui.lab.rag_view import RagView
from explorer.tui.panes.query_pane import QueryPane
from explorer.tui.screens.code_screen import CodeScreen
from explorer.tui.widgets.explorer_table import ExplorerTable
from tests.integration.lab_data import create_lab_collection
from tests.tui.helpers import (
    loaded_pane,
    notifications,
    press_at_once,
    settle,
    static_text,
    wait_for_collection,
    wait_until,
)

SIZE = (160, 50)


@pytest.fixture(scope="module")
async def lab_collection(session: ExplorerSession) -> AsyncIterator[str]:
    name = f"TLabTui{uuid.uuid4().hex[:8]}"
    await create_lab_collection(session, name)
    yield name
    await session.client.collections.delete(name)


async def open_lab(pilot: Pilot[Any], name: str) -> LabPane:
    await wait_for_collection(pilot, name)
    await pilot.press("enter")
    app = pilot.app
    assert isinstance(app, ExplorerApp)
    await pilot.press("7")
    lab = await loaded_pane(pilot, LabPane)
    compare = lab.query_one(CompareView)
    await wait_until(pilot, lambda: compare.config is not None, "the lab's collection")
    return lab


def tick(widget: SelectionList[str], *names: str) -> None:
    widget.deselect_all()
    for name in names:
        widget.select(name)


async def test_compare_by_keys_shows_each_objects_rank_and_explain_score(
    app: ExplorerApp, lab_collection: str
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        lab = await open_lab(pilot, lab_collection)
        view = lab.query_one(CompareView)
        assert app.focused is view.query_one("#compare-text", Input), getattr(
            app.screen, "details", None
        )
        await pilot.press(*"harbour")
        tick(view.query_one("#compare-targets SelectionList", SelectionList), "title_vec")
        view.query_one("#compare-alphas", Input).value = "0,0.5"
        await pilot.press("ctrl+r")
        table = view.query_one("#compare-lists", ExplorerTable)
        await wait_until(pilot, lambda: table.row_count > 0, "the comparison")
        assert [str(c.label) for c in table.columns.values()] == [
            "#",
            "bm25",
            "vector",
            "hybrid 0",
            "hybrid 0.5",
        ]
        assert "no nearText" in static_text(app, "#compare-summary")
        assert "bm25 vs vector" in static_text(app, "#compare-overlap")
        table.focus()
        await pilot.press("right", "down")
        report = static_text(app, "#compare-object")
        assert report.startswith(("A ·", "B ·", "C ·", "D ·"))
        assert "Rank: bm25" in report and "hybrid 0.5" in report
        assert "[bm25]" in report  # the explain-score of each list it is in
        uuid_shown = report.split(" · ")[2].splitlines()[0]
        ranks = view.result.ranks_of(uuid_shown) if view.result else {}
        assert ranks["bm25"] == 2
        await pilot.press("ctrl+y")
        await wait_until(pilot, lambda: isinstance(app.screen, CodeScreen), "the code")
        await pilot.press("escape")


async def test_compare_refuses_bad_alphas_and_needs_a_target(
    app: ExplorerApp, lab_collection: str
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        lab = await open_lab(pilot, lab_collection)
        view = lab.query_one(CompareView)
        view.query_one("#compare-text", Input).value = "harbour"
        await pilot.press("ctrl+r")
        await wait_until(
            pilot,
            lambda: any("Choose a target" in n.title for n in app._notifications),
            "the target error",
        )
        view.query_one("#compare-alphas", Input).value = "0,7"
        tick(view.query_one("#compare-targets SelectionList", SelectionList), "title_vec")
        await pilot.press("ctrl+r")
        await wait_until(
            pilot, lambda: any("Invalid alpha" in n.title for n in app._notifications), "alpha"
        )
        assert view.query_one("#compare-lists", ExplorerTable).row_count == 0


async def test_rag_view_shows_the_prompts_the_generator_received(
    app: ExplorerApp, lab_collection: str
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        lab = await open_lab(pilot, lab_collection)
        lab.query_one("#lab-views", TabbedContent).active = "lab-rag"
        view = lab.query_one(RagView)
        view.query_one("#rag-mode", Select).value = "bm25"
        view.query_one("#rag-query", Input).value = "harbour"
        view.query_one("#rag-prompt", Input).value = "About {title} ({year}, {tags})"
        view.query_one("#rag-task", Input).value = "Compare {title}"
        view.query_one("#rag-rerank", Input).value = "summary"
        view.query_one("#rag-limit", Input).value = "2"
        view.query_one("#rag-pool", Input).value = "5"
        view.query_one("#rag-query", Input).focus()
        await pilot.press("enter")
        table = view.query_one("#rag-objects", ExplorerTable)
        await wait_until(pilot, lambda: table.row_count == 2, "the RAG results")
        result = view.result
        assert result is not None
        for record, prompt in zip(result.objects, result.prompts, strict=True):
            assert prompt == prompt_from_dummy_echo(record.generated)
        # One of the two orders the server may build the grouped task in is the echo, exactly.
        assert result.task_order in ("search", "reranked")
        assert result.task_prompt == prompt_from_dummy_echo(result.grouped_answer)
        prompt_panel = static_text(app, "#rag-prompt-sent")
        assert prompt_panel.startswith(f"Prompt sent for result 1:\n{result.prompts[0]}")
        task_panel = static_text(app, "#rag-task-sent")
        assert task_panel.startswith(f"Grouped task as sent, in the {result.task_order} order")
        assert "\nCompare " in task_panel
        assert view.query_one("#rag-rerank-order", ExplorerTable).row_count == 5
        assert "context gained" in static_text(app, "#rag-context-change")
        table.focus()
        await pilot.press("down")
        assert static_text(app, "#rag-prompt-sent").startswith("Prompt sent for result 2:")


async def test_lab_keys_twice_fast_in_any_order(app: ExplorerApp, lab_collection: str) -> None:
    async with app.run_test(size=SIZE) as pilot:
        lab = await open_lab(pilot, lab_collection)
        await press_at_once(pilot, "escape", "7", "7", "3", "7", "ctrl+r", "ctrl+r", "escape")
        await settle(pilot)
        tabs = app.main_screen.query_one("#tabs", TabbedContent)
        assert tabs.active == "tab-lab"
        assert lab.query_one(CompareView).query_one("#compare-lists", ExplorerTable).row_count == 0
        assert len(app.screen_stack) == 1


async def test_query_pane_multi_target_search(app: ExplorerApp, lab_collection: str) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_lab(pilot, lab_collection)
        await pilot.press("escape", "3")  # Esc leaves the lab's form: 3 is a key again
        pane = await loaded_pane(pilot, QueryPane)
        pane.query_one("#query-text", Input).value = "harbour"
        tick(
            pane.query_one("#query-targets SelectionList", SelectionList),
            "title_vec",
            "summary_vec",
        )
        pane.query_one("#query-targets .weights", Input).value = "title_vec=0.3,summary_vec=0.7"
        await pilot.press("ctrl+r")
        table = pane.query_one("#query-table", ExplorerTable)
        await wait_until(
            pilot, lambda: table.row_count > 0, f"multi-target results {notifications(app)}"
        )
        request = pane.last_request
        assert request is not None and request.multi_target is not None
        assert request.multi_target.combination == "manual"
        assert request.multi_target.weights == (("title_vec", 0.3), ("summary_vec", 0.7))
        pane.query_one("#query-targets .weights", Input).value = "title_vec=0.3"
        await pilot.press("ctrl+r")
        await wait_until(
            pilot,
            lambda: any("do not match" in n.title for n in app._notifications),
            "the weights error",
        )
