"""The tenant picker's "all tenants" and pattern entries, the query pane across tenants, Esc
cancelling every branch, bulk changes by pattern and the tenant toggles, on 1,000 tenants."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import pytest
from textual.pilot import Pilot
from textual.widgets import Checkbox, DataTable, Input, OptionList, Select

from explorer.core.admin.across_tenants import BRANCH_TASK_PREFIX
from explorer.core.admin.tenant_settings import tenant_settings
from explorer.core.admin.tenants import tenant_statuses
from explorer.core.client.connection import ConnectionOptions
from explorer.core.client.session import ExplorerSession
from explorer.local.startup import LaunchPlan
from explorer.tui.app import ExplorerApp
from explorer.tui.panes.query_pane import QueryPane
from explorer.tui.screens.confirm_typed import ConfirmTypedScreen
from explorer.tui.screens.object_detail import ObjectDetailScreen
from explorer.tui.screens.tenant_forms import BulkTenantsScreen, TenantSettingsScreen
from explorer.tui.screens.tenant_picker import (
    ALL_ID,
    MORE_ID,
    PATTERN_ID,
    SHOWN_TENANTS,
    TenantPickerScreen,
)
from explorer.tui.screens.tenants_screen import TenantsScreen
from tests.many_tenants import ACTIVE, COLD, GLOBEX, ODD, ManyTenants
from tests.slow_proxy import slow_proxy
from tests.tui.helpers import (
    column,
    loaded_pane,
    notifications,
    static_text,
    wait_for_collection,
    wait_until,
)

TOTAL = 1_000


def branches() -> list[asyncio.Task[object]]:
    return [t for t in asyncio.all_tasks() if t.get_name().startswith(BRANCH_TASK_PREFIX)]


async def open_picker(app: ExplorerApp, pilot: Pilot[None], name: str) -> OptionList:
    await wait_for_collection(pilot, name)
    await pilot.press("enter")
    return await wait_picker(app, pilot)


async def test_the_picker_searches_all_tenants_or_a_pattern_with_results_labelled_by_tenant(
    app: ExplorerApp, many_tenants: ManyTenants
) -> None:
    async with app.run_test(size=(160, 50)) as pilot:
        options = await open_picker(app, pilot, many_tenants.name)
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        assert ids[0] == ALL_ID and ids[-1] == MORE_ID
        assert len(ids) == SHOWN_TENANTS + 2  # all, the first 200 tenants, "… more"
        assert "1,000" in str(options.get_option_at_index(0).prompt)
        await pilot.press("slash", *"globex-*")
        assert options.get_option_at_index(1).id == PATTERN_ID
        assert "5 (5 active)" in str(options.get_option_at_index(1).prompt)
        assert [options.get_option_at_index(i).id for i in range(2, 7)] == list(GLOBEX)
        await pilot.press("enter")  # the pattern
        pane = await loaded_pane(pilot, QueryPane)
        await wait_until(pilot, lambda: pane.tenant_scope is not None, "the scope")
        assert app.opened is not None and app.opened.session.current_tenant == "globex-1"
        assert "globex-*" in static_text(app, "#query-scope")
        pane.query_one("#query-kind", Select).value = "bm25"
        await pilot.pause()
        pane.query_one("#query-text", Input).value = "globex"
        await pilot.press("ctrl+r")
        table = pane.query_one("#query-table", DataTable)
        await wait_until(pilot, lambda: table.row_count == 5, "results from five tenants")
        assert sorted(column(table, "tenant")) == list(GLOBEX)
        assert "5 results from 5 tenants" in static_text(app, "#query-summary")

        # Every tenant, a vector search: one tenant's index differs and is reported by name.
        await pilot.press("escape", "t")  # out of the form first: t is a key there
        options = await wait_picker(app, pilot)
        options.focus()
        await pilot.press("enter")  # "All tenants", highlighted first
        await wait_until(pilot, lambda: pane.tenant_scope is not None, "every tenant")
        pane.query_one("#query-kind", Select).value = "near_vector"
        await pilot.pause()
        pane.query_one("#query-vector", Input).value = "[1, 0, 0]"
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: "odd-dims: failed" in _problems(app), "the failure")
        assert f"{TOTAL - len(ACTIVE):,} tenants not searched" in _problems(app)
        assert table.row_count == 10 and column(table, "tenant")[0].startswith("acme-")
        best = column(table, "tenant")[0]
        await pilot.press("escape", "ctrl+o")  # open the best result: from its own tenant
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, ObjectDetailScreen) and app.screen.prepared is not None,
            "the object, read from its tenant",
        )
        assert isinstance(app.screen, ObjectDetailScreen) and app.screen.tenant == best

        # One tenant again: the scope goes.
        await pilot.press("escape", "t")
        options = await wait_picker(app, pilot)
        options.focus()
        await pilot.press("slash", *ODD, "enter")
        await wait_until(pilot, lambda: pane.tenant_scope is None, "one tenant")
        assert app.opened.session.current_tenant == ODD


async def wait_picker(app: ExplorerApp, pilot: Pilot[None]) -> OptionList:
    await wait_until(pilot, lambda: isinstance(app.screen, TenantPickerScreen), "the picker")
    return app.screen.query_one("#tenant-list", OptionList)


def _problems(app: ExplorerApp) -> str:
    try:
        return static_text(app, "#query-tenants")
    except Exception:
        return ""


async def test_escape_cancels_every_branch(
    server_options: ConnectionOptions, many_tenants: ManyTenants
) -> None:
    async with slow_proxy(server_options.grpc_port) as proxy:
        app = ExplorerApp(LaunchPlan(replace(server_options, grpc_port=proxy.port)))
        async with app.run_test(size=(160, 50)) as pilot:
            options = await open_picker(app, pilot, many_tenants.name)
            options.focus()
            await pilot.press("enter")  # all tenants
            pane = await loaded_pane(pilot, QueryPane)
            await wait_until(pilot, lambda: pane.tenant_scope is not None, "the scope")
            pane.query_one("#query-kind", Select).value = "bm25"
            pane.query_one("#query-text", Input).value = "apple"
            assert app.opened is not None
            session = app.opened.session
            proxy.delay = 5.0
            pane.action_run_query()
            while len(branches()) < 8:  # noqa: ASYNC110 - the state under test, every turn
                await asyncio.sleep(0)
            await pilot.press("escape")
            await wait_until(pilot, lambda: not branches(), "every branch ended")
            proxy.delay = 0
            assert session.calls_in_flight == 0
            assert "cancelled" in static_text(app, "#query-summary")
            assert pane.result is None


async def test_bulk_change_by_pattern_and_the_tenant_toggles(
    app: ExplorerApp,
    session: ExplorerSession,
    many_tenants: ManyTenants,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A loaded machine must not let "done" expire unseen.
    monkeypatch.setattr(app, "NOTIFICATION_TIMEOUT", 600)
    async with app.run_test(size=(160, 50)) as pilot:
        await wait_for_collection(pilot, many_tenants.name)
        await pilot.press("T")
        await wait_until(pilot, lambda: isinstance(app.screen, TenantsScreen), "the tenants")
        await pilot.press("m")
        await wait_until(pilot, lambda: isinstance(app.screen, BulkTenantsScreen), "the form")
        app.screen.query_one("#bulk-action", Select).value = "activate"
        await pilot.press(*"cold-*", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmTypedScreen), "confirm")
        details = static_text(app, "#confirm-details")
        assert "The 4 matching tenants" in details and "cold-3" in details
        assert "Activate 4 tenants of" in static_text(app, "#confirm-what")
        await pilot.press("5", "enter")  # the wrong count: nothing happens
        assert isinstance(app.screen, ConfirmTypedScreen)
        await pilot.press("backspace", "4", "enter")
        await wait_until(
            pilot, lambda: any("Activated 4 tenants" in n for n in notifications(app)), "done"
        )
        statuses = await tenant_statuses(session, many_tenants.name)
        assert {statuses[t] for t in COLD} == {"ACTIVE"}
        await pilot.press("m")
        await wait_until(pilot, lambda: isinstance(app.screen, BulkTenantsScreen), "the form")
        app.screen.query_one("#bulk-regex", Checkbox).value = True
        await pilot.press(*"cold-[0-9]", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmTypedScreen), "confirm")
        await pilot.press("4", "enter")  # deactivate, the form's default
        await wait_until(
            pilot, lambda: any("Deactivated 4" in n for n in notifications(app)), "again"
        )
        statuses = await tenant_statuses(session, many_tenants.name)
        assert {statuses[t] for t in COLD} == {"INACTIVE"}
        await pilot.press("escape")

        # The toggles, from the schema pane.
        await pilot.press("enter")
        await wait_picker(app, pilot)
        await pilot.press("enter")  # all tenants: the collection opens
        query = await loaded_pane(pilot, QueryPane)
        await wait_until(pilot, lambda: query.config is not None, "the query pane's config")
        await pilot.press("escape", "4")
        await wait_until(
            pilot, lambda: many_tenants.name in static_text(app, "#schema-summary"), "schema"
        )
        await pilot.press("m")
        await wait_until(pilot, lambda: isinstance(app.screen, TenantSettingsScreen), "toggles")
        app.screen.query_one("#settings-auto-activate", Checkbox).value = True
        app.screen.query_one("#form-ok").focus()
        await pilot.press("enter")
        await wait_until(
            pilot, lambda: any("auto-activation on" in n for n in notifications(app)), "saved"
        )
    config = await session.collection_config(many_tenants.name, refresh=True)
    settings = tenant_settings(config)
    assert settings.auto_tenant_activation and not settings.auto_tenant_creation
    from weaviate.classes.config import Reconfigure

    await session.client.collections.use(many_tenants.name).config.update(
        multi_tenancy_config=Reconfigure.multi_tenancy(auto_tenant_activation=False)
    )


async def test_read_only_refuses_bulk_changes_before_the_form(
    server_options: ConnectionOptions,
    session: ExplorerSession,
    many_tenants: ManyTenants,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = await tenant_statuses(session, many_tenants.name)
    app = ExplorerApp(LaunchPlan(replace(server_options, read_only=True)))
    monkeypatch.setattr(app, "NOTIFICATION_TIMEOUT", 600)
    async with app.run_test(size=(160, 50)) as pilot:
        await wait_for_collection(pilot, many_tenants.name)
        await pilot.press("T")
        await wait_until(pilot, lambda: isinstance(app.screen, TenantsScreen), "the tenants")
        await pilot.press("m")
        await wait_until(
            pilot,
            lambda: any("Read-only connection" in n for n in notifications(app)),
            "the refusal",
        )
        assert isinstance(app.screen, TenantsScreen)  # no form was opened
    assert await tenant_statuses(session, many_tenants.name) == before
