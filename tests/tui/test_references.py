"""References in the detail view: each target with its collection (dangling ones marked
missing), Enter opens the target, Backspace comes back, and ``?`` lists both keys."""

from __future__ import annotations

from textual.widgets import DataTable

from explorer.core.client.session import ExplorerSession
from explorer.tui.app import ExplorerApp
from explorer.tui.screens.help_screen import HelpScreen, help_table
from explorer.tui.screens.object_detail import ObjectDetailScreen
from tests.integration.dangling import add_dangling, create_questions, missing_uuid
from tests.tui.helpers import loaded_pane, notifications, wait_for_collection, wait_until


async def test_enter_follows_a_reference_and_backspace_comes_back(
    app: ExplorerApp, session: ExplorerSession, collection_name: str, cleanup_collections: list[str]
) -> None:
    from weaviate.classes.config import DataType, Property, ReferenceProperty

    category = f"{collection_name}Cat"
    cleanup_collections.extend([collection_name, category])
    await session.client.collections.create(
        category, properties=[Property(name="title", data_type=DataType.TEXT)]
    )
    science = str(await session.client.collections.use(category).data.insert({"title": "SCIENCE"}))
    await session.client.collections.create(
        collection_name,
        properties=[Property(name="answer", data_type=DataType.TEXT)],
        references=[ReferenceProperty(name="hasCategory", target_collection=category)],
    )
    question = str(
        await session.client.collections.use(collection_name).data.insert(
            {"answer": "DNA"}, references={"hasCategory": science}
        )
    )
    gone = missing_uuid("tui-category")
    await add_dangling(session, collection_name, [(question, "hasCategory", gone, None)])

    async with app.run_test(size=(140, 45)) as pilot:
        await wait_for_collection(pilot, collection_name)
        assert app.opened is not None
        app.push_screen(ObjectDetailScreen(app.opened.session, collection_name, question))
        await wait_until(pilot, lambda: isinstance(app.screen, ObjectDetailScreen), "detail")
        detail = app.screen
        assert isinstance(detail, ObjectDetailScreen)
        await wait_until(pilot, lambda: detail.prepared is not None, "the question")
        assert detail.prepared is not None
        rows = list(detail.prepared.rows)
        assert rows[1:] == [
            ("hasCategory", "→ reference", f"{category} {science}"),
            ("hasCategory", "→ reference", f"{gone} ({category}, missing)"),
        ]
        table = detail.query_one("#detail-properties", DataTable)
        table.focus()
        table.move_cursor(row=2)  # the dangling one: nothing to open
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is detail
        assert any("dangling" in n for n in notifications(app))

        table.move_cursor(row=1)
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is not detail, "the category")
        target = app.screen
        assert isinstance(target, ObjectDetailScreen)
        assert (target.collection, target.uuid) == (category, science)
        await wait_until(pilot, lambda: target.prepared is not None, "the category loaded")
        assert target.prepared is not None
        assert target.prepared.record.properties["title"] == "SCIENCE"

        await pilot.press("backspace")
        await wait_until(pilot, lambda: app.screen is detail, "back to the question")

        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), "the help")
    keys = {
        (str(row[1]), str(row[2]))
        for row in zip(*(c.cells for c in help_table().columns), strict=True)
    }
    assert ("enter", "Open the object the highlighted reference points to") in keys
    assert ("backspace", "Back to the object you came from") in keys


async def test_filter_bar_and_builder_filter_through_a_reference(
    app: ExplorerApp, session: ExplorerSession, collection_name: str, cleanup_collections: list[str]
) -> None:
    from textual.widgets import Select

    from explorer.tui.panes.objects_pane import ObjectsPane
    from explorer.tui.screens.filter_builder import FilterBuilderScreen

    cleanup_collections.extend([collection_name, f"{collection_name}Cat"])
    await create_questions(session, collection_name)
    async with app.run_test(size=(140, 45)) as pilot:
        await wait_for_collection(pilot, collection_name)
        app.open_collection(collection_name)
        pane = await loaded_pane(pilot, ObjectsPane)
        objects = app.screen.query_one("#objects-table", DataTable)
        await wait_until(pilot, lambda: objects.row_count == 3, "the questions")

        pane.apply_where_text('hasCategory.title = "SCIENCE"')
        await wait_until(pilot, lambda: objects.row_count == 2, "the filtered questions")
        assert sorted(r.properties["answer"] for r in pane.records) == ["Atom", "DNA"]

        pane.apply_where_text("hasCategory.title = 3")  # type-checked against the target
        await pilot.pause()
        assert any("'hasCategory.title' is text" in n for n in notifications(app))

        objects.focus()
        await pilot.press("F")
        await wait_until(pilot, lambda: isinstance(app.screen, FilterBuilderScreen), "builder")
        await wait_until(pilot, lambda: bool(app.screen.query(".row-property")), "a row")
        choices = app.screen.query(".row-property").first(Select)
        values = [value for _label, value in choices._options]
        assert "hasCategory.title" in values and "answer" in values


async def test_reference_columns_show_the_target_uuid_then_a_chosen_property(
    app: ExplorerApp, session: ExplorerSession, collection_name: str, cleanup_collections: list[str]
) -> None:
    from explorer.tui.panes.objects_pane import ObjectsPane

    cleanup_collections.extend([collection_name, f"{collection_name}Cat"])
    _category, categories, answers = await create_questions(session, collection_name)
    async with app.run_test(size=(160, 45)) as pilot:
        await wait_for_collection(pilot, collection_name)
        app.open_collection(collection_name)
        pane = await loaded_pane(pilot, ObjectsPane)
        objects = app.screen.query_one("#objects-table", DataTable)
        await wait_until(pilot, lambda: objects.row_count == 3, "the questions")

        def shown() -> dict[str, str]:
            """answer -> the reference column's cell."""
            return {
                str(objects.get_row_at(i)[1]): str(objects.get_row_at(i)[3])
                for i in range(objects.row_count)
            }

        assert str(objects.ordered_columns[3].label) == "hasCategory →"
        assert shown() == {a: categories[t] for a, t in answers.items()}

        objects.focus()
        objects.move_cursor(column=3)
        await pilot.press("R")  # the target's first property: title
        await wait_until(pilot, lambda: shown() == answers, "the categories' titles")
        assert pane.reference_columns == {"hasCategory": "title"}
        await pilot.press("R")  # past the last property: the uuid again
        await wait_until(
            pilot, lambda: shown() == {a: categories[t] for a, t in answers.items()}, "uuids"
        )
