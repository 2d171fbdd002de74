"""The server's whole message reaches the user, quotes included, and made inert."""

from __future__ import annotations

import pytest
from weaviate.classes.config import DataType

from explorer.core.base.errors import ExplorerError
from explorer.core.client.session import ExplorerSession
from tests.tenanted import create_tenanted


@pytest.fixture
async def tenanted(
    session: ExplorerSession, collection_name: str, cleanup_collections: list[str]
) -> str:
    cleanup_collections.append(collection_name)
    await create_tenanted(session, collection_name, {"n": DataType.INT}, ["tenantA"])
    return collection_name


async def test_a_missing_tenant_is_named_in_full(session: ExplorerSession, tenanted: str) -> None:
    with pytest.raises(ExplorerError) as caught:
        await session.count(tenanted, tenant="tenantC")
    assert caught.value.message.endswith('tenant not found: "tenantC"'), caught.value.message


async def test_control_characters_in_the_message_are_escaped(
    session: ExplorerSession, tenanted: str
) -> None:
    with pytest.raises(ExplorerError) as caught:
        await session.count(tenanted, tenant="ten\x1b[31mant")
    message = caught.value.message
    assert "\x1b" not in message and "\\x1b[31mant" in message, message
