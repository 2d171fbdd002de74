"""A protected connection asks before every change; with nobody to ask, it refuses.

Against the real server: the core, the REPL's question and the app's modal.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace

import pytest
from textual.widgets import Input

from explorer.core.base.errors import ExplorerError
from explorer.core.client.connection import ConnectionOptions
from explorer.core.client.session import ExplorerSession
from explorer.core.objects.mutations import insert_object
from explorer.local.startup import LaunchPlan
from explorer.repl.confirm import ask_before_protected_changes
from explorer.tui.app import ExplorerApp
from explorer.tui.panes.objects_pane import ObjectsPane
from explorer.tui.screens.confirm_typed import ConfirmTypedScreen
from tests.integration.books import Book
from tests.repl.harness import ReplHarness
from tests.tui.helpers import loaded_pane, wait_for_collection, wait_until

NEW_BOOK = {"title": "A protected book", "year": 2024}


async def _titles(session: ExplorerSession, name: str) -> list[str]:
    page = await session.fetch_page(name, limit=100)
    return sorted(str(o.properties.get("title")) for o in page.objects)


async def test_core_asks_and_refuses_without_anybody_to_ask(
    server_options: ConnectionOptions, session: ExplorerSession, books: tuple[str, list[Book]]
) -> None:
    name, data = books
    async with ExplorerSession(replace(server_options, protected=True)) as protected:
        with pytest.raises(ExplorerError, match="Protected connection: refused to insert"):
            await insert_object(protected, name, NEW_BOOK)

        asked: list[str] = []

        async def no(action: str) -> bool:
            asked.append(action)
            return False

        protected.confirm_mutation = no
        with pytest.raises(ExplorerError, match="Not confirmed: nothing was changed"):
            await insert_object(protected, name, NEW_BOOK)
        assert asked == [f"insert an object into {name}"]
        assert await session.count(name) == len(data)  # nothing was sent

        async def yes(action: str) -> bool:
            return True

        protected.confirm_mutation = yes
        await insert_object(protected, name, NEW_BOOK)
        assert await session.count(name) == len(data) + 1


async def test_repl_asks_at_the_prompt(
    server_options: ConnectionOptions, session: ExplorerSession, books: tuple[str, list[Book]]
) -> None:
    name, data = books
    answers = ["no", "yes"]
    questions: list[str] = []

    async def ask(question: str) -> str:
        questions.append(question)
        return answers.pop(0)

    async with ExplorerSession(replace(server_options, protected=True)) as protected:
        repl = ReplHarness(protected, interactive=True)
        repl.context.ask = ask
        ask_before_protected_changes(repl.context)
        assert (await repl.run(f"use {name}")).ok
        refused = await repl.run('insert \'{"title": "A protected book", "year": 2024}\'')
        assert not refused.ok and "nothing was changed" in refused.err
        assert await session.count(name) == len(data)
        done = await repl.run('insert \'{"title": "A protected book", "year": 2024}\'')
        assert done.ok, done.err
        assert await session.count(name) == len(data) + 1
        assert all("This connection is protected: insert an object" in q for q in questions)


async def test_app_asks_in_a_modal(
    server_options: ConnectionOptions, session: ExplorerSession, books: tuple[str, list[Book]]
) -> None:
    name, data = books
    app = ExplorerApp(LaunchPlan(replace(server_options, protected=True)), page_size=5)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_collection(pilot, name)
        assert app.opened is not None
        change = asyncio.ensure_future(insert_object(app.opened.session, name, NEW_BOOK))
        for _ in range(200):
            await pilot.pause()
            if isinstance(app.screen, ConfirmTypedScreen):
                break
        screen = app.screen
        assert isinstance(screen, ConfirmTypedScreen)
        assert "This connection is protected: insert an object into" in screen.what
        assert await session.count(name) == len(data)  # nothing sent while it asks
        screen.query_one(Input).value = "yes"
        await pilot.press("enter")
        await asyncio.wait_for(change, 30)
        assert "A protected book" in await _titles(session, name)


async def test_repl_typing_the_name_is_the_only_question(
    server_options: ConnectionOptions, session: ExplorerSession, books: tuple[str, list[Book]]
) -> None:
    name, data = books
    first, second = data[0].uuid, data[1].uuid
    answers = [name, "yes", "no"]
    questions: list[str] = []

    async def ask(question: str) -> str:
        questions.append(question)
        return answers.pop(0)

    async with ExplorerSession(replace(server_options, protected=True)) as protected:
        repl = ReplHarness(protected, interactive=True)
        repl.context.ask = ask
        ask_before_protected_changes(repl.context)
        assert (await repl.run(f"use {name}")).ok
        done = await repl.run(f"delete {first}")
        assert done.ok, done.err
        assert len(questions) == 1 and f"Type {name} to confirm" in questions[0]
        assert await session.get_object(name, first) is None

        # --yes skips typing the name, so the protected question is still asked.
        done = await repl.run(f"delete {second} --yes")
        assert done.ok, done.err
        assert len(questions) == 2 and "This connection is protected: delete" in questions[1]
        assert await session.get_object(name, second) is None

        # The typed confirmation lasted one command: the next change asks again.
        refused = await repl.run('insert \'{"title": "A protected book", "year": 2024}\'')
        assert not refused.ok and "nothing was changed" in refused.err
        assert len(questions) == 3 and "This connection is protected: insert" in questions[2]
        assert await session.count(name) == len(data) - 2


async def test_app_typing_the_name_is_the_only_question(
    server_options: ConnectionOptions, session: ExplorerSession, books: tuple[str, list[Book]]
) -> None:
    from tests.tui.test_flows import running_on_books
    from tests.tui.test_object_editing import confirm_typed, open_editor, write

    name, data = books
    app = ExplorerApp(LaunchPlan(replace(server_options, protected=True)), page_size=5)
    async with running_on_books(app, name) as pilot:
        pane = await loaded_pane(pilot, ObjectsPane)
        target = pane.records[0].uuid
        pane.table.focus()
        await pilot.press("d")
        screen = await confirm_typed(app, pilot, name)
        assert target in screen.what and "protected" not in screen.what
        # No second question: the object goes with nothing more typed.
        for _ in range(2000):  # pauses, not wait_until: a second question would park the worker
            await pilot.pause()
            asked = isinstance(app.screen, ConfirmTypedScreen) and app.screen is not screen
            if asked or target not in pane.row_uuids:
                break
        assert not isinstance(app.screen, ConfirmTypedScreen), "asked a second time"
        await wait_until(pilot, lambda: target not in pane.row_uuids, "the object to go")
        assert await session.get_object(name, target) is None
        assert not isinstance(app.screen, ConfirmTypedScreen)

        # The approval went with that delete: the next change asks the protected question.
        editor = await open_editor(app, pilot, "i")
        await write(pilot, editor, {"properties": NEW_BOOK})
        await pilot.press("ctrl+s")
        for _ in range(2000):  # not wait_until: it waits for the worker, which waits for us
            await pilot.pause()
            if isinstance(app.screen, ConfirmTypedScreen):
                break
        question = app.screen
        assert isinstance(question, ConfirmTypedScreen)
        assert "This connection is protected: insert an object into" in question.what
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is not question, "the question to close")
        assert await session.count(name) == len(data) - 1


async def test_loading_the_demo_asks_first(
    server_options: ConnectionOptions, session: ExplorerSession
) -> None:
    from explorer.core.transfer.demo import DEMO_COLLECTION, load_demo_into

    exists_before = await session.client.collections.exists(DEMO_COLLECTION)
    asked: list[str] = []
    answer = False

    async def confirm(action: str) -> bool:
        asked.append(action)
        return answer

    async with ExplorerSession(replace(server_options, protected=True)) as protected:
        with pytest.raises(ExplorerError, match="Protected connection: refused to load the"):
            await load_demo_into(protected)
        protected.confirm_mutation = confirm
        with pytest.raises(ExplorerError, match="Not confirmed: nothing was changed"):
            await load_demo_into(protected)
        assert asked == [
            f"load the {DEMO_COLLECTION} demo (create the collection if needed, upsert its objects)"
        ]
        assert await session.client.collections.exists(DEMO_COLLECTION) == exists_before

        answer = True
        report = await load_demo_into(protected)
        assert len(asked) == 2 and report.failed == 0
        assert await session.count(DEMO_COLLECTION) == report.total_in_collection == 1000
