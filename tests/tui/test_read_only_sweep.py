"""On a --read-only connection every change the app offers is refused before anything is sent.

One sweep over the keys that change data or schema, against the real server: each must say
"Read-only connection" and leave the server as it was.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from explorer.core.client.connection import ConnectionOptions
from explorer.core.client.session import ExplorerSession
from explorer.local.startup import LaunchPlan
from explorer.tui.app import ExplorerApp
from tests.integration.books import Book
from tests.tui.helpers import notifications, wait_until
from tests.tui.test_flows import open_books

#: (where the focus goes first, the key)
CHANGES = [
    ("2", "i"),  # insert an object
    ("2", "e"),  # edit the highlighted object
    ("2", "d"),  # delete it
    ("2", "D"),  # delete every match of the filter
    ("2", "I"),  # import a file
    ("1", "x"),  # drop the highlighted collection
    ("1", "n"),  # create a collection
    ("4", "a"),  # add a property
    ("4", "m"),  # the tenant toggles
]


@pytest.mark.parametrize(("pane", "key"), CHANGES)
async def test_every_change_is_refused_up_front(
    pane: str,
    key: str,
    server_options: ConnectionOptions,
    session: ExplorerSession,
    books: tuple[str, list[Book]],
) -> None:
    name, data = books
    app = ExplorerApp(LaunchPlan(replace(server_options, read_only=True)), page_size=5)
    async with app.run_test(size=(140, 45)) as pilot:
        await open_books(app, pilot, name)
        await pilot.press("escape", pane, key)
        await wait_until(
            pilot,
            lambda: any("Read-only connection" in n for n in notifications(app)),
            f"{key!r} refused",
        )
        assert len(app.screen_stack) == 1  # no form or question was opened
    assert await session.count(name) == len(data)
    assert name in {c.name for c in await session.list_collection_configs()}
