"""Hostile input to every TUI form, and hostile server text on every view (tui_cases.py).

Each group of cases runs in one app. For every refused case: the app is still running and no
surprise (the error details modal) came up, nothing changed on the server or on disk, and the
message names the problem and the fix. Every shown case displays the literal text, inert.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from rich.text import Text
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import DataTable, Input, Select, TabbedContent, TextArea

from explorer.core.admin.aliases import list_aliases
from explorer.core.admin.schema import collection_names
from explorer.core.client.connection import ConnectionOptions
from explorer.core.client.session import ExplorerSession
from explorer.core.store.profiles import load_profiles
from explorer.local.startup import LaunchPlan
from explorer.tui.app import ExplorerApp
from explorer.tui.panes.objects_pane import ObjectsPane
from explorer.tui.panes.query_pane import QueryPane
from explorer.tui.screens.admin_forms import AliasFormScreen, NamesScreen
from explorer.tui.screens.aliases_screen import AliasesScreen
from explorer.tui.screens.connect_screen import ConnectScreen
from explorer.tui.screens.create_collection import CreateCollectionScreen, PropertyRow
from explorer.tui.screens.error_details import ErrorDetailsScreen
from explorer.tui.screens.export_screen import ExportScreen
from explorer.tui.screens.filter_builder import ConditionRow, FilterBuilderScreen
from explorer.tui.screens.import_screen import ImportScreen
from explorer.tui.screens.object_detail import ObjectDetailScreen
from explorer.tui.screens.object_editor import ObjectEditorScreen
from explorer.tui.screens.profile_form import ProfileFormScreen
from explorer.tui.screens.tenants_screen import TenantsScreen
from explorer.tui.screens.value_screen import ValueScreen
from tests.hostile.tui_cases import (
    ALIAS_CASES,
    ALL_HOSTILE,
    BUILDER_CASES,
    CONNECT_CASES,
    CREATE_CASES,
    DISPLAY_CASES,
    EDITOR_CASES,
    EDITOR_MEGABYTE,
    EXPORT_CASES,
    FILTER_CASES,
    HOSTILE_TEXT,
    IMPORT_CASES,
    NOTIFICATION,
    PROPERTY_DESCRIPTION,
    QUERY_CASES,
    TENANT_CASES,
    Case,
)
from tests.tui.helpers import (
    loaded_pane,
    notifications,
    settle,
    static_text,
    wait_for_collection,
    wait_until,
)

#: Control characters that must never reach the terminal from our text.
RAW_CONTROLS = ("\x1b", "\x07", "\x9b")
PLAIN_TITLES = ("The quiet harbour", "Harbour lights")


def object_id(key: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"hostile-tui/{key}"))


@pytest.fixture(scope="module")
async def hostile_collection(session: ExplorerSession) -> AsyncIterator[str]:
    """One collection for the module: typed properties, a 3-d vector, hostile text in it."""
    from weaviate.classes.config import Configure, DataType, Property
    from weaviate.classes.data import DataObject

    name = f"THostileTui{uuid.uuid4().hex[:8]}"
    client = session.client
    await client.collections.create(
        name,
        description=ALL_HOSTILE,
        properties=[
            Property(name="title", data_type=DataType.TEXT, description=PROPERTY_DESCRIPTION),
            Property(name="year", data_type=DataType.INT),
            Property(name="rating", data_type=DataType.NUMBER),
            Property(name="in_print", data_type=DataType.BOOL),
            Property(name="published", data_type=DataType.DATE),
        ],
        vector_config=[Configure.Vectors.self_provided(name="custom")],
    )
    titles = {key: raw for key, (raw, _shown) in HOSTILE_TEXT.items()}
    titles |= {f"plain-{i}": title for i, title in enumerate(PLAIN_TITLES)}
    objects: list[Any] = [
        DataObject(
            uuid=object_id(key),
            properties={
                "title": title,
                "year": 2000 + index,
                "rating": 1.5 + index,
                "in_print": index % 2 == 0,
                "published": f"20{10 + index}-01-01T00:00:00Z",
            },
            vector={"custom": [1.0, index / 10, 0.5]},
        )
        for index, (key, title) in enumerate(titles.items())
    ]
    result = await client.collections.use(name).data.insert_many(objects)
    assert not result.errors, result.errors
    yield name
    await client.collections.delete(name)


@pytest.fixture
def big_app(server_options: ConnectionOptions) -> ExplorerApp:
    """Every object of the collection on the first page."""
    return ExplorerApp(LaunchPlan(server_options), page_size=20)


# -- checks shared by every case -----------------------------------------------------------------------


async def contents(session: ExplorerSession, name: str) -> list[tuple[str, str]]:
    """Every object of ``name`` (uuid, properties as JSON), to compare before and after."""
    page = await session.fetch_page(name, limit=100)
    return sorted((o.uuid, json.dumps(o.properties, default=str)) for o in page.objects)


def surprise(app: ExplorerApp) -> str | None:
    """The summary of an error details modal (an unexpected exception), if one came up."""
    for screen in app.screen_stack:
        if isinstance(screen, ErrorDetailsScreen):
            return static_text(app, "#error-summary") if app.screen is screen else "details modal"
    return None


def message(app: ExplorerApp, case: Case) -> str:
    if case.where == NOTIFICATION:
        return "\n".join(notifications(app))
    found = app.screen.query(case.where)
    return static_text(app, case.where) if found else ""


def filled(case: Case, **values: str) -> Case:
    """The case with ``{placeholders}`` in its input and error words filled in."""

    def fill(value: Any) -> Any:
        if isinstance(value, str):
            return value.format(**values) if "{" in value and "}" in value else value
        if isinstance(value, dict):
            return {k: fill(v) for k, v in value.items()}
        if isinstance(value, list):
            return [fill(v) for v in value]
        return value

    if case.form == "create-json":
        return Case(
            case.id, case.form, case.input.replace("{suffix}", values.get("suffix", "")), case.error
        )
    return Case(
        case.id,
        case.form,
        fill(case.input),
        tuple(fill(word) for word in case.error),
        case.shown,
        case.where,
        case.extra,
    )


class Refusals:
    """Runs refused cases in one app and collects what went wrong, to report every case at once."""

    def __init__(self, app: ExplorerApp, pilot: Pilot[Any]) -> None:
        self.app = app
        self.pilot = pilot
        self.failures: list[str] = []
        self.count = 0

    async def check(
        self,
        case: Case,
        act: Callable[[], Awaitable[None]],
        state: Callable[[], Awaitable[object]],
    ) -> str:
        """Run ``act``; the message must have the case's words, the state must not change."""
        app, pilot = self.app, self.pilot
        self.count += 1
        app.clear_notifications()
        before = await state()
        await act()
        text = ""
        for _ in range(60):
            await settle(pilot)
            text = message(app, case)
            if surprise(app) is not None or all(word in text for word in case.error):
                break
        problems = []
        if not app.is_running:
            problems.append("the app stopped")
        crash = surprise(app)
        if crash is not None:
            problems.append(f"an unexpected exception: {crash}")
            while isinstance(app.screen, ErrorDetailsScreen):
                app.pop_screen()
                await pilot.pause()
        missing = [word for word in case.error if word not in text]
        if missing:
            problems.append(f"the message lacks {missing}: {text!r}")
        if any(c in text for c in RAW_CONTROLS):
            problems.append(f"the message carries raw control characters: {text!r}")
        after = await state()
        if after != before:
            problems.append(f"something changed: {str(before)[:300]} -> {str(after)[:300]}")
        if problems:
            self.failures.append(f"{case.id}: " + "; ".join(problems))
        return text

    def verdict(self, expected: int) -> None:
        assert self.count == expected, f"ran {self.count} of {expected} cases"
        assert not self.failures, "\n".join(self.failures)


async def open_collection(app: ExplorerApp, pilot: Pilot[Any], name: str) -> ObjectsPane:
    await wait_for_collection(pilot, name)
    await pilot.press("enter")
    pane = await loaded_pane(pilot, ObjectsPane)
    await wait_until(pilot, lambda: bool(pane.records), "the first page of objects")
    query = await loaded_pane(pilot, QueryPane)
    await wait_until(
        pilot, lambda: query.config is not None and query.config.name == name, "the config"
    )
    return pane


async def wait_screen(pilot: Pilot[Any], kind: type[Any]) -> Any:
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, kind), kind.__name__)
    return pilot.app.screen


def input_values(screen: Any) -> dict[str, str]:
    """The value of every Input with an id on ``screen`` (to reset a form between cases)."""
    return {field.id: field.value for field in screen.query(Input) if field.id}


def reset_inputs(screen: Any, values: dict[str, str]) -> None:
    for widget_id, value in values.items():
        screen.query_one(f"#{widget_id}", Input).value = value


def set_input(screen: Any, selector: str, value: str) -> Input:
    field = screen.query_one(selector, Input)
    field.value = value
    field.focus()
    return field


# -- the object editor -------------------------------------------------------------------------------


async def wait_ready(pilot: Pilot[Any], editor: ObjectEditorScreen) -> None:
    await wait_until(pilot, lambda: editor.ready, "the editor's text")


async def wait_prepared(pilot: Pilot[Any], screen: ObjectDetailScreen) -> None:
    await wait_until(pilot, lambda: screen.prepared is not None, "the object")


async def write(pilot: Pilot[Any], editor: ObjectEditorScreen, text: str) -> None:
    area = editor.query_one("#editor-text", TextArea)
    area.clear()
    area.insert(text)
    await pilot.pause()


async def test_object_editor_refuses_bad_objects(
    big_app: ExplorerApp, session: ExplorerSession, hostile_collection: str
) -> None:
    app, name = big_app, hostile_collection
    async with app.run_test(size=(160, 50)) as pilot:
        pane = await open_collection(app, pilot, name)
        runner = Refusals(app, pilot)

        async def state() -> object:
            return await contents(session, name)

        for form, key in (("editor-insert", "i"), ("editor-edit", "e")):
            pane.table.focus()
            pane.table.move_cursor(row=pane.row_uuids.index(object_id("plain-0")))
            await pilot.press(key)
            editor = await wait_screen(pilot, ObjectEditorScreen)
            await wait_ready(pilot, editor)
            for case in (c for c in EDITOR_CASES if c.form == form):

                async def act(case: Case = case, editor: ObjectEditorScreen = editor) -> None:
                    await write(pilot, editor, case.input)
                    await pilot.press("ctrl+s")

                await runner.check(case, act, state)
                if app.screen is not editor:
                    runner.failures.append(f"{case.id}: the editor closed")
                    break
                if not any("nothing was sent" in n for n in notifications(app)):
                    runner.failures.append(f"{case.id}: Ctrl+S did not say nothing was sent")
            await pilot.press("escape")
            await wait_until(pilot, lambda: app.screen is app.main_screen, "the editor to close")
        runner.verdict(len(EDITOR_CASES))

        # Accepted: a 1 MB text value is stored whole and shown cut to one cell.
        case = EDITOR_MEGABYTE
        pane.table.focus()
        await pilot.press("i")
        editor = await wait_screen(pilot, ObjectEditorScreen)
        await wait_ready(pilot, editor)
        await write(pilot, editor, json.dumps({"properties": {"title": case.input, "year": 1}}))
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is app.main_screen, "the insert")
        inserted = [n for n in notifications(app) if ": Inserted " in n]
        assert inserted, notifications(app)
        new_id = inserted[0].split("Inserted ")[1].split()[0]
        try:
            stored = await session.get_object(name, new_id)
            assert stored is not None and stored.properties["title"] == case.input
            await wait_until(pilot, lambda: new_id in pane.row_uuids, "the new row")
            cell = pane.table.get_row_at(pane.row_uuids.index(new_id))[1]
            assert isinstance(cell, Text) and cell.plain == case.shown
        finally:
            await session.client.collections.use(name).data.delete_by_id(new_id)
        assert app.is_running and surprise(app) is None


# -- the filter bar and the filter builder -----------------------------------------------------------


async def test_filters_refuse_nonsense(
    big_app: ExplorerApp, session: ExplorerSession, hostile_collection: str
) -> None:
    app, name = big_app, hostile_collection
    async with app.run_test(size=(160, 50)) as pilot:
        pane = await open_collection(app, pilot, name)
        runner = Refusals(app, pilot)
        shown = list(pane.row_uuids)

        async def state() -> object:
            return (await contents(session, name), pane.filters, pane.sort)

        for case in FILTER_CASES:

            async def act(case: Case = case) -> None:
                pane.table.focus()
                await pilot.press("f")
                selector = "#objects-sort" if case.form == "sort" else "#objects-where"
                set_input(app.screen, selector, case.input)
                await pilot.press("enter")

            await runner.check(case, act, state)
            set_input(app.screen, "#objects-where", "")
            set_input(app.screen, "#objects-sort", "")
        assert pane.row_uuids == shown  # no filter was applied

        pane.table.focus()
        await pilot.press("F")
        builder = await wait_screen(pilot, FilterBuilderScreen)
        row = builder.query_one(ConditionRow)
        for case in BUILDER_CASES:
            prop, operator, value = case.input

            async def build(prop: str = prop, operator: str = operator, value: str = value) -> None:
                row.query_one(".row-property", Select).value = prop
                await pilot.pause()
                row.query_one(".row-operator", Select).value = operator
                row.query_one(".row-value", Input).value = value
                await pilot.pause()
                await pilot.press("ctrl+s")

            await runner.check(case, build, state)
            if app.screen is not builder:
                runner.failures.append(f"{case.id}: the builder applied it")
                break
        await pilot.press("escape")
        runner.verdict(len(FILTER_CASES) + len(BUILDER_CASES))


# -- the query pane ----------------------------------------------------------------------------------


async def test_query_form_refuses_bad_values(
    big_app: ExplorerApp, session: ExplorerSession, hostile_collection: str
) -> None:
    app, name = big_app, hostile_collection
    async with app.run_test(size=(160, 50)) as pilot:
        await open_collection(app, pilot, name)
        await pilot.press("3")
        query = await loaded_pane(pilot, QueryPane)
        runner = Refusals(app, pilot)

        async def state() -> object:
            return await contents(session, name)

        for case in QUERY_CASES:

            async def act(case: Case = case) -> None:
                query.query_one("#query-kind", Select).value = case.extra["kind"]
                await pilot.pause()
                for field in query.query(Input):
                    field.value = "10" if field.id == "query-limit" else ""
                for widget_id, value in case.input.items():
                    query.query_one(f"#{widget_id}", Input).value = value
                query.query_one("#query-limit", Input).focus()
                await pilot.press("ctrl+r")

            await runner.check(case, act, state)
            summary = static_text(app, "#query-summary")
            if any(c in summary for c in RAW_CONTROLS):
                runner.failures.append(f"{case.id}: raw control characters in {summary!r}")
        # What the user typed stays in its field as typed; the rest of the screen is inert.
        for field in query.query(Input):
            field.value = ""
        await pilot.pause()
        screenshot = app.export_screenshot()
        assert not any(c in screenshot for c in RAW_CONTROLS)
        runner.verdict(len(QUERY_CASES))


# -- create a collection -----------------------------------------------------------------------------


async def test_create_collection_refuses_bad_names(
    big_app: ExplorerApp, session: ExplorerSession, hostile_collection: str
) -> None:
    app = big_app
    suffix = uuid.uuid4().hex[:8]
    values = {"existing": hostile_collection, "existing_lower": hostile_collection.lower()}
    values["suffix"] = suffix
    async with app.run_test(size=(160, 50)) as pilot:
        await wait_for_collection(pilot, hostile_collection)
        runner = Refusals(app, pilot)

        async def state() -> object:
            return await collection_names(session)

        app.main_screen.query_one("#collections").focus()
        await pilot.press("ctrl+n")
        screen = await wait_screen(pilot, CreateCollectionScreen)
        defaults = input_values(screen)
        for raw_case in CREATE_CASES:
            case = filled(raw_case, **values)

            async def act(case: Case = case) -> None:
                for extra_row in list(screen.query(PropertyRow))[1:]:
                    await extra_row.remove()
                reset_inputs(screen, defaults)
                if case.form == "create-json":
                    screen.query_one("#cc-tabs", TabbedContent).active = "cc-tab-json"
                    await pilot.pause()
                    area = screen.query_one("#cc-json", TextArea)
                    area.load_text(case.input)
                    area.focus()
                    await pilot.press("ctrl+s")
                    return
                screen.query_one("#cc-tabs", TabbedContent).active = "cc-tab-form"
                fields = dict(case.input)
                for index, prop in enumerate(fields.pop("properties", [])):
                    if index:
                        screen.action_add_property_row()
                        await pilot.pause()
                    rows = list(screen.query(PropertyRow))
                    rows[index].query_one(".property-name", Input).value = prop
                for widget_id, value in fields.items():
                    screen.query_one(f"#{widget_id}", Input).value = value
                screen.query_one("#cc-name", Input).focus()
                await pilot.press("ctrl+s")

            await runner.check(case, act, state)
            if app.screen is not screen:
                runner.failures.append(f"{case.id}: the form closed")
                break
        runner.verdict(len(CREATE_CASES))


# -- import and export -------------------------------------------------------------------------------


def transfer_files(tmp_path: Path) -> Path:
    """The files the import and export cases point at."""
    (tmp_path / "folder.jsonl").mkdir()
    (tmp_path / "plain-file").write_text("not a directory\n")
    (tmp_path / "rows.txt").write_text('{"title": "from a txt"}\n')
    (tmp_path / "rows").write_text('{"title": "no extension"}\n')
    (tmp_path / "broken.json").write_text('{"objects": [{"title": "x"},\n')
    (tmp_path / "columns.csv").write_text("titel,year\nx,1\n")
    (tmp_path / "keep.jsonl").write_text("precious\n")
    return tmp_path


def disk(directory: Path) -> dict[str, str]:
    """Every file under ``directory`` with its content (directories as "<dir>")."""
    return {
        str(p.relative_to(directory)): "<dir>" if p.is_dir() else p.read_text(errors="replace")
        for p in sorted(directory.rglob("*"))
    }


async def test_import_and_export_refuse_bad_paths(
    big_app: ExplorerApp, session: ExplorerSession, hostile_collection: str, tmp_path: Path
) -> None:
    app, name = big_app, hostile_collection
    files = transfer_files(tmp_path)
    async with app.run_test(size=(160, 50)) as pilot:
        pane = await open_collection(app, pilot, name)
        runner = Refusals(app, pilot)

        async def state() -> object:
            return (await contents(session, name), disk(files))

        for key, kind, cases in (
            ("I", ImportScreen, IMPORT_CASES),
            ("X", ExportScreen, EXPORT_CASES),
        ):
            pane.table.focus()
            await pilot.press(key)
            screen = await wait_screen(pilot, kind)
            for raw_case in cases:
                case = filled(raw_case, tmp=str(files))

                async def act(case: Case = case, screen: Any = screen) -> None:
                    if isinstance(screen, ExportScreen):
                        where = case.extra.get("where", "")
                        screen.query_one("#export-where", Input).value = where
                    set_input(screen, f"#{case.form}-path", case.input)
                    await pilot.press("enter")

                await runner.check(case, act, state)
                if app.screen is not screen:
                    runner.failures.append(f"{case.id}: the screen closed")
                    break
                if case.id == "export-existing-file":
                    # Told once, the same Enter again replaces it.
                    await pilot.press("enter")
                    await wait_until(
                        pilot,
                        lambda: (files / "keep.jsonl").read_text() != "precious\n",
                        "the replaced file",
                    )
                    lines = (files / "keep.jsonl").read_text().splitlines()
                    assert len(lines) == len(pane.records)
                    (files / "keep.jsonl").write_text("precious\n")
            await pilot.press("escape")
            await wait_until(pilot, lambda: app.screen is app.main_screen, "the screen to close")
        runner.verdict(len(IMPORT_CASES) + len(EXPORT_CASES))


# -- connections ---------------------------------------------------------------------------------------


async def test_profile_form_refuses_bad_connections(big_app: ExplorerApp) -> None:
    app = big_app
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("C")
        await wait_screen(pilot, ConnectScreen)
        runner = Refusals(app, pilot)

        async def state() -> object:
            return load_profiles()

        await pilot.press("a")
        form = await wait_screen(pilot, ProfileFormScreen)
        defaults = input_values(form)
        for case in CONNECT_CASES:

            async def act(case: Case = case) -> None:
                reset_inputs(form, defaults)
                form.query_one("#profile-kind", Select).value = case.extra.get("kind", "local")
                await pilot.pause()
                for widget_id, value in case.input.items():
                    form.query_one(f"#{widget_id}", Input).value = value
                form.query_one("#profile-name", Input).focus()
                await pilot.press("ctrl+s")

            await runner.check(case, act, state)
            if app.screen is not form:
                runner.failures.append(f"{case.id}: the form closed")
                break
        runner.verdict(len(CONNECT_CASES))


# -- tenants and aliases -------------------------------------------------------------------------------


async def test_tenant_and_alias_forms_refuse_bad_names(
    big_app: ExplorerApp,
    session: ExplorerSession,
    hostile_collection: str,
    collection_name: str,
    cleanup_collections: list[str],
) -> None:
    from weaviate.classes.config import Configure
    from weaviate.classes.tenants import Tenant

    app, tenanted = big_app, collection_name
    cleanup_collections.append(tenanted)
    await session.client.collections.create(
        tenanted, multi_tenancy_config=Configure.multi_tenancy(enabled=True)
    )
    await session.client.collections.use(tenanted).tenants.create([Tenant(name="acme")])
    values = {"existing": hostile_collection}
    async with app.run_test(size=(160, 50)) as pilot:
        table = await wait_for_collection(pilot, tenanted)
        runner = Refusals(app, pilot)

        async def tenants() -> object:
            return sorted(await session.client.collections.use(tenanted).tenants.get())

        await pilot.press("T")
        await wait_screen(pilot, TenantsScreen)
        for case in TENANT_CASES:

            async def act(case: Case = case) -> None:
                await pilot.press("c")
                form = await wait_screen(pilot, NamesScreen)
                set_input(form, "#names-input", case.input)
                await pilot.press("enter")

            await runner.check(case, act, tenants)
            if isinstance(app.screen, NamesScreen):
                await pilot.press("escape")
            await wait_screen(pilot, TenantsScreen)
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is app.main_screen, "the main screen")

        async def aliases() -> object:
            return (await list_aliases(session), await collection_names(session))

        table.focus()
        await pilot.press("A")
        aliases_screen: AliasesScreen = await wait_screen(pilot, AliasesScreen)
        for raw_case in ALIAS_CASES:
            case = filled(raw_case, **values)

            async def act(case: Case = case) -> None:
                await wait_until(
                    pilot, lambda: hostile_collection in aliases_screen.collections, "collections"
                )
                await pilot.press("c")
                form = await wait_screen(pilot, AliasFormScreen)
                target = case.input.get("target", hostile_collection)
                if target is not None:
                    form.query_one("#alias-target", Select).value = target
                set_input(form, "#alias-name", case.input["alias-name"])
                await pilot.press("enter")

            await runner.check(case, act, aliases)
            if isinstance(app.screen, AliasFormScreen):
                await pilot.press("escape")
            await wait_screen(pilot, AliasesScreen)
        runner.verdict(len(TENANT_CASES) + len(ALIAS_CASES))


# -- server text on screen -----------------------------------------------------------------------------


def rendered(widget: Widget) -> list[Any]:
    """The segments the widget paints (what would go to the terminal)."""
    width, height = widget.size
    return [
        segment for strip in widget.render_lines(Region(0, 0, width, height)) for segment in strip
    ]


def inert(widget: Widget) -> list[str]:
    """What is wrong with the widget's painted output: raw controls, live links or actions."""
    problems = []
    for segment in rendered(widget):
        if any(c in segment.text for c in RAW_CONTROLS):
            problems.append(f"raw control characters in {segment.text!r}")
        style = segment.style
        if style is not None and (style.link or "@click" in (style.meta or {})):
            problems.append(f"a live link or action on {segment.text!r}")
    return problems


async def test_hostile_server_text_is_shown_literally(
    big_app: ExplorerApp, hostile_collection: str
) -> None:
    app, name = big_app, hostile_collection
    failures: list[str] = []
    async with app.run_test(size=(200, 50)) as pilot:
        pane = await open_collection(app, pilot, name)
        table = pane.table
        hostile_keys = {raw: key for key, (raw, _shown) in HOSTILE_TEXT.items()}
        checked = 0
        for case in DISPLAY_CASES:
            if case.form not in ("cell", "value", "detail"):
                continue
            checked += 1
            row = pane.row_uuids.index(object_id(hostile_keys[case.input]))
            if case.form == "cell":
                cell = table.get_row_at(row)[1]
                if not (isinstance(cell, Text) and cell.plain == case.shown and not cell.spans):
                    failures.append(f"{case.id}: the cell is {cell!r}")
                continue
            table.focus()
            table.move_cursor(row=row, column=1)
            await pilot.pause()
            if case.form == "value":
                await pilot.press("v")
                screen = await wait_screen(pilot, ValueScreen)
                shown = static_text(app, "#value-text")
                failures += [f"{case.id}: {p}" for p in inert(screen.query_one("#value-text"))]
            else:
                await pilot.press("enter")
                screen = await wait_screen(pilot, ObjectDetailScreen)
                await wait_prepared(pilot, screen)
                await settle(pilot)
                properties = screen.query_one("#detail-properties", DataTable)
                cell = properties.get_row_at(0)[2]
                if str(cell) != case.shown:
                    failures.append(f"{case.id}: the detail row shows {cell!s}")
                shown = static_text(app, "#detail-value")
                failures += [f"{case.id}: {p}" for p in inert(properties)]
            if shown != case.shown:
                failures.append(f"{case.id}: shows {shown!r}")
            screenshot = app.export_screenshot()
            if any(c in screenshot for c in RAW_CONTROLS):
                failures.append(f"{case.id}: raw control characters on screen")
            await pilot.press("escape")
            await wait_until(pilot, lambda: app.screen is app.main_screen, "back to the objects")

        failures += [f"cells: {p}" for p in inert(table)]
        # Clicking the [@click=app.quit] cell runs no action: it opens the object.
        click_row = pane.row_uuids.index(object_id("markup-click"))
        table.move_cursor(row=click_row, column=1)
        await pilot.pause()
        offset = table.cursor_coordinate
        region = table._get_cell_region(offset)
        await pilot.click(
            table, offset=(region.x + 1 - int(table.scroll_x), region.y - int(table.scroll_y))
        )
        await wait_until(pilot, lambda: isinstance(app.screen, ObjectDetailScreen), "the object")
        opened = app.screen
        assert isinstance(opened, ObjectDetailScreen) and app.is_running
        assert opened.uuid == object_id("markup-click")
        while app.screen is not app.main_screen:
            await pilot.press("escape")
            await pilot.pause()

        await pilot.press("4")
        summary = static_text(app, "#schema-summary")
        for case in DISPLAY_CASES:
            if case.form == "schema-summary":
                checked += 1
                if f"Description: {case.shown}" not in summary:
                    failures.append(f"{case.id}: the summary is {summary!r}")
            elif case.form == "schema-property":
                checked += 1
                props = app.screen.query_one("#schema-properties", DataTable)
                described = str(props.get_row_at(0)[3])
                if described != case.shown:
                    failures.append(f"{case.id}: the description is {described!r}")
                failures += [f"{case.id}: {p}" for p in inert(props)]
        failures += [f"schema: {p}" for p in inert(app.screen.query_one("#schema-summary"))]
        screenshot = app.export_screenshot()
        assert not any(c in screenshot for c in RAW_CONTROLS)
        assert surprise(app) is None and app.is_running
    assert checked == len(DISPLAY_CASES)
    assert not failures, "\n".join(failures)
