"""The server's whole message reaches the user, quotes included, and made inert."""

from __future__ import annotations

import pytest
from weaviate.classes.config import Configure, DataType, Property
from weaviate.classes.tenants import Tenant

from explorer.core.base.errors import ExplorerError
from explorer.core.client.session import ExplorerSession


@pytest.fixture
async def tenanted(
    session: ExplorerSession, collection_name: str, cleanup_collections: list[str]
) -> str:
    cleanup_collections.append(collection_name)
    await session.client.collections.create(
        collection_name,
        properties=[Property(name="n", data_type=DataType.INT)],
        multi_tenancy_config=Configure.multi_tenancy(enabled=True),
    )
    await session.client.collections.use(collection_name).tenants.create([Tenant(name="tenantA")])
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
