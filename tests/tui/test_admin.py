"""Pilot tests of creating and deleting collections, adding properties, tenants and aliases."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Checkbox, DataTable, Input, Select, TabbedContent, TextArea

from explorer.core.client.connection import ConnectionOptions
from explorer.core.client.session import ExplorerSession
from explorer.local.startup import LaunchPlan
from explorer.tui.app import ExplorerApp
from explorer.tui.panes.collections_pane import CollectionsTable
from explorer.tui.panes.objects_pane import ObjectsPane
from explorer.tui.screens.admin_forms import AddPropertyScreen, AliasFormScreen, NamesScreen
from explorer.tui.screens.aliases_screen import AliasesScreen
from explorer.tui.screens.confirm_typed import ConfirmTypedScreen
from explorer.tui.screens.create_collection import CreateCollectionScreen, PropertyRow
from explorer.tui.screens.tenants_screen import TenantsScreen
from tests.tui.helpers import (
    collections_list,
    column,
    loaded_pane,
    notifications,
    settle,
    wait_for_collection,
    wait_until,
)


async def names(session: ExplorerSession) -> set[str]:
    return set(await session.client.collections.list_all(simple=True))


async def connected(app: ExplorerApp, pilot: Pilot[Any]) -> None:
    await wait_until(pilot, lambda: app.opened is not None, "connected")
    await settle(pilot)  # the collections list loads after connecting


async def type_into(pilot: Pilot[Any], widget: Input, text: str) -> None:
    widget.focus()
    await pilot.press(*text)


async def test_create_collection_from_the_form(
    app: ExplorerApp, session: ExplorerSession, collection_name: str, cleanup_collections: list[str]
) -> None:
    cleanup_collections.append(collection_name)
    async with app.run_test(size=(140, 50)) as pilot:
        await connected(app, pilot)
        (await collections_list(pilot)).focus()
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, CreateCollectionScreen), "form")
        screen = app.screen
        await type_into(pilot, screen.query_one("#cc-name", Input), collection_name)
        await type_into(pilot, screen.query_one("#cc-description", Input), "From the form")
        first = screen.query_one(PropertyRow)
        await type_into(pilot, first.query_one(".property-name", Input), "title")
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: len(screen.query(PropertyRow)) == 2, "a second row")
        second = list(screen.query(PropertyRow))[1]
        await type_into(pilot, second.query_one(".property-name", Input), "year")
        second.query_one(".property-type", Select).value = "int"
        screen.query_one("#cc-vectorizer", Select).value = "text2vec-bigram"
        screen.query_one("#cc-vector-name", Input).value = "bigram"
        screen.query_one("#cc-index", Select).value = "flat"
        screen.query_one("#cc-distance", Select).value = "dot"
        screen.query_one("#cc-generative", Select).value = "generative-dummy"
        screen.query_one("#cc-reranker", Select).value = "reranker-dummy"
        screen.query_one("#cc-multi-tenant", Checkbox).value = True
        await pilot.press("ctrl+s")
        # Checked as the form closes: the notification expires, and a loaded machine is slow.
        await wait_until(
            pilot,
            lambda: (
                not isinstance(app.screen, CreateCollectionScreen)
                and any(f"Created {collection_name}" in n for n in notifications(app))
            ),
            "the form to close and say so",
        )
        await wait_for_collection(pilot, collection_name)

    config = (await session.client.collections.use(collection_name).config.get()).to_dict()
    assert config["description"] == "From the form"
    assert [(p["name"], p["dataType"]) for p in config["properties"]] == [
        ("title", ["text"]),
        ("year", ["int"]),
    ]
    vector = config["vectorConfig"]["bigram"]
    assert list(vector["vectorizer"]) == ["text2vec-bigram"]
    assert vector["vectorIndexType"] == "flat"
    assert vector["vectorIndexConfig"]["distanceMetric"] == "dot"
    assert set(config["moduleConfig"]) == {"generative-dummy", "reranker-dummy"}
    assert config["multiTenancyConfig"]["enabled"] is True


async def test_create_from_pasted_json_and_a_bad_paste(
    app: ExplorerApp, session: ExplorerSession, collection_name: str, cleanup_collections: list[str]
) -> None:
    cleanup_collections.append(collection_name)
    async with app.run_test(size=(140, 50)) as pilot:
        await connected(app, pilot)
        await pilot.press("ctrl+n")
        await wait_until(pilot, lambda: isinstance(app.screen, CreateCollectionScreen), "form")
        screen = app.screen
        screen.query_one("#cc-tabs", TabbedContent).active = "cc-tab-json"
        area = screen.query_one("#cc-json", TextArea)
        area.text = '{"class": "Whatever",\n "properties": [}'
        await pilot.press("ctrl+s")
        await wait_until(
            pilot,
            lambda: any("Malformed JSON: line 2, column 17" in n for n in notifications(app)),
            "the JSON error",
        )
        assert isinstance(app.screen, CreateCollectionScreen)  # still there, to fix it

        area.text = json.dumps(
            {"class": "Whatever", "properties": [{"name": "body", "dataType": ["text"]}]}
        )
        screen.query_one("#cc-json-name", Input).value = collection_name  # renames it
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not isinstance(app.screen, CreateCollectionScreen), "done")
        await wait_for_collection(pilot, collection_name)
    config = await session.client.collections.use(collection_name).config.get()
    assert [p.name for p in config.properties] == ["body"]
    assert "Whatever" not in await names(session)


async def test_create_form_errors_keep_the_form(
    app: ExplorerApp, session: ExplorerSession, collection_name: str, cleanup_collections: list[str]
) -> None:
    cleanup_collections.append(collection_name)
    async with app.run_test(size=(140, 50)) as pilot:
        await connected(app, pilot)
        await pilot.press("ctrl+n")
        await wait_until(pilot, lambda: isinstance(app.screen, CreateCollectionScreen), "form")
        screen = app.screen
        screen.query_one("#cc-name", Input).value = collection_name
        screen.query_one(PropertyRow).query_one(".property-name", Input).value = "bad name"
        await pilot.press("ctrl+s")
        await wait_until(
            pilot, lambda: any("Invalid property name" in n for n in notifications(app)), "error"
        )
        assert isinstance(app.screen, CreateCollectionScreen)
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, CreateCollectionScreen), "gone")
    assert collection_name not in await names(session)


async def test_delete_collection_after_typing_its_name(
    app: ExplorerApp, session: ExplorerSession, collection_name: str, cleanup_collections: list[str]
) -> None:
    cleanup_collections.append(collection_name)
    await session.client.collections.create_from_dict({"class": collection_name})
    async with app.run_test(size=(140, 45)) as pilot:
        await wait_for_collection(pilot, collection_name)
        await pilot.press("x")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmTypedScreen), "confirm")
        await pilot.press(*"wrong", "enter")
        assert isinstance(app.screen, ConfirmTypedScreen)
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, ConfirmTypedScreen), "closed")
        assert collection_name in await names(session)

        await pilot.press("x")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmTypedScreen), "confirm")
        await pilot.press(*collection_name, "enter")
        table = app.screen.query_one(CollectionsTable)
        await wait_until(
            pilot,
            lambda: collection_name not in [str(k.value) for k in table.rows],
            "the collection gone from the list",
        )
    assert collection_name not in await names(session)


async def test_add_property_from_the_schema_pane(
    app: ExplorerApp, session: ExplorerSession, collection_name: str, cleanup_collections: list[str]
) -> None:
    cleanup_collections.append(collection_name)
    await session.client.collections.create_from_dict(
        {"class": collection_name, "properties": [{"name": "title", "dataType": ["text"]}]}
    )
    async with app.run_test(size=(140, 45)) as pilot:
        await wait_for_collection(pilot, collection_name)
        await pilot.press("enter", "4")
        schema_table = app.screen.query_one("#schema-properties", DataTable)
        await wait_until(pilot, lambda: schema_table.row_count == 1, "the schema")
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, AddPropertyScreen), "the form")
        app.screen.query_one("#property-type", Select).value = "number"
        await type_into(pilot, app.screen.query_one("#property-name", Input), "price")
        await pilot.press("enter")
        await wait_until(pilot, lambda: schema_table.row_count == 2, "the new property shown")
        shown = [str(schema_table.get_row_at(i)[0]) for i in range(schema_table.row_count)]
        assert shown == ["title", "price"]
    config = await session.client.collections.use(collection_name).config.get()
    assert [(p.name, p.data_type.value) for p in config.properties] == [
        ("title", "text"),
        ("price", "number"),
    ]


async def test_tenants_screen_actions(
    app: ExplorerApp, session: ExplorerSession, collection_name: str, cleanup_collections: list[str]
) -> None:
    from weaviate.classes.tenants import Tenant

    cleanup_collections.append(collection_name)
    await session.client.collections.create_from_dict(
        {
            "class": collection_name,
            "properties": [{"name": "label", "dataType": ["text"]}],
            "multiTenancyConfig": {"enabled": True},
        }
    )
    handle = session.client.collections.use(collection_name)
    await handle.tenants.create([Tenant(name="alpha"), Tenant(name="beta")])
    for index in range(2):
        await handle.with_tenant("beta").data.insert({"label": f"beta {index}"})

    def statuses() -> dict[str, tuple[str, str]]:
        table = app.screen.query_one("#tenants-table", DataTable)
        return {
            n: (s, c)
            for n, s, c in zip(
                column(table, "name"), column(table, "status"), column(table, "count"), strict=True
            )
        }

    async with app.run_test(size=(140, 45)) as pilot:
        await wait_for_collection(pilot, collection_name)
        await pilot.press("T")
        await wait_until(pilot, lambda: isinstance(app.screen, TenantsScreen), "tenants screen")
        await wait_until(pilot, lambda: len(statuses()) == 2, "the tenants")
        assert statuses() == {"alpha": ("ACTIVE", "0"), "beta": ("ACTIVE", "2")}

        await pilot.press("down", "d")  # deactivate beta
        await wait_until(pilot, lambda: statuses()["beta"] == ("INACTIVE", "—"), "beta inactive")
        await pilot.press("a")
        await wait_until(pilot, lambda: statuses()["beta"] == ("ACTIVE", "2"), "beta active")

        await pilot.press("o")
        await wait_until(
            pilot,
            lambda: any("offload-s3 module" in n for n in notifications(app)),
            "the offload error",
        )
        assert statuses()["beta"] == ("ACTIVE", "2")

        await pilot.press("c")
        await wait_until(pilot, lambda: isinstance(app.screen, NamesScreen), "names form")
        await pilot.press(*"gamma delta", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, TenantsScreen), "back")
        await wait_until(pilot, lambda: len(statuses()) == 4, "new tenants")
        assert statuses()["gamma"] == ("ACTIVE", "0")

        table = app.screen.query_one("#tenants-table", DataTable)
        table.move_cursor(row=table.get_row_index("delta"))
        await pilot.press("x")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmTypedScreen), "confirm")
        await pilot.press(*"delta", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, TenantsScreen), "back")
        await wait_until(pilot, lambda: "delta" not in statuses(), "delta deleted")

        table = app.screen.query_one("#tenants-table", DataTable)
        table.move_cursor(row=table.get_row_index("beta"))
        await pilot.press("enter")  # browse beta
        objects = app.screen.query_one("#objects-table", DataTable)
        await wait_until(pilot, lambda: objects.row_count == 2, "beta's objects")
        assert app.opened is not None and app.opened.session.current_tenant == "beta"
    assert set(await handle.tenants.get()) == {"alpha", "beta", "gamma"}


async def test_tenants_screen_pages(
    server_options: ConnectionOptions,
    session: ExplorerSession,
    collection_name: str,
    cleanup_collections: list[str],
) -> None:
    from weaviate.classes.tenants import Tenant

    cleanup_collections.append(collection_name)
    await session.client.collections.create_from_dict(
        {"class": collection_name, "multiTenancyConfig": {"enabled": True}}
    )
    await session.client.collections.use(collection_name).tenants.create(
        [Tenant(name=f"t{i}") for i in range(5)]
    )
    app = ExplorerApp(LaunchPlan(server_options), page_size=5)
    async with app.run_test(size=(140, 45)) as pilot:
        await wait_for_collection(pilot, collection_name)
        assert app.opened is not None
        app.push_screen(TenantsScreen(app.opened.session, collection_name, page_size=2))
        await wait_until(
            pilot,
            lambda: (
                isinstance(app.screen, TenantsScreen)
                and app.screen.query_one("#tenants-table", DataTable).row_count == 2
            ),
            "page 1",
        )
        table = app.screen.query_one("#tenants-table", DataTable)
        assert column(table, "name") == ["t0", "t1"]
        await pilot.press("n")
        await wait_until(pilot, lambda: column(table, "name") == ["t2", "t3"], "page 2")
        await pilot.press("n")
        await wait_until(pilot, lambda: column(table, "name") == ["t4"], "page 3")
        await pilot.press("p")
        await wait_until(pilot, lambda: column(table, "name") == ["t2", "t3"], "back to 2")


async def test_aliases_screen(
    app: ExplorerApp, session: ExplorerSession, collection_name: str, cleanup_collections: list[str]
) -> None:
    first, second, alias = collection_name + "A", collection_name + "B", collection_name + "Al"
    cleanup_collections.extend([first, second])
    for name, count in ((first, 1), (second, 3)):
        await session.client.collections.create_from_dict(
            {"class": name, "properties": [{"name": "label", "dataType": ["text"]}]}
        )
        for index in range(count):
            await session.client.collections.use(name).data.insert({"label": f"{name} {index}"})

    def aliases() -> dict[str, str]:
        table = app.screen.query_one("#aliases-table", DataTable)
        return dict(zip(column(table, "alias"), column(table, "collection"), strict=True))

    try:
        async with app.run_test(size=(140, 45)) as pilot:
            await wait_for_collection(pilot, second)
            await pilot.press("A")
            await wait_until(pilot, lambda: isinstance(app.screen, AliasesScreen), "aliases")
            await pilot.press("c")
            await wait_until(pilot, lambda: isinstance(app.screen, AliasFormScreen), "form")
            app.screen.query_one("#alias-target", Select).value = first
            await type_into(pilot, app.screen.query_one("#alias-name", Input), alias)
            await pilot.press("enter")
            await wait_until(pilot, lambda: isinstance(app.screen, AliasesScreen), "back")
            await wait_until(pilot, lambda: aliases().get(alias) == first, "the alias listed")

            table = app.screen.query_one("#aliases-table", DataTable)
            table.move_cursor(row=table.get_row_index(alias))
            await pilot.press("u")
            await wait_until(pilot, lambda: isinstance(app.screen, AliasFormScreen), "repoint")
            app.screen.query_one("#alias-target", Select).value = second
            app.screen.query_one("#form-ok").focus()
            await pilot.press("enter")
            await wait_until(pilot, lambda: isinstance(app.screen, AliasesScreen), "back")
            await wait_until(pilot, lambda: aliases().get(alias) == second, "repointed")

            table = app.screen.query_one("#aliases-table", DataTable)
            table.move_cursor(row=table.get_row_index(alias))
            await pilot.press("enter")  # browse through the alias
            objects = app.screen.query_one("#objects-table", DataTable)
            await wait_until(pilot, lambda: objects.row_count == 3, "objects through the alias")
            assert app.screen.query_one(ObjectsPane).row_uuids
            assert app.opened is not None and app.opened.session.current_collection == alias

            await pilot.press("A")
            await wait_until(
                pilot,
                lambda: isinstance(app.screen, AliasesScreen) and alias in aliases(),
                "aliases again",
            )
            table = app.screen.query_one("#aliases-table", DataTable)
            table.move_cursor(row=table.get_row_index(alias))
            await pilot.press("x")
            await wait_until(pilot, lambda: isinstance(app.screen, ConfirmTypedScreen), "confirm")
            await pilot.press(*alias, "enter")
            await wait_until(pilot, lambda: isinstance(app.screen, AliasesScreen), "back")
            await wait_until(pilot, lambda: alias not in aliases(), "alias deleted")
        assert alias not in {a.alias for a in (await session.client.alias.list_all()).values()}
    finally:
        await session.client.alias.delete(alias_name=alias)


async def test_read_only_app_refuses_changes_up_front(
    server_options: ConnectionOptions,
    session: ExplorerSession,
    collection_name: str,
    cleanup_collections: list[str],
) -> None:
    from weaviate.classes.tenants import Tenant

    cleanup_collections.append(collection_name)
    await session.client.collections.create_from_dict(
        {"class": collection_name, "multiTenancyConfig": {"enabled": True}}
    )
    await session.client.collections.use(collection_name).tenants.create([Tenant(name="only")])
    app = ExplorerApp(LaunchPlan(replace(server_options, read_only=True)), page_size=5)

    def refusals() -> int:
        return sum("Read-only connection" in n for n in notifications(app))

    async with app.run_test(size=(140, 45)) as pilot:
        await wait_for_collection(pilot, collection_name)
        for key in ("n", "x", "ctrl+n"):
            await pilot.press(key)
            await pilot.pause()
            assert len(app.screen_stack) == 1, key
        await wait_until(pilot, lambda: refusals() == 3, "three refusals")

        await pilot.press("T")
        await wait_until(pilot, lambda: isinstance(app.screen, TenantsScreen), "tenants (read)")
        table = app.screen.query_one("#tenants-table", DataTable)
        await wait_until(pilot, lambda: column(table, "name") == ["only"], "the tenant listed")
        for key in ("c", "d", "o", "x"):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, TenantsScreen), key  # no form, no confirmation
        await wait_until(pilot, lambda: refusals() == 7, "four more refusals")
        await pilot.press("escape", "A")
        await wait_until(pilot, lambda: isinstance(app.screen, AliasesScreen), "aliases (read)")
        await pilot.press("c")
        await wait_until(pilot, lambda: refusals() == 8, "the alias refusal")
        assert isinstance(app.screen, AliasesScreen)
    assert collection_name in await names(session)
    tenants = await session.client.collections.use(collection_name).tenants.get()
    assert {n: t.activity_status.value for n, t in tenants.items()} == {"only": "ACTIVE"}


async def test_exported_config_pasted_back_under_a_new_name(
    app: ExplorerApp,
    session: ExplorerSession,
    books: tuple[str, list[Any]],
    cleanup_collections: list[str],
    tmp_path: Path,
) -> None:
    from explorer.tui.panes.schema_pane import SchemaPane

    name, _ = books
    copy = name + "Copy"
    cleanup_collections.append(copy)
    async with app.run_test(size=(140, 50)) as pilot:
        await wait_for_collection(pilot, name)
        await pilot.press("enter", "4")
        pane = await loaded_pane(pilot, SchemaPane)
        await wait_until(pilot, lambda: pane.config is not None, "the schema")
        pane.export_directory = tmp_path
        await pilot.press("e")
        exported = tmp_path / f"{name}.schema.json"
        await wait_until(pilot, exported.exists, "the export")

        await pilot.press("ctrl+n")
        await wait_until(pilot, lambda: isinstance(app.screen, CreateCollectionScreen), "form")
        screen = app.screen
        screen.query_one("#cc-tabs", TabbedContent).active = "cc-tab-json"
        screen.query_one("#cc-json", TextArea).text = exported.read_text()
        screen.query_one("#cc-json-name", Input).value = copy
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not isinstance(app.screen, CreateCollectionScreen), "done")
        await wait_for_collection(pilot, copy)
    original = (await session.client.collections.use(name).config.get()).to_dict()
    copied = (await session.client.collections.use(copy).config.get()).to_dict()
    assert copied == {**original, "class": copy}
