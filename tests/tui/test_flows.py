"""Pilot tests of each pane and flow, against the real server, asserting on widget contents."""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select

from explorer.core.client.connection import ConnectionOptions
from explorer.local.startup import LaunchPlan
from explorer.tui.app import ExplorerApp
from explorer.tui.panes.aggregate_pane import AggregatePane
from explorer.tui.panes.objects_pane import ObjectsPane
from explorer.tui.panes.query_pane import QueryPane
from explorer.tui.screens.help_screen import HelpScreen
from explorer.tui.screens.object_detail import ObjectDetailScreen
from explorer.tui.screens.value_screen import ValueScreen
from tests.integration.books import TITLES, Book
from tests.slow_proxy import SlowProxy, slow_proxy
from tests.tui.helpers import (
    column,
    loaded_pane,
    notifications,
    poll_until,
    static_text,
    wait_for_collection,
    wait_until,
)


async def open_books(app: ExplorerApp, pilot: Pilot[Any], name: str) -> None:
    await wait_for_collection(pilot, name)
    await pilot.press("enter")
    objects = app.screen.query_one("#objects-table", DataTable)
    await wait_until(pilot, lambda: objects.row_count > 0, "the first page of objects")
    query = await loaded_pane(pilot, QueryPane)
    await wait_until(
        pilot, lambda: query.config is not None and query.config.name == name, "the config"
    )


@contextlib.asynccontextmanager
async def running_on_books(app: ExplorerApp, name: str) -> AsyncIterator[Pilot[Any]]:
    """The app at a fixed size, with the books collection open."""
    async with app.run_test(size=(140, 45)) as pilot:
        await open_books(app, pilot, name)
        yield pilot


async def test_browse_page_two_then_open_an_object(
    app: ExplorerApp, books: tuple[str, list[Book]]
) -> None:
    name, data = books
    async with running_on_books(app, name) as pilot:
        objects = app.screen.query_one("#objects-table", DataTable)
        first_page = (await loaded_pane(pilot, ObjectsPane)).row_uuids
        assert len(first_page) == 5
        assert column(objects, "uuid")[0] == first_page[0][:8] + "…"
        assert "page 1 · objects 1–5" in static_text(app, "#objects-info")

        await pilot.press("n")
        await wait_until(pilot, lambda: "page 2" in static_text(app, "#objects-info"), "page 2")
        second_page = (await loaded_pane(pilot, ObjectsPane)).row_uuids
        assert len(second_page) == 5 and not set(first_page) & set(second_page)
        await pilot.press("n")
        await wait_until(pilot, lambda: "page 3" in static_text(app, "#objects-info"), "page 3")
        assert "end" in static_text(app, "#objects-info")
        everything = first_page + second_page + (await loaded_pane(pilot, ObjectsPane)).row_uuids
        assert sorted(everything) == sorted(b.uuid for b in data)  # cursor paging saw each once
        await pilot.press("p")
        await wait_until(
            pilot, lambda: "page 2" in static_text(app, "#objects-info"), "back to page 2"
        )
        assert (await loaded_pane(pilot, ObjectsPane)).row_uuids == second_page

        objects.focus()
        await pilot.press("j", "enter")
        await wait_until(
            pilot, lambda: isinstance(app.screen, ObjectDetailScreen), "the detail screen"
        )
        detail = app.screen
        assert isinstance(detail, ObjectDetailScreen)
        await wait_until(pilot, lambda: detail.prepared is not None, "the object")
        assert detail.prepared is not None
        book = next(b for b in data if b.uuid == second_page[1])
        assert detail.prepared.record.uuid == book.uuid
        properties = detail.query_one("#detail-properties", DataTable)
        names = [str(properties.get_row_at(i)[0]) for i in range(properties.row_count)]
        assert names[:3] == ["title", "summary", "year"]  # schema order
        assert book.uuid in static_text(app, "#detail-meta") and "created" in static_text(
            app, "#detail-meta"
        )
        labels = [str(w.render()) for w in detail.query(".vector-label")]
        assert any("vector custom · dim 3" in label for label in labels)
        assert any("vector bigram" in label for label in labels)
        assert static_text(app, "#detail-value") == book.properties["title"]
        await pilot.press("j")
        await pilot.pause()
        assert static_text(app, "#detail-value") == book.properties["summary"]
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, ObjectDetailScreen), "back")


async def test_view_full_value_and_filter_and_sort(
    app: ExplorerApp, books: tuple[str, list[Book]]
) -> None:
    name, data = books
    async with running_on_books(app, name) as pilot:
        objects = app.screen.query_one("#objects-table", DataTable)
        objects.focus()
        await pilot.press("l", "v")  # one cell right: the first property
        await wait_until(pilot, lambda: isinstance(app.screen, ValueScreen), "the value screen")
        assert static_text(app, "#value-text") in TITLES
        await pilot.press("escape")

        await pilot.press("f")
        app.screen.query_one("#objects-where", Input).value = 'year >= 1995 and genre = "drama"'
        app.screen.query_one("#objects-sort", Input).value = "year:desc"
        app.screen.query_one("#objects-where", Input).focus()
        await pilot.press("enter")
        expected = sorted(
            (b for b in data if b.properties["year"] >= 1995 and b.properties["genre"] == "drama"),
            key=lambda b: -b.properties["year"],
        )
        await wait_until(
            pilot, lambda: "filtered" in static_text(app, "#objects-info"), "the filtered page"
        )
        assert (await loaded_pane(pilot, ObjectsPane)).row_uuids == [b.uuid for b in expected][:5]
        assert "sorted by year:desc" in static_text(app, "#objects-info")

        # Issue 15 item 19: an empty filtered page said "objects 0–0".
        app.screen.query_one("#objects-where", Input).value = "year > 3000"
        app.screen.query_one("#objects-sort", Input).value = ""
        app.screen.query_one("#objects-where", Input).focus()
        await pilot.press("enter")
        await wait_until(
            pilot, lambda: "no objects match" in static_text(app, "#objects-info"), "empty page"
        )
        assert "0–0" not in static_text(app, "#objects-info")

        app.screen.query_one("#objects-where", Input).value = "year >>= 3"
        app.screen.query_one("#objects-where", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert any("position" in n or "column" in n for n in notifications(app)), notifications(app)


async def run_query(app: ExplorerApp, pilot: Pilot[Any], **fields: str) -> QueryPane:
    await pilot.press("3")
    pane = await loaded_pane(pilot, QueryPane)
    kind = fields.pop("kind", "hybrid")
    pane.query_one("#query-kind", Select).value = kind
    target = fields.pop("target", None)
    if target is not None:
        pane.query_one("#query-target", Select).value = target
    for field, value in fields.items():
        pane.query_one(f"#query-{field}", Input).value = value
    await pilot.pause()
    await pilot.press("ctrl+r")
    await wait_until(
        pilot,
        lambda: "results" in static_text(app, "#query-summary"),
        f"{kind} results: {static_text(app, '#query-summary')} {notifications(app)}",
        tries=50,
    )
    return pane


async def test_hybrid_on_bigram(app: ExplorerApp, books: tuple[str, list[Book]]) -> None:
    name, _ = books
    async with running_on_books(app, name) as pilot:
        pane = await run_query(
            app, pilot, kind="hybrid", text="lighthouse keeper", target="bigram", limit="3"
        )
        table = pane.query_one("#query-table", DataTable)
        assert table.row_count == 3
        assert column(table, "p:title")[0] == "The lighthouse keeper"
        assert all(score for score in column(table, "score"))
        assert column(table, "explain")[0]


async def test_bm25_near_vector_near_object_and_fetch(
    app: ExplorerApp, books: tuple[str, list[Book]]
) -> None:
    name, data = books
    async with running_on_books(app, name) as pilot:
        pane = await run_query(app, pilot, kind="bm25", text="harbour", properties="title")
        table = pane.query_one("#query-table", DataTable)
        assert set(column(table, "p:title")) == {t for t in TITLES if "harbour" in t.lower()}

        pane = await run_query(
            app,
            pilot,
            kind="near_vector",
            vector=json.dumps(data[4].vector),
            target="custom",
            limit="2",
        )
        assert column(table, "p:title")[0] == data[4].properties["title"]
        assert float(column(table, "distance")[0]) < 1e-4

        pane = await run_query(
            app, pilot, kind="near_object", object=data[6].uuid, target="custom", limit="2"
        )
        assert column(table, "p:title")[0] == data[6].properties["title"]

        pane = await run_query(app, pilot, kind="fetch", where="year < 1993", limit="20")
        assert sorted(column(table, "p:year")) == ["1990", "1991", "1992"]


async def test_rag_and_rerank(app: ExplorerApp, books: tuple[str, list[Book]]) -> None:
    name, _ = books
    async with running_on_books(app, name) as pilot:
        pane = await run_query(
            app,
            pilot,
            kind="bm25",
            text="storm",
            prompt="Describe {title}",
            task="Compare them",
            **{"rerank-property": "summary"},
        )
        table = pane.query_one("#query-table", DataTable)
        generated = column(table, "generated")
        titles = column(table, "p:title")
        assert generated and all(g.startswith("You want me to generate") for g in generated)
        assert f"Describe {titles[0]}" in static_text(app, "#query-generated")
        await pilot.press("escape", "j")  # focus stays in the form after a run; Esc: the rows
        await pilot.pause()
        assert f"Describe {titles[1]}" in static_text(app, "#query-generated")
        assert "Compare them" in static_text(app, "#query-answer")
        reranks = [float(s) for s in column(table, "rerank")]
        assert reranks == sorted(reranks, reverse=True)


async def test_missing_target_vector_asks_instead_of_failing(
    app: ExplorerApp, books: tuple[str, list[Book]]
) -> None:
    """A vector that fits none of the named vectors leaves "(automatic)" nothing to choose."""
    name, _ = books
    async with running_on_books(app, name) as pilot:
        await pilot.press("3")
        pane = await loaded_pane(pilot, QueryPane)
        pane.query_one("#query-kind", Select).value = "near_vector"
        pane.query_one("#query-vector", Input).value = "[0.1, 0.2, 0.3, 0.4, 0.5]"
        await pilot.pause()
        await pilot.press("ctrl+r")
        await wait_until(
            pilot,
            lambda: any("Choose a target vector" in n for n in notifications(app)),
            "the question",
        )
        assert app.focused is pane.query_one("#query-target", Select)
        assert app.is_running


async def test_bad_input_is_a_notification(app: ExplorerApp, books: tuple[str, list[Book]]) -> None:
    name, _ = books
    async with running_on_books(app, name) as pilot:
        await pilot.press("3")
        pane = await loaded_pane(pilot, QueryPane)
        pane.query_one("#query-kind", Select).value = "near_vector"
        pane.query_one("#query-vector", Input).value = "[1, 2,"
        await pilot.pause()
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert any("Invalid vector" in n for n in notifications(app))
        pane.query_one("#query-kind", Select).value = "near_text"
        pane.query_one("#query-text", Input).value = "keeper"
        pane.query_one("#query-target", Select).value = "bigram"
        await pilot.pause()
        await pilot.press("ctrl+r")
        await wait_until(
            pilot,
            lambda: any("near_text not supported" in n for n in notifications(app)),
            "server error",
        )
        assert app.is_running


@contextlib.asynccontextmanager
async def query_through_slow_proxy(
    server_options: ConnectionOptions, name: str
) -> AsyncIterator[tuple[ExplorerApp, Pilot[Any], QueryPane, SlowProxy]]:
    """The app on the query pane, its gRPC traffic through a proxy that can hold answers back."""
    async with slow_proxy(server_options.grpc_port) as proxy:
        app = ExplorerApp(LaunchPlan(replace(server_options, grpc_port=proxy.port)))
        async with running_on_books(app, name) as pilot:
            await pilot.press("3")
            pane = await loaded_pane(pilot, QueryPane)
            pane.query_one("#query-text", Input).value = "keeper"
            yield app, pilot, pane, proxy


async def test_cancel_a_running_query(
    server_options: ConnectionOptions, books: tuple[str, list[Book]]
) -> None:
    name, _ = books
    async with query_through_slow_proxy(server_options, name) as (app, pilot, pane, proxy):
        proxy.delay = 5.0  # the server's answers now take 5 s to come back
        pane.action_run_query()
        await pilot.pause()
        table = pane.query_one("#query-table", DataTable)
        # The loading indicator shows while it runs, once the wait has lasted 0.3 s.
        await poll_until(pilot, lambda: table.loading, "the loading indicator")
        assert app.opened is not None and app.opened.session.calls_in_flight == 1
        await pilot.press("escape")
        await wait_until(
            pilot, lambda: "cancelled" in static_text(app, "#query-summary"), "the cancel"
        )
        assert pane.result is None  # no stale result landed
        assert app.opened.session.calls_in_flight == 0
        assert not table.loading
        proxy.delay = 0


async def test_schema_view_and_export(
    app: ExplorerApp, books: tuple[str, list[Book]], tmp_path: Path
) -> None:
    from explorer.tui.panes.schema_pane import SchemaPane

    name, _ = books
    async with running_on_books(app, name) as pilot:
        await pilot.press("4")
        summary = static_text(app, "#schema-summary")
        assert "Generative module: generative-dummy" in summary
        assert "Reranker module: reranker-dummy" in summary
        assert (
            "bigram: vectorizer text2vec-bigram (from title; vectorizeClassName=True), "
            "index hnsw, distance cosine" in summary
        )
        assert "Replication:" in summary and "Sharding:" in summary and "Inverted index:" in summary
        props = app.screen.query_one("#schema-properties", DataTable)
        assert ("genre", "text", "field") in [
            tuple(str(c) for c in props.get_row_at(i)[:3]) for i in range(props.row_count)
        ]
        pane = await loaded_pane(pilot, SchemaPane)
        pane.export_directory = tmp_path
        await pilot.press("e")
        exported = tmp_path / f"{name}.schema.json"
        await wait_until(pilot, exported.exists, "the export")
        assert json.loads(exported.read_text())["class"] == name


async def test_help_palette_and_theme_is_remembered(
    server_options: ConnectionOptions, books: tuple[str, list[Book]], isolated_config: Path
) -> None:
    name, _ = books
    app = ExplorerApp(LaunchPlan(server_options))
    async with running_on_books(app, name) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        from rich.console import Console

        from explorer.tui.bindings import ALL_SCOPES
        from explorer.tui.screens.help_screen import help_table

        console = Console(record=True, width=200)
        console.print(help_table())
        help_text = console.export_text()
        for bindings in ALL_SCOPES.values():  # generated from the binding tables
            for binding in bindings:
                assert (binding.tooltip or binding.description) in help_text
        await pilot.press("escape")
        app.theme = "nord"
        await wait_until(pilot, lambda: (isolated_config / "tui.json").exists(), "the saved theme")
    again = ExplorerApp(LaunchPlan(server_options))
    async with again.run_test(size=(140, 45)) as pilot:
        # Leaving before a pane's Selects have mounted races Textual's Select (NoMatches on its
        # overlay while the app tears down).
        await wait_until(
            pilot,
            lambda: all(select.is_mounted for select in again.main_screen.query(Select)),
            "the Selects",
        )
        await pilot.pause()
        assert again.theme == "nord"


async def test_copy_and_more_like_this(app: ExplorerApp, books: tuple[str, list[Book]]) -> None:
    name, data = books
    async with running_on_books(app, name) as pilot:
        await pilot.press("enter")
        await wait_until(
            pilot, lambda: isinstance(app.screen, ObjectDetailScreen), "the detail screen"
        )
        detail = app.screen
        assert isinstance(detail, ObjectDetailScreen)
        await wait_until(pilot, lambda: detail.prepared is not None, "the object")
        await pilot.press("c")
        book = next(b for b in data if b.uuid == detail.uuid)
        assert app.clipboard == book.properties["title"]
        await pilot.press("C")
        copied = json.loads(app.clipboard)
        assert copied["uuid"] == book.uuid
        assert copied["properties"]["year"] == book.properties["year"]
        assert copied["vectors"]["custom"] == pytest.approx(
            book.vector, rel=1e-6
        )  # float32 on the server

        await pilot.press("m")  # similar to this object: a near_object query, prefilled
        await wait_until(pilot, lambda: not isinstance(app.screen, ObjectDetailScreen), "back")
        pane = await loaded_pane(pilot, QueryPane)
        assert pane.query_one("#query-object", Input).value == book.uuid
        pane.query_one("#query-target", Select).value = "custom"
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: "results" in static_text(app, "#query-summary"), "results")
        assert pane.result is not None and pane.result.objects[0].uuid == book.uuid


async def test_unexpected_error_opens_details_and_the_app_carries_on(
    app: ExplorerApp, books: tuple[str, list[Book]]
) -> None:
    from explorer.tui.screens.error_details import ErrorDetailsScreen

    name, _ = books

    async def broken() -> None:
        raise RuntimeError("something nobody expected")

    async with running_on_books(app, name) as pilot:
        app.run_worker(broken(), exit_on_error=False)
        await wait_until(
            pilot, lambda: isinstance(app.screen, ErrorDetailsScreen), "the details modal"
        )
        assert "something nobody expected" in static_text(app, "#error-summary")
        assert "Traceback" in static_text(app, "#error-details")
        await pilot.press("escape")
        await pilot.press("2", "n")
        await wait_until(
            pilot, lambda: "page 2" in static_text(app, "#objects-info"), "the app going on"
        )


async def test_ui_stays_responsive_while_a_call_is_in_flight(
    server_options: ConnectionOptions, books: tuple[str, list[Book]]
) -> None:
    name, _ = books
    async with query_through_slow_proxy(server_options, name) as (app, pilot, pane, proxy):
        proxy.delay = 60.0  # held until released below, however slow this machine is
        pane.action_run_query()
        await pilot.pause()
        assert app.opened is not None and app.opened.session.calls_in_flight == 1
        # Switch panes, move the cursor and type while the query waits on the server.
        await pilot.press("2", "j", "j", "3")
        where = pane.query_one("#query-where", Input)
        where.focus()
        await pilot.press(*"year > 1")
        assert where.value == "year > 1"
        assert app.opened.session.calls_in_flight == 1  # still waiting, UI served meanwhile
        assert "in flight: 1" in str(app.status_bar.render())
        proxy.delay = 0
        await wait_until(pilot, lambda: "results" in static_text(app, "#query-summary"), "results")


async def test_a_bug_in_a_handler_opens_details_and_the_app_carries_on(
    app: ExplorerApp, books: tuple[str, list[Book]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The safety net for sync handlers: simulate a bug in the query pane's form handling."""
    from explorer.tui.screens.error_details import ErrorDetailsScreen

    name, _ = books

    def buggy(self: QueryPane) -> None:
        raise KeyError("a bug in building the request")

    async with running_on_books(app, name) as pilot:
        monkeypatch.setattr(QueryPane, "build_request", buggy)
        await pilot.press("3", "ctrl+r")
        await wait_until(
            pilot, lambda: isinstance(app.screen, ErrorDetailsScreen), "the details modal"
        )
        assert "a bug in building the request" in static_text(app, "#error-summary")
        await pilot.press("escape")  # closes the modal; the query form has the focus again
        await pilot.press("escape")  # leaves the form, so the pane keys work
        await pilot.press("2")
        await pilot.pause()
        await pilot.press("n")
        await wait_until(
            pilot, lambda: "page 2" in static_text(app, "#objects-info"), "the app going on"
        )


async def test_placeholders_come_from_the_collections_own_schema(
    app: ExplorerApp, books: tuple[str, list[Book]]
) -> None:
    name, _ = books
    async with running_on_books(app, name) as pilot:
        objects_where = app.screen.query_one("#objects-where", Input)
        await wait_until(pilot, lambda: "year" in str(objects_where.placeholder), "the filter hint")
        await pilot.press("3")
        query = await loaded_pane(pilot, QueryPane)
        await wait_until(pilot, lambda: query.config is not None, "the query config")
        where = str(query.query_one("#query-where", Input).placeholder)
        prompt = str(query.query_one("#query-prompt", Input).placeholder)
        await pilot.press("5")  # the aggregate pane mounts, and is given the config at once
        aggregate_pane = await loaded_pane(pilot, AggregatePane)
        aggregate = str(aggregate_pane.query_one("#aggregate-where", Input).placeholder)
        for shown in (str(objects_where.placeholder), where, prompt, aggregate):
            assert "Jeopardy" not in shown and "answer" not in shown and "value >" not in shown
        assert where == aggregate == "year > 10 and rating > 10.5"
        assert prompt == "Explain {title}"
