"""insert, update, replace and delete in the REPL, against the real server."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import replace

import pytest

from explorer.core.client.session import ExplorerSession
from tests.repl.harness import ReplHarness


@pytest.fixture
async def repl(session: ExplorerSession) -> AsyncIterator[ReplHarness]:
    harness = ReplHarness(session)
    yield harness
    await harness.context.schema.close()
    session.current_collection = session.current_tenant = None


def answering(*answers: str, asked: list[str]) -> Callable[[str], Awaitable[str]]:
    """An ``ask`` that gives these answers in turn and records each question."""
    queue = list(answers)

    async def ask(question: str) -> str:
        asked.append(question)
        return queue.pop(0)

    return ask


async def test_insert_update_replace(repl: ReplHarness, session: ExplorerSession, books) -> None:
    name, _ = books
    await repl.run(f"use {name}")
    inserted = await repl.json(
        """insert '{"properties": {"title": "Dune", "year": 1965}, "vectors": {"custom": [1, 2, 3]}}'"""
    )
    assert inserted["action"] == "inserted" and inserted["collection"] == name
    object_id = inserted["uuid"]
    stored = await session.client.collections.use(name).query.fetch_object_by_id(
        object_id, include_vector=True
    )
    assert stored is not None and stored.properties["title"] == "Dune"
    assert stored.vector["custom"] == [1.0, 2.0, 3.0]

    ran = await repl.run(f"""update {object_id} '{{"rating": 4.5}}'""")
    assert ran.ok and ran.out == f"Updated {object_id} in {name}\n"
    stored = await session.client.collections.use(name).query.fetch_object_by_id(object_id)
    assert stored is not None
    assert (stored.properties["title"], stored.properties["rating"]) == ("Dune", 4.5)

    replaced = await repl.json(f"""replace {object_id} '{{"title": "Dune Messiah"}}'""")
    assert replaced["action"] == "replaced" and replaced["properties"] == ["title"]
    stored = await session.client.collections.use(name).query.fetch_object_by_id(object_id)
    assert stored is not None and stored.properties["title"] == "Dune Messiah"
    assert stored.properties["rating"] is None


async def test_bad_json_and_schema_errors_say_what_to_fix(
    repl: ReplHarness, session: ExplorerSession, books
) -> None:
    name, data = books
    await repl.run(f"use {name}")
    unquoted = await repl.run('insert {"title": "x"}')  # the shell-like split ate the quotes
    assert not unquoted.ok
    assert "Invalid JSON: line 1, column 2" in unquoted.err
    assert "wrap the JSON in single quotes" in unquoted.err
    broken = await repl.run("""insert '{"title": "x",}'""")
    assert not broken.ok and "line 1, column 15" in broken.err and "trailing comma" in broken.err
    invalid = await repl.run("""insert '{"titel": "x", "year": "1999"}'""")
    assert not invalid.ok
    assert "titel: " in invalid.err and 'did you mean "title"?' in invalid.err
    assert 'year: expected int, a whole number such as 1999, got "1999" (drop the quotes)' in (
        invalid.err
    )
    missing = await repl.run("""update 00000000-0000-0000-0000-000000000000 '{"year": 1}'""")
    assert not missing.ok and "has no object 00000000-0000-0000-0000-000000000000" in missing.err
    assert await session.count(name) == len(data)


async def test_delete_one_asks_for_the_collection_name(
    repl: ReplHarness, session: ExplorerSession, books
) -> None:
    name, data = books
    await repl.run(f"use {name}")
    target = data[0].uuid
    refused = await repl.run(f"delete {target}")
    assert not refused.ok and "add --yes to confirm without a prompt" in refused.err
    asked: list[str] = []
    repl.context.ask = answering("nope", name, asked=asked)
    wrong = await repl.run(f"delete {target}")
    assert not wrong.ok and "nothing was changed" in wrong.err
    assert f"Delete object {target} of {name}" in asked[0] and "title=The quiet harbour" in asked[0]
    assert asked[0].endswith(f"Type {name} to confirm: ")
    assert await session.count(name) == len(data)
    right = await repl.run(f"delete {target}")
    assert right.ok and right.out == f"Deleted {target} from {name}\n"
    assert await session.get_object(name, target) is None
    repl.context.ask = None
    scripted = await repl.json(f"delete {data[1].uuid} --yes")
    assert scripted == {
        "action": "deleted",
        "collection": name,
        "tenant": None,
        "uuid": data[1].uuid,
        "properties": [],
    }
    gone = await repl.run(f"delete {data[1].uuid} --yes")
    assert not gone.ok and "nothing was deleted" in gone.err
    assert await session.count(name) == len(data) - 2


async def test_delete_where_dry_run_count_then_confirm(
    repl: ReplHarness, session: ExplorerSession, books
) -> None:
    name, data = books
    await repl.run(f"use {name}")
    drama = [b for b in data if b.properties["genre"] == "drama"]
    where = "--where 'genre = \"drama\"'"

    dry = await repl.json(f"delete {where} --dry-run")
    assert dry["dry_run"] and dry["matches"] == len(drama) and len(dry["examples"]) == 4
    table = (await repl.run(f"delete {where} --dry-run")).out
    assert f"{len(drama)} objects would be deleted (dry run)" in table

    refused = await repl.run(f"delete {where}")
    assert not refused.ok
    assert f'Delete {len(drama)} objects of {name} matching genre = "drama"' in refused.err
    assert "add --yes to confirm without a prompt" in refused.err

    asked: list[str] = []
    repl.context.ask = answering(name.lower(), asked=asked)
    wrong = await repl.run(f"delete {where}")
    assert not wrong.ok and "not '" + name + "'; nothing was changed" in wrong.err
    assert asked[0].count("\n  ") == 4  # the dry run's examples, one a line
    shown = {line.split()[0] for line in asked[0].splitlines() if line.startswith("  ")}
    assert shown == {b.uuid for b in drama}
    assert await session.count(name) == len(data)

    repl.context.ask = answering(name, asked=asked)
    done = await repl.run(f"delete {where}")
    assert done.ok
    assert done.out == f"Deleted {len(drama)} of {len(drama)} matching objects from {name}.\n"
    assert await session.count(name) == len(data) - len(drama)

    repl.context.ask = None
    scripted = await repl.json("delete --where 'year < 1995' --yes")
    expected = [b for b in data if b.properties["year"] < 1995 and b not in drama]
    assert scripted == {
        "collection": name,
        "tenant": None,
        "dry_run": False,
        "matches": len(expected),
        "successful": len(expected),
        "failed": 0,
        "remaining": 0,
    }
    none_left = await repl.json("delete --where 'year < 1995'")  # nothing matches: no question
    assert none_left["matches"] == 0 and none_left["successful"] == 0
    both = await repl.run(f"delete {data[5].uuid} --where 'year > 1'")
    assert not both.ok and "give a uuid or --where, not both" in both.err
    neither = await repl.run("delete")
    assert not neither.ok and "delete needs a uuid, or --where EXPR" in neither.err


async def test_read_only_refuses_each_command(
    server_options, books, session: ExplorerSession
) -> None:
    name, data = books
    async with ExplorerSession(replace(server_options, read_only=True)) as read_only:
        repl = ReplHarness(read_only)
        await repl.run(f"use {name}")
        target = data[0].uuid
        for line in (
            """insert '{"title": "x"}'""",
            f"""update {target} '{{"year": 1}}'""",
            f"""replace {target} '{{"year": 1}}'""",
            f"delete {target} --yes",
            "delete --where 'year > 0' --yes",
            "delete --where 'year > 0' --dry-run",
        ):
            ran = await repl.run(line)
            assert not ran.ok and "Read-only connection" in ran.err, line
            assert "reconnect without --read-only" in ran.err
        await repl.context.schema.close()
    assert await session.count(name) == len(data)
    stored = await session.get_object(name, data[0].uuid)
    assert stored is not None and stored.properties["year"] == data[0].properties["year"]


async def test_help_documents_the_confirmation(repl: ReplHarness) -> None:
    shown = (await repl.run("help delete")).out
    assert "delete <uuid> | delete --where EXPR [--dry-run] [--yes]" in shown
    assert "type the collection's name unless --yes" in shown
    assert "--dry-run" in shown and "--yes" in shown
