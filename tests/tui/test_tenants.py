"""A multi-tenant collection asks for its tenant, then browses and queries inside it."""

from __future__ import annotations

from textual.widgets import DataTable, OptionList

from explorer.core.client.session import ExplorerSession
from explorer.tui.app import ExplorerApp
from explorer.tui.panes.objects_pane import ObjectsPane
from explorer.tui.screens.tenant_picker import ALL_ID, TenantPickerScreen
from tests.tui.helpers import loaded_pane, notifications, wait_for_collection, wait_until


async def test_choose_a_tenant_then_browse_it(
    app: ExplorerApp, session: ExplorerSession, collection_name: str, cleanup_collections: list[str]
) -> None:
    from weaviate.classes.config import Configure, DataType, Property
    from weaviate.classes.tenants import Tenant

    cleanup_collections.append(collection_name)
    await session.client.collections.create(
        collection_name,
        properties=[Property(name="label", data_type=DataType.TEXT)],
        multi_tenancy_config=Configure.multi_tenancy(enabled=True),
    )
    collection = session.client.collections.use(collection_name)
    await collection.tenants.create([Tenant(name="alpha"), Tenant(name="beta")])
    beta_ids = {
        str(await collection.with_tenant("beta").data.insert({"label": f"beta {i}"}))
        for i in range(3)
    }
    await collection.with_tenant("alpha").data.insert({"label": "alpha only"})

    async with app.run_test(size=(140, 45)) as pilot:
        table = await wait_for_collection(pilot, collection_name)
        assert str(table.get_row(collection_name)[3]) == "MT"
        table.focus()
        table.move_cursor(row=table.get_row_index(collection_name))
        await pilot.press("enter")
        await wait_until(
            pilot, lambda: isinstance(app.screen, TenantPickerScreen), "the tenant picker"
        )
        options = app.screen.query_one("#tenant-list", OptionList)
        assert [options.get_option_at_index(i).id for i in range(options.option_count)] == [
            ALL_ID,
            "alpha",
            "beta",
        ]
        options.focus()
        await pilot.press("down", "down", "enter")  # beta
        objects = app.screen.query_one("#objects-table", DataTable)
        await wait_until(pilot, lambda: objects.row_count == 3, "beta's objects")
        assert set((await loaded_pane(pilot, ObjectsPane)).row_uuids) == beta_ids
        assert app.opened is not None and app.opened.session.current_tenant == "beta"
        assert f"{collection_name}@beta" in str(app.status_bar.render())

        await pilot.press("t")  # switch tenant
        await wait_until(
            pilot, lambda: isinstance(app.screen, TenantPickerScreen), "the picker again"
        )
        app.screen.query_one("#tenant-list", OptionList).focus()
        await pilot.press("down", "enter")  # alpha
        await wait_until(pilot, lambda: objects.row_count == 1, "alpha's objects")
        assert app.opened.session.current_tenant == "alpha"


async def test_t_on_a_collection_without_tenants_says_so(app: ExplorerApp, books) -> None:
    """Issue 15 item 12: `t` showed the server's "could not get tenants: …" text."""
    name, _ = books
    async with app.run_test(size=(140, 45)) as pilot:
        table = await wait_for_collection(pilot, name)
        table.focus()
        table.move_cursor(row=table.get_row_index(name))
        await pilot.press("enter")
        objects = await loaded_pane(pilot, ObjectsPane)
        await wait_until(pilot, lambda: bool(objects.row_uuids), "rows")
        await pilot.press("t")
        await wait_until(
            pilot, lambda: any("has no tenants" in n for n in notifications(app)), "the notice"
        )
        assert not any("could not get tenants" in n for n in notifications(app))
        assert not isinstance(app.screen, TenantPickerScreen)


async def test_the_tenant_picker_and_the_choice_lists_take_vi_keys(
    app: ExplorerApp, session: ExplorerSession, collection_name: str, cleanup_collections: list[str]
) -> None:
    from textual.widgets import SelectionList
    from weaviate.classes.config import DataType

    from explorer.tui.panes.aggregate_pane import AggregatePane
    from tests.tenanted import create_tenanted

    cleanup_collections.append(collection_name)
    collection = await create_tenanted(
        session,
        collection_name,
        {"label": DataType.TEXT, "n": DataType.INT},
        ["alpha", "beta", "gamma"],
    )
    await collection.with_tenant("beta").data.insert({"label": "in beta", "n": 1})

    async with app.run_test(size=(140, 45)) as pilot:
        await wait_for_collection(pilot, collection_name)
        await pilot.press("enter")
        await wait_until(
            pilot, lambda: isinstance(app.screen, TenantPickerScreen), "the tenant picker"
        )
        options = app.screen.query_one("#tenant-list", OptionList)
        options.focus()
        await pilot.press("j", "j", "j")  # "All tenants" comes first
        assert options.highlighted == 3
        await pilot.press("k", "enter")  # beta
        objects = app.screen.query_one("#objects-table", DataTable)
        await wait_until(pilot, lambda: objects.row_count == 1, "beta's objects")
        assert app.opened is not None and app.opened.session.current_tenant == "beta"

        await pilot.press("5")
        choices = (await loaded_pane(pilot, AggregatePane)).query_one(
            "#aggregate-properties", SelectionList
        )
        choices.focus()
        choices.highlighted = 0
        await pilot.press("j")
        assert choices.highlighted == 1
        await pilot.press("k")
        assert choices.highlighted == 0
