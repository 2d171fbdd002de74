"""The query and aggregate forms keep the user's focus, input and target vector (issue 15, items 6, 7)."""

from __future__ import annotations

import json
from typing import Any

from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input, Select

from explorer.tui.app import ExplorerApp
from explorer.tui.panes.aggregate_pane import AggregatePane
from explorer.tui.panes.query_pane import QueryPane
from explorer.tui.screens.object_detail import ObjectDetailScreen
from tests.integration.books import Book
from tests.tui.helpers import (
    loaded_pane,
    notifications,
    press_at_once,
    settle,
    static_text,
    wait_until,
)
from tests.tui.test_flows import running_on_books


def in_form(widget: Widget | None) -> bool:
    return widget is not None and any(a.id == "query-form" for a in widget.ancestors)


def shown(widget: Widget) -> bool:
    return all(node.display for node in widget.ancestors_with_self if isinstance(node, Widget))


async def wait_ran(app: ExplorerApp, pilot: Pilot[Any], pane: QueryPane, text: str) -> None:
    await wait_until(
        pilot,
        lambda: (
            pane.last_request is not None
            and pane.last_request.text == text
            and "results" in static_text(app, "#query-summary")
        ),
        f"the run for {text}",
    )


async def test_3_focuses_kind_tab_skips_hidden_fields_and_a_run_keeps_focus(
    app: ExplorerApp, books: tuple[str, list[Book]]
) -> None:
    name, _ = books
    async with running_on_books(app, name) as pilot:
        pane = await loaded_pane(pilot, QueryPane)
        pane.query_one("#query-kind", Select).value = "near_object"  # no query text
        await pilot.pause()
        await pilot.press("2", "3")
        assert app.focused is pane.query_one("#query-kind", Select)
        await pilot.press("x", "y")
        assert pane.query_one("#query-text", Input).value == ""

        # Tab walks the whole form and never stops on a field the kind hides.
        stops = []
        for _ in range(20):
            await pilot.press("tab")
            assert app.focused is not None
            stops.append(app.focused)
            assert shown(app.focused), f"Tab stopped on hidden {app.focused.id}"

        pane.query_one("#query-kind", Select).value = "bm25"
        await pilot.pause()
        text = pane.query_one("#query-text", Input)
        text.focus()
        await pilot.press(*"keeper", "enter")
        await wait_ran(app, pilot, pane, "keeper")
        assert app.focused is text, app.focused
        await pilot.press("s")
        assert text.value == "keepers"  # typing goes on into the field after a run
        await pilot.press("ctrl+r")
        await wait_ran(app, pilot, pane, "keepers")
        assert in_form(app.focused)


async def test_a_burst_of_pane_key_tab_text_and_enter_runs_the_typed_query(
    app: ExplorerApp, books: tuple[str, list[Book]]
) -> None:
    """Keys typed in one burst follow the focus the keys before them moved.

    Tab and the pane keys are bindings that run when the key has bubbled up to the app; the
    text typed right behind them used to go to the widget that still had the focus, and Enter
    then submitted an empty query (CI's tmux test, under load).
    """
    name, _ = books
    async with running_on_books(app, name) as pilot:
        pane = await loaded_pane(pilot, QueryPane)
        await press_at_once(pilot, "3", "tab", *"lighthouse", "enter")
        await wait_ran(app, pilot, pane, "lighthouse")
        assert pane.query_one("#query-text", Input).value == "lighthouse"
        assert app.key_order.waiting == 0


async def test_the_aggregate_where_survives_a_reload_of_the_same_collection(
    app: ExplorerApp, books: tuple[str, list[Book]]
) -> None:
    """A reconnect reloads the collection's config into the panes: the forms keep their input."""
    name, _ = books
    async with running_on_books(app, name) as pilot:
        aggregate = await loaded_pane(pilot, AggregatePane)
        await pilot.press("5")
        where = aggregate.query_one("#aggregate-where", Input)
        where.value = "year > 1900"
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: aggregate.result is not None, "the aggregate")
        app._server_back()  # what a reconnect does
        await settle(pilot)
        assert where.value == "year > 1900"


async def test_automatic_target_runs_and_the_last_target_is_remembered(
    app: ExplorerApp, books: tuple[str, list[Book]]
) -> None:
    """Books has the demo's shape: a self-provided vector and a bigram one."""
    name, data = books
    async with running_on_books(app, name) as pilot:
        pane = await loaded_pane(pilot, QueryPane)
        await pilot.press("3")
        target = pane.query_one("#query-target", Select)
        assert target.is_blank()  # two vectors: nothing used yet, so "(automatic)"
        pane.query_one("#query-kind", Select).value = "near_vector"
        pane.query_one("#query-vector", Input).value = json.dumps(data[0].vector)
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: pane.result is not None, "near_vector results")
        assert pane.last_request is not None and pane.last_request.target_vector == "custom"
        assert pane.result is not None and pane.result.objects[0].uuid == data[0].uuid

        pane.query_one("#query-kind", Select).value = "near_object"
        pane.query_one("#query-object", Input).value = data[1].uuid
        await pilot.pause()
        await pilot.press("ctrl+r")
        await wait_until(
            pilot,
            lambda: pane.last_request is not None and pane.last_request.kind == "near_object",
            "near_object results",
        )
        assert not notifications(app), notifications(app)

        target.value = "custom"
        await pilot.press("ctrl+r")
        await wait_until(
            pilot,
            lambda: pane.last_request is not None and pane.last_request.target_vector == "custom",
            "the run on custom",
        )
        app.load_collection_config(name)  # a reload (reconnect, schema change) keeps it
        await settle(pilot)
        assert target.value == "custom"
        target.clear()
        pane.config = None  # as after opening another collection and coming back
        app.load_collection_config(name)
        await settle(pilot)
        assert target.value == "custom"  # the last target used on this collection


async def test_similar_to_this_runs_at_once_on_the_vector_shown(
    app: ExplorerApp, books: tuple[str, list[Book]]
) -> None:
    name, _ = books
    async with running_on_books(app, name) as pilot:
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ObjectDetailScreen), "the detail")
        detail = app.screen
        assert isinstance(detail, ObjectDetailScreen)
        await wait_until(pilot, lambda: detail.prepared is not None, "the object")
        shown_first = detail.prepared.vectors[0].name  # type: ignore[union-attr]
        await pilot.press("m")
        pane = await loaded_pane(pilot, QueryPane)
        await wait_until(pilot, lambda: pane.result is not None, "the similar objects, unasked")
        assert pane.last_request is not None
        assert pane.last_request.kind == "near_object"
        assert pane.last_request.object_id == detail.uuid
        assert pane.last_request.target_vector == shown_first
        assert pane.result is not None and pane.result.objects[0].uuid == detail.uuid


async def test_properties_come_before_generated_text_and_scores(
    app: ExplorerApp, books: tuple[str, list[Book]]
) -> None:
    """Issue 15, item 8: RAG and rerank columns never push the object's own columns away."""
    from textual.widgets import DataTable

    from explorer.tui.panes.query_pane import CELL_WIDTH

    name, _ = books
    async with running_on_books(app, name) as pilot:
        pane = await loaded_pane(pilot, QueryPane)
        await pilot.press("3")
        pane.query_one("#query-kind", Select).value = "bm25"
        pane.query_one("#query-text", Input).value = "storm"
        pane.query_one("#query-prompt", Input).value = "Describe {title} at length, " * 5
        pane.query_one("#query-rerank-property", Input).value = "summary"
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: pane.result is not None, "the RAG results")
        table = pane.query_one("#query-table", DataTable)
        keys = [str(c.key.value) for c in table.ordered_columns]
        assert keys[0] == "rank"
        own = [k for k in keys if k.startswith("p:")]
        assert keys[1 : 1 + len(own)] == own, keys  # the properties first
        assert {"generated", "rerank"} <= set(keys[1 + len(own) :]), keys
        generated = [str(cell) for cell in table.get_column("generated")]
        assert all(len(cell) <= CELL_WIDTH for cell in generated)
        assert pane.result is not None and pane.result.objects[0].generated is not None
        full = static_text(app, "#query-generated")
        assert pane.result.objects[0].generated.split(". With")[0] in full  # in full, below
