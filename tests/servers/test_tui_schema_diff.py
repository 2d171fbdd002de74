"""The schema pane's diff view (``d``): B named by URL, two coloured sides, and Ctrl+S applying
the in-place differences once the collection's name is typed."""

from __future__ import annotations

import uuid
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from textual.content import Content
from textual.widgets import Input, Static

from explorer.core.client.connection import ConnectionOptions
from explorer.core.client.session import ExplorerSession
from explorer.core.servers import rest_schema
from explorer.local.startup import LaunchPlan
from explorer.tui.app import ExplorerApp
from explorer.tui.panes.schema_pane import SchemaPane
from explorer.tui.screens.confirm_typed import ConfirmTypedScreen
from explorer.tui.screens.copy_screen import CopyScreen
from explorer.tui.screens.schema_diff_screen import SchemaDiffScreen
from tests.tui.helpers import loaded_pane, notifications, wait_for_collection, wait_until


@pytest.fixture(autouse=True)
def isolated_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    config = tmp_path / "config"
    monkeypatch.setenv("WEAVIATE_EXPLORER_CONFIG_DIR", str(config))
    return config


async def test_d_opens_a_two_sided_diff_and_ctrl_s_makes_a_match_b(
    server_options: ConnectionOptions,
    session: ExplorerSession,
    second_session: ExplorerSession,
    second_options: ConnectionOptions,
) -> None:
    name = f"Td{uuid.uuid4().hex[:10]}"
    base = {"class": name, "properties": [{"name": "title", "dataType": ["text"]}]}
    await rest_schema.create_class(session, base)
    await rest_schema.create_class(
        second_session,
        {
            **base,
            "description": "[b]not markup[/b]",
            "properties": [*base["properties"], {"name": "isbn", "dataType": ["text"]}],
            "invertedIndexConfig": {"indexTimestamps": True},
        },
    )
    app = ExplorerApp(LaunchPlan(server_options), page_size=5)
    try:
        async with app.run_test(size=(160, 45)) as pilot:
            await wait_for_collection(pilot, name)
            await pilot.press("enter", "4")
            pane = await loaded_pane(pilot, SchemaPane)
            await wait_until(pilot, lambda: pane.config is not None, "the schema")
            await pilot.press("d", "d")  # pressed twice: one screen
            await wait_until(pilot, lambda: isinstance(app.screen, SchemaDiffScreen), "diff")
            assert sum(isinstance(s, SchemaDiffScreen) for s in app.screen_stack) == 1
            screen = app.screen
            screen.query_one("#diff-against", Input).value = second_options.url
            screen.query_one("#diff-grpc-port", Input).value = str(second_options.grpc_port)
            await pilot.press("enter")
            summary = screen.query_one("#diff-summary", Static)
            await wait_until(
                pilot, lambda: "3 differences" in str(summary.render()), "the comparison"
            )
            left = screen.query_one("#diff-a", Static).render()
            right = screen.query_one("#diff-b", Static).render()
            assert isinstance(right, Content)
            assert "isbn" in str(right) and "[b]not markup[/b]" in str(right)
            assert "[in place]" in str(right) and "[fixed]" in str(right)
            styles = {str(span.style) for span in right.spans}
            assert {"$text-success", "$text-warning"} <= styles
            assert "isbn: —" in str(left)

            await pilot.press("ctrl+s")
            await wait_until(pilot, lambda: isinstance(app.screen, ConfirmTypedScreen), "ask")
            app.screen.query_one(Input).value = name
            await pilot.press("enter")
            await wait_until(
                pilot, lambda: "1 differences, 0 can change" in str(summary.render()), "applied"
            )
            await pilot.press("escape")
            await wait_until(pilot, lambda: not isinstance(app.screen, SchemaDiffScreen), "closed")
        stored = await rest_schema.read_class(session, name)
        assert stored is not None
        assert sorted(p["name"] for p in stored["properties"]) == ["isbn", "title"]
        assert stored["description"] == "[b]not markup[/b]"
    finally:
        await session.client.collections.delete(name)
        await second_session.client.collections.delete(name)


async def test_on_a_read_only_connection_ctrl_s_is_refused_before_anything_is_sent(
    server_options: ConnectionOptions,
    session: ExplorerSession,
    second_session: ExplorerSession,
    second_options: ConnectionOptions,
) -> None:
    name = f"Tr{uuid.uuid4().hex[:10]}"
    base = {"class": name, "properties": [{"name": "title", "dataType": ["text"]}]}
    await rest_schema.create_class(session, base)
    await rest_schema.create_class(second_session, {**base, "description": "on B"})
    app = ExplorerApp(LaunchPlan(replace(server_options, read_only=True)), page_size=5)
    try:
        async with app.run_test(size=(160, 45), notifications=True) as pilot:
            await wait_for_collection(pilot, name)
            await pilot.press("enter", "4", "d")
            await wait_until(pilot, lambda: isinstance(app.screen, SchemaDiffScreen), "diff")
            screen = app.screen
            screen.query_one("#diff-against", Input).value = second_options.url
            screen.query_one("#diff-grpc-port", Input).value = str(second_options.grpc_port)
            await pilot.press("enter")
            summary = screen.query_one("#diff-summary", Static)
            await wait_until(pilot, lambda: "1 differences" in str(summary.render()), "diff")
            await pilot.press("ctrl+s")
            await wait_until(
                pilot, lambda: any("read-only" in n for n in notifications(app)), "refusal"
            )
            assert not isinstance(app.screen, ConfirmTypedScreen)
        stored = await rest_schema.read_class(session, name)
        assert stored is not None and not stored.get("description")
    finally:
        await session.client.collections.delete(name)
        await second_session.client.collections.delete(name)


async def test_c_in_the_schema_pane_copies_the_collection_after_the_name_is_typed(
    server_options: ConnectionOptions,
    session: ExplorerSession,
    second_session: ExplorerSession,
    second_options: ConnectionOptions,
) -> None:
    from weaviate.classes.data import DataObject

    name = f"Tc{uuid.uuid4().hex[:10]}"
    await rest_schema.create_class(
        session, {"class": name, "properties": [{"name": "title", "dataType": ["text"]}]}
    )
    rows: list[Any] = [DataObject(properties={"title": f"t{i}"}) for i in range(7)]
    assert not (await session.collection(name).data.insert_many(rows)).errors
    app = ExplorerApp(LaunchPlan(server_options), page_size=5)
    try:
        async with app.run_test(size=(160, 45)) as pilot:
            await wait_for_collection(pilot, name)
            await pilot.press("enter", "4")
            pane = await loaded_pane(pilot, SchemaPane)
            await wait_until(pilot, lambda: pane.config is not None, "the schema")
            await pilot.press("c", "c")  # pressed twice: one screen
            await wait_until(pilot, lambda: isinstance(app.screen, CopyScreen), "copy form")
            assert sum(isinstance(s, CopyScreen) for s in app.screen_stack) == 1
            screen = app.screen
            screen.query_one("#copy-to", Input).value = second_options.url
            screen.query_one("#copy-grpc-port", Input).value = str(second_options.grpc_port)
            screen.query_one("#copy-where", Input).value = 'title != "t0"'
            screen.query_one("#copy-to", Input).focus()
            await pilot.press("enter")
            await wait_until(pilot, lambda: isinstance(app.screen, ConfirmTypedScreen), "ask")
            app.screen.query_one(Input).value = name
            await pilot.press("enter")
            summary = screen.query_one("#copy-summary", Static)
            await wait_until(pilot, lambda: "6 copied" in str(summary.render()), "the copy")
        assert await second_session.count(name) == 6
    finally:
        await session.client.collections.delete(name)
        await second_session.client.collections.delete(name)
