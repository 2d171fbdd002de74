"""REPL messages say what is true and what works (issue 15, items 11 to 19)."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import pytest

from explorer.core.client.session import ExplorerSession
from tests.repl.harness import ReplHarness


@pytest.fixture
async def repl(session: ExplorerSession) -> AsyncIterator[ReplHarness]:
    harness = ReplHarness(session)
    yield harness
    await harness.context.schema.close()
    session.current_collection = session.current_tenant = None


async def test_the_alpha_default_in_the_help_is_the_servers(repl: ReplHarness, books) -> None:
    """Item 11: the help said 0.7; the server's scores show 0.75."""
    name, _ = books
    helped = await repl.run("help hybrid")
    stated = re.search(r"server default ([0-9.]+)", helped.out)
    assert stated, helped.out
    assert (await repl.run(f"use {name}")).ok
    query = 'hybrid "lighthouse keeper" --target bigram --limit 5'
    unset = await repl.json(query)
    explicit = await repl.json(f"{query} --alpha {stated.group(1)}")
    assert [(o["uuid"], o["score"]) for o in unset] == [(o["uuid"], o["score"]) for o in explicit]


@pytest.mark.parametrize("target", ["", " --target custom", " --target bigram"])
async def test_near_text_advice_names_only_what_works(repl: ReplHarness, books, target) -> None:
    """Item 13: with no vectorizer it said "use bigram"; with bigram it said bigram has none."""
    name, _ = books
    ran = await repl.run(f"use {name}; near_text 'lighthouse keeper'{target}")
    assert not ran.ok
    assert "hybrid with alpha 1" in ran.err and "--target bigram" in ran.err
    assert "use bigram" not in ran.err and "use the target bigram" not in ran.err
    advised = await repl.run("hybrid 'lighthouse keeper' --alpha 1 --target bigram --limit 1")
    assert advised.ok, advised.err


async def test_is_null_without_a_null_index_is_refused_before_sending(
    repl: ReplHarness, session: ExplorerSession, books, collection_name, cleanup_collections
) -> None:
    """Item 14: the type check passed, then the server said "Nullstate must be indexed"."""
    from weaviate.classes.config import Configure, DataType, Property

    name, _ = books
    ran = await repl.run(f"use {name}; count --where 'title is not null'")
    assert not ran.ok
    assert "column 7" in ran.err and "index_null_state is off" in ran.err, ran.err

    indexed_name = f"{collection_name}Nulls"
    cleanup_collections.append(indexed_name)
    await session.client.collections.create(
        indexed_name,
        properties=[Property(name="title", data_type=DataType.TEXT)],
        inverted_index_config=Configure.inverted_index(index_null_state=True),
    )
    await session.client.collections.use(indexed_name).data.insert({"title": "x"})
    await session.client.collections.use(indexed_name).data.insert({})
    indexed = await repl.run(f"use {indexed_name}; count --where 'title is not null'")
    assert (indexed.ok, indexed.out.strip()) == (True, "1"), indexed.err


async def test_a_5_mb_paste_into_bm25_is_refused_with_the_limit(repl: ReplHarness, books) -> None:
    """Item 5: a 5 MB paste took 1.5-2 minutes of CPU (a per-character tokenizer, re-run by the
    prompt on every check); it is now linear, and a line over the stated limit is refused."""
    from explorer.repl.cmdline import is_complete

    name, _ = books
    assert (await repl.run(f"use {name}")).ok
    pasted = "lighthouse keeper " * (5_000_000 // 18)
    line = f'bm25 "{pasted}" --limit 3'
    assert is_complete(line)  # Enter runs it at once: the prompt never waits for more
    ran = await repl.run(line)
    assert not ran.ok
    assert "the limit is 100,000" in ran.err and "4,99" in ran.err, ran.err[:300]
    assert len(ran.err) < 1000  # the error does not echo the paste
    just_under = f'bm25 "{pasted[:100_000]}" --limit 1 --format json'
    assert (await repl.run(just_under)).ok
