"""Server errors that quote hostile input back, and notices that repeat it, shown inertly.

The other REPL cases are refused before anything is sent; these reach Weaviate, whose error
text (untrusted) quotes the tenant name or value. One multi-tenant collection with a phone
number property (the server parses phone numbers itself) serves the whole table.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from explorer.core.client.session import ExplorerSession
from tests.hostile.hostile_collection import (
    CSI_CLEAR,
    MARKUP_BOLD,
    MARKUP_LINK,
    OSC52_CLIPBOARD,
    assert_inert,
)
from tests.hostile.repl_cases import ReplCase
from tests.repl.harness import ReplHarness

COLLECTION = "HostileEcho"
TENANT = "t1"

#: Tenant names are checked before anything is sent (issue 15 item 24), so the hostile names
#: below are now refused here, quoted inert, instead of echoed by Weaviate.
CASES: tuple[ReplCase, ...] = (
    ReplCase(
        "echo-invalid-tenant-name",
        "escapes",
        f'tenants create "t{CSI_CLEAR}{MARKUP_LINK}"',
        error=("Invalid tenant name", f"'t\\x1b[2J{MARKUP_LINK}'", "1 to 64 letters"),
    ),
    ReplCase(
        "echo-tenant-name-too-long",
        "escapes",
        "tenants create " + "t" * 100,
        error=("Invalid tenant name", "1 to 64 letters"),
    ),
    ReplCase(
        "echo-unknown-tenant-in-query",
        "escapes",
        f'use {COLLECTION} "@ghost{OSC52_CLIPBOARD}{MARKUP_LINK}"; bm25 "x"',
        error=(
            "has no tenant",
            "'ghost\\x1b]52;c;aGk=\\x07" + MARKUP_LINK + "'",
            "its tenants: t1",
        ),
    ),
    ReplCase(
        "echo-phone-number",
        "escapes",
        """insert '{"phone": {"input": "[bold]abc[/]\\u001b[2J", "defaultCountry": "nl"}}'""",
        error=("Rejected by Weaviate", "invalid phone number", "is not a number"),
    ),
    ReplCase(
        "echo-notice-of-a-hostile-tenant",
        "escapes",
        f'use {COLLECTION} "@ghost{CSI_CLEAR}{MARKUP_BOLD}"',
        error=("has no tenant", f"'ghost\\x1b[2J{MARKUP_BOLD}'"),
    ),
)


@pytest.fixture(scope="module")
async def echo_collection(session: ExplorerSession) -> AsyncIterator[str]:
    from weaviate.classes.config import Configure, DataType, Property
    from weaviate.classes.tenants import Tenant

    client = session.client
    await client.collections.delete(COLLECTION)
    collection = await client.collections.create(
        COLLECTION,
        properties=[
            Property(name="title", data_type=DataType.TEXT),
            Property(name="phone", data_type=DataType.PHONE_NUMBER),
        ],
        multi_tenancy_config=Configure.multi_tenancy(enabled=True),
    )
    await collection.tenants.create([Tenant(name=TENANT)])
    await collection.with_tenant(TENANT).data.insert({"title": "Dune"})
    yield COLLECTION
    await client.collections.delete(COLLECTION)


async def _state(session: ExplorerSession) -> tuple[list[str], int]:
    """The tenants and the objects of the one tenant: unchanged when a line is refused."""
    collection = session.client.collections.use(COLLECTION)
    tenants = sorted(await collection.tenants.get())
    return tenants, await session.count(COLLECTION, tenant=TENANT)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
@pytest.mark.parametrize("interactive", [False, True], ids=["script", "prompt"])
async def test_server_text_and_notices_stay_inert(
    case: ReplCase, interactive: bool, session: ExplorerSession, echo_collection: str
) -> None:
    repl = ReplHarness(session, interactive=interactive)
    try:
        assert (await repl.run(f"use {COLLECTION} @{TENANT}")).ok
        before = await _state(session)
        ran = await repl.run(case.line)
        assert_inert(ran.out, ran.err)
        if case.rejected:
            assert not ran.ok, ran.out[:500]
            assert ran.err.startswith("Error: "), ran.err[:500]
            for fragment in case.error:
                assert fragment in ran.err, (fragment, ran.err[:1000])
        else:
            assert ran.ok, ran.err[:1000]
            for fragment in case.shows if interactive else ():  # notices are for people
                assert fragment in ran.out, (fragment, ran.out[:1000])
            assert ran.out if interactive else not ran.out
        assert await _state(session) == before
        assert (await repl.run(f"use {COLLECTION} @{TENANT}")).ok
        assert (await repl.json("count")) == {"collection": COLLECTION, "count": before[1]}
    finally:
        await repl.context.schema.close()
