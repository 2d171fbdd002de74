"""Tenants of a multi-tenant collection: a paged list with counts, and every lifecycle change.

The client reads all tenants in one request; pages are cut here, by name, and object counts are
fetched only for the ACTIVE tenants on the page (inactive ones cannot be counted).
Each change checks the names first, so it either applies to every named tenant or to none.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterable, Sequence
from typing import Literal

from explorer.core.admin.tenant_patterns import (
    TenantMatch,
    TenantSelector,
    match_tenants,
    page_after,
)
from explorer.core.base.errors import ExplorerError
from explorer.core.base.models import TenantInfo, TenantPage, TenantRow
from explorer.core.client import convert
from explorer.core.client.session import ExplorerSession

#: How many tenant counts are fetched at once.
COUNT_CONCURRENCY = 4
TenantStatus = Literal["active", "inactive", "offloaded"]
_SERVER_STATUS = {"active": "ACTIVE", "inactive": "INACTIVE", "offloaded": "OFFLOADED"}
_VERB = {"active": "activate", "inactive": "deactivate", "offloaded": "offload"}


async def tenant_statuses(session: ExplorerSession, collection: str) -> dict[str, str]:
    """Every tenant's status by name, in the one request the client has (it has no cursor)."""
    async with session.call():
        raw = await session.client.collections.use(collection).tenants.get()
    return {name: convert.enum_text(t.activity_status) for name, t in raw.items()}


async def list_tenant_page(
    session: ExplorerSession,
    collection: str,
    *,
    limit: int = 50,
    after: str | None = None,
    counts: bool = True,
    selector: TenantSelector | None = None,
) -> TenantPage:
    """Up to ``limit`` tenants whose names sort after ``after``, with their object counts;
    with ``selector``, only the tenants it names (``total`` counts those)."""
    await session.require_multi_tenant(collection)
    statuses = await tenant_statuses(session, collection)
    names = sorted(n for n in statuses if selector is None or selector.matches(n))
    page, next_after = page_after(names, limit, after)
    gate = asyncio.Semaphore(COUNT_CONCURRENCY)

    async def row(name: str) -> TenantRow:
        status = statuses[name]
        if not counts or status != "ACTIVE":
            return TenantRow(name, status)
        async with gate:
            return TenantRow(name, status, await session.count(collection, tenant=name))

    rows = tuple(await asyncio.gather(*(row(name) for name in page)))
    return TenantPage(tenants=rows, total=len(names), next_after=next_after)


async def matching_tenants(
    session: ExplorerSession, collection: str, selector: TenantSelector
) -> TenantMatch:
    """The tenants ``selector`` names, with their status (one request, however many tenants)."""
    await session.require_multi_tenant(collection)
    return match_tenants(selector, await tenant_statuses(session, collection))


#: The tenant names Weaviate accepts.
TENANT_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}")


def _clean(names: Iterable[str]) -> list[str]:
    cleaned = list(dict.fromkeys(n.strip() for n in names if n.strip()))
    if not cleaned:
        raise ExplorerError("Tenant name needed", "name at least one tenant")
    return cleaned


def _check_new_names(names: Sequence[str]) -> None:
    invalid = [n for n in names if not TENANT_NAME.fullmatch(n)]
    if invalid:
        raise ExplorerError(
            "Invalid tenant name",
            f"{', '.join(repr(n) for n in invalid)}: a tenant name is 1 to 64 letters, digits, "
            "'-' or '_'; nothing was created",
        )


def _missing(statuses: dict[str, str], names: Sequence[str], collection: str) -> None:
    missing = [n for n in names if n not in statuses]
    if missing:
        raise ExplorerError(
            "Unknown tenant",
            f"{collection} has no tenant {', '.join(missing)}; nothing was changed",
        )


async def create_tenants(
    session: ExplorerSession, collection: str, names: Iterable[str]
) -> tuple[TenantInfo, ...]:
    """Create tenants (ACTIVE) in one request; none is created if any name exists already."""
    wanted = _clean(names)
    _check_new_names(wanted)
    await session.approve(f"create tenant {', '.join(wanted)} in {collection}")
    await session.require_multi_tenant(collection)
    statuses = await tenant_statuses(session, collection)
    existing = [n for n in wanted if n in statuses]
    if existing:
        raise ExplorerError(
            "Tenant exists",
            f"{collection} already has {', '.join(existing)}; nothing was created",
        )
    from weaviate.classes.tenants import Tenant

    async with session.call():
        await session.client.collections.use(collection).tenants.create(
            [Tenant(name=n) for n in wanted]
        )
    return tuple(TenantInfo(name=n, activity_status="ACTIVE") for n in wanted)


async def set_tenant_status(
    session: ExplorerSession, collection: str, names: Iterable[str], status: TenantStatus
) -> tuple[TenantInfo, ...]:
    """Activate, deactivate or offload tenants, all in one request."""
    wanted = _clean(names)
    verb = _VERB[status]
    await session.approve(f"{verb} tenant {', '.join(wanted)} in {collection}")
    await session.require_multi_tenant(collection)
    _missing(await tenant_statuses(session, collection), wanted, collection)
    await send_tenant_status(session, collection, wanted, status)
    return tuple(TenantInfo(name=n, activity_status=_SERVER_STATUS[status]) for n in wanted)


async def send_tenant_status(
    session: ExplorerSession, collection: str, names: Sequence[str], status: TenantStatus
) -> None:
    """The request alone (the caller approved it and checked the names)."""
    tenants = session.client.collections.use(collection).tenants
    try:
        async with session.call():
            match status:
                case "active":
                    await tenants.activate(list(names))
                case "inactive":
                    await tenants.deactivate(list(names))
                case "offloaded":
                    await tenants.offload(list(names))
    except ExplorerError as exc:
        if status == "offloaded" and "offload" in exc.message.lower():
            raise ExplorerError(
                "Offload unavailable",
                "offload needs the offload-s3 module on the server, and this server does "
                "not have it; nothing was changed (the server said: "
                f"{_offload_reason(exc.message)})",
            ) from exc
        raise


def _offload_reason(message: str) -> str:
    marker = "can't offload"
    index = message.find(marker)
    if index < 0:
        return message[:200]
    return message[index:].split('"')[0].split("'}")[0]


async def delete_tenants(
    session: ExplorerSession, collection: str, names: Iterable[str]
) -> tuple[str, ...]:
    """Delete tenants and their objects (the caller has asked the user to confirm)."""
    wanted = _clean(names)
    await session.approve(f"delete tenant {', '.join(wanted)} from {collection}")
    await session.require_multi_tenant(collection)
    _missing(await tenant_statuses(session, collection), wanted, collection)
    async with session.call():
        await session.client.collections.use(collection).tenants.remove(wanted)
    if session.current_collection == collection and session.current_tenant in wanted:
        session.current_tenant = None
    return tuple(wanted)
