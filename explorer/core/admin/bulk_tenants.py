"""Change many tenants at once, by pattern: activate, deactivate, offload or delete, in batches.

The front end first shows :func:`plan_bulk_change` (the matching tenants and their count) and
asks for the count to be typed; :func:`apply_bulk_change` then sends one request per batch and
reports progress after each. A batch the server refuses stops the run: the error says how many
tenants were changed before it, so nothing is left unaccounted for.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from explorer.core.admin.tenant_patterns import TenantMatch, TenantSelector, batches
from explorer.core.admin.tenants import (
    TenantStatus,
    matching_tenants,
    send_tenant_status,
    tenant_statuses,
)
from explorer.core.base.errors import ExplorerError
from explorer.core.client.session import ExplorerSession

BulkAction = Literal["activate", "deactivate", "offload", "delete"]
BULK_ACTIONS: tuple[BulkAction, ...] = ("activate", "deactivate", "offload", "delete")
#: Tenants per request (the client also sends status changes 100 at a time).
BULK_BATCH_SIZE = 100
_TARGET: dict[BulkAction, TenantStatus] = {
    "activate": "active",
    "deactivate": "inactive",
    "offload": "offloaded",
}
_SERVER_STATUS = {"active": "ACTIVE", "inactive": "INACTIVE", "offloaded": "OFFLOADED"}
_PAST = {
    "activate": "activated",
    "deactivate": "deactivated",
    "offload": "offloaded",
    "delete": "deleted",
}


class BulkChangeStopped(ExplorerError):
    """A batch failed: the tenants before it were changed, the rest were not."""


@dataclass(frozen=True)
class BulkPlan:
    collection: str
    action: BulkAction
    match: TenantMatch
    #: The matching tenants the action changes (those already in its status are left alone).
    to_change: tuple[str, ...]
    #: Matching tenants already in the wanted status.
    unchanged: tuple[str, ...]

    @property
    def count(self) -> int:
        """What the user types to confirm: how many tenants match."""
        return len(self.match.tenants)

    def summary(self) -> str:
        what = f"{self.action} {self.count:,} tenants of {self.collection} "
        what += f"({self.match.selector.describe()}, of {self.match.total:,})"
        if self.unchanged:
            what += f"; {len(self.unchanged):,} already are {_PAST[self.action]}"
        return what


@dataclass(frozen=True)
class BulkProgress:
    done: int
    total: int


@dataclass(frozen=True)
class BulkResult:
    collection: str
    action: BulkAction
    changed: tuple[str, ...]
    unchanged: tuple[str, ...]
    batches: int

    @property
    def past_tense(self) -> str:
        return _PAST[self.action]


def check_bulk_action(action: str) -> BulkAction:
    for known in BULK_ACTIONS:
        if known == action:
            return known
    raise ExplorerError(
        "Unknown tenant action", f"{action!r}: use one of {', '.join(BULK_ACTIONS)}"
    )


async def plan_bulk_change(
    session: ExplorerSession, collection: str, action: BulkAction, selector: TenantSelector
) -> BulkPlan:
    """What ``action`` would change: read-only, and refused first on a read-only connection."""
    session.require_writable(f"{action} tenants of {collection}")
    match = await matching_tenants(session, collection, selector)
    if not match.tenants:
        raise ExplorerError(
            "No tenant matches",
            f"{collection} has {match.total:,} tenants and none matches "
            f"{match.selector.text!r}; nothing was changed",
        )
    target = _TARGET.get(action)
    wanted = _SERVER_STATUS[target] if target is not None else None
    unchanged = tuple(n for n, status in match.tenants if status == wanted)
    to_change = tuple(n for n, status in match.tenants if status != wanted)
    return BulkPlan(collection, action, match, to_change, unchanged)


async def apply_bulk_change(
    session: ExplorerSession,
    plan: BulkPlan,
    *,
    batch_size: int = BULK_BATCH_SIZE,
    progress: Callable[[BulkProgress], None] | None = None,
) -> BulkResult:
    """Send the plan's change in batches; the caller had the count typed (or ``--yes``)."""
    collection, action = plan.collection, plan.action
    await session.approve(f"{action} {plan.count:,} tenants of {collection}")
    present = await tenant_statuses(session, collection)
    names = [n for n in plan.to_change if n in present]  # gone since the plan: nothing to do
    done: list[str] = []
    parts = batches(names, batch_size)
    for batch in parts:
        try:
            if action == "delete":
                async with session.call():
                    await session.client.collections.use(collection).tenants.remove(batch)
            else:
                await send_tenant_status(session, collection, batch, _TARGET[action])
        except ExplorerError as exc:
            raise BulkChangeStopped(
                exc.title,
                f"{exc.message}. {len(done):,} of {len(names):,} tenants were {_PAST[action]} "
                f"before this batch; the other {len(names) - len(done):,} were not",
            ) from exc
        done.extend(batch)
        if progress is not None:
            progress(BulkProgress(len(done), len(names)))
    current = session.current_collection == collection and session.current_tenant in done
    if action == "delete" and current:
        session.current_tenant = None
    return BulkResult(collection, action, tuple(done), plan.unchanged, len(parts))
