"""A multi-tenant collection's two tenant toggles: auto-creation and auto-activation.

With auto-creation, an insert into a tenant that does not exist creates it; with
auto-activation, a request to an INACTIVE tenant activates it. Both change in place.
"""

from __future__ import annotations

from dataclasses import dataclass

from explorer.core.base.errors import ExplorerError
from explorer.core.base.models import CollectionConfig
from explorer.core.client.session import ExplorerSession


@dataclass(frozen=True)
class TenantSettings:
    auto_tenant_creation: bool
    auto_tenant_activation: bool


def tenant_settings(config: CollectionConfig) -> TenantSettings:
    """The toggles as the collection's config has them (off when the server leaves them out)."""
    raw = config.raw.get("multiTenancyConfig") or {}
    return TenantSettings(
        auto_tenant_creation=bool(raw.get("autoTenantCreation")),
        auto_tenant_activation=bool(raw.get("autoTenantActivation")),
    )


async def update_tenant_settings(
    session: ExplorerSession,
    collection: str,
    *,
    auto_tenant_creation: bool | None = None,
    auto_tenant_activation: bool | None = None,
) -> TenantSettings:
    """Change either toggle (None leaves it); returns both as the server now has them."""
    changes = [
        f"auto-{what} {'on' if value else 'off'}"
        for what, value in (
            ("creation", auto_tenant_creation),
            ("activation", auto_tenant_activation),
        )
        if value is not None
    ]
    if not changes:
        raise ExplorerError(
            "Nothing to change", "say which toggle to change: auto-creation or auto-activation"
        )
    await session.approve(f"turn tenant {' and '.join(changes)} for {collection}")
    await session.require_multi_tenant(collection)
    from weaviate.classes.config import Reconfigure

    async with session.call():
        await session.client.collections.use(collection).config.update(
            multi_tenancy_config=Reconfigure.multi_tenancy(
                auto_tenant_creation=auto_tenant_creation,
                auto_tenant_activation=auto_tenant_activation,
            )
        )
    session.forget_config(collection)
    return tenant_settings(await session.collection_config(collection, refresh=True))
