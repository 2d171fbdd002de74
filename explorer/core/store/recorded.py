"""Run a search or an aggregate and put it in the shared query history.

Both front ends run their queries through :func:`run_recorded`, so the history sees every one.
A history that cannot be written never fails the query: it is logged and the result returned.
"""

from __future__ import annotations

import logging
from typing import overload
from urllib.parse import urlsplit, urlunsplit

from filelock import Timeout as LockTimeout

from explorer.core.base.models import AggregateResult, QueryResult
from explorer.core.client.session import ExplorerSession
from explorer.core.query.codec import Request
from explorer.core.query.requests import AggregateRequest, SearchRequest
from explorer.core.store.history import QueryHistory

log = logging.getLogger(__name__)


def public_url(url: str) -> str:
    """The URL without any ``user:password@`` part, for the history."""
    parts = urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"[{host}]" if ":" in host else host
    if parts.port is not None:
        netloc += f":{parts.port}"
    return urlunsplit(parts._replace(netloc=netloc))


async def run_request(session: ExplorerSession, request: Request) -> QueryResult | AggregateResult:
    if isinstance(request, AggregateRequest):
        return await session.aggregate(request)
    return await session.search(request)


@overload
async def run_recorded(
    session: ExplorerSession,
    request: SearchRequest,
    *,
    front_end: str,
    history: QueryHistory | None = None,
) -> QueryResult: ...
@overload
async def run_recorded(
    session: ExplorerSession,
    request: AggregateRequest,
    *,
    front_end: str,
    history: QueryHistory | None = None,
) -> AggregateResult: ...
async def run_recorded(
    session: ExplorerSession,
    request: Request,
    *,
    front_end: str,
    history: QueryHistory | None = None,
) -> QueryResult | AggregateResult:
    """Run ``request``, then append it (with its count and latency) to the history."""
    result = await run_request(session, request)
    latency = result.elapsed_ms if isinstance(result, QueryResult) else session.last_latency_ms
    try:
        await (history or QueryHistory()).record(
            request,
            result,
            front_end=front_end,
            server_url=public_url(session.options.display_url),
            latency_ms=latency,
        )
    except (OSError, LockTimeout) as exc:
        log.warning("could not write the query history: %s", exc)
    return result
