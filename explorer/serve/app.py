"""The FastAPI app: one ``ExplorerSession`` opened in the lifespan, shared by every request.

Every handler is ``async def`` and awaits the session, as in the async-client seed: the one
client lives on the server's loop and serves all requests concurrently. The TUI gives the client
a thread of its own so that parsing never holds a frame; here each call's hand-over to that
thread and back cost more than parsing a page, so the client parses on this loop, as in the
async-client docs (about 0.04 ms an object: a 10,000-object answer holds the other requests for
about 0.4 s). Turning a large answer into JSON runs in a thread.
"""

from __future__ import annotations

import asyncio
import hmac
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from explorer.core.base.errors import (
    AuthenticationFailed,
    ConnectionFailed,
    ExplorerError,
    PermissionDenied,
    ReadOnlyRefused,
)
from explorer.core.client.session import ExplorerSession
from explorer.core.query.requests import AggregateRequest, GenerateSpec, RerankSpec, SearchRequest
from explorer.core.query.result_data import aggregate_data, dumps, search_result_data
from explorer.core.query.summary import summarize_request
from explorer.core.query.vector_dimensions import check_query_vector
from explorer.core.store.saved_queries import SavedQueries, UnknownSavedQuery, check_name
from explorer.core.where.parser import parse_where
from explorer.local.startup import LaunchPlan, OpenedSession, open_session
from explorer.serve.models import (
    CollectionRow,
    ErrorResponse,
    Health,
    SavedOverrides,
    SavedRow,
    SearchBody,
)

#: Answers with more objects than this are turned into JSON in a thread, off the loop.
INLINE_DUMPS_OBJECTS = 100
#: Seconds a client should wait before trying again after a 503 (the health poll's pace).
RETRY_AFTER_SECONDS = 2
_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorResponse, "description": "A bearer token is required"},
    403: {"model": ErrorResponse, "description": "Refused: read-only or no permission"},
    422: {"model": ErrorResponse, "description": "Bad input; the message says what to fix"},
    503: {"model": ErrorResponse, "description": "Weaviate cannot be reached; retry later"},
}


@dataclass(frozen=True)
class ServeSettings:
    plan: LaunchPlan
    #: The bearer token every request must carry; None serves without one (loopback only).
    token: str | None = None
    saved: SavedQueries | None = None


_BEARER = HTTPBearer(auto_error=False)


def create_app(settings: ServeSettings) -> FastAPI:
    """The API over one session; ``settings.plan`` is read-only unless writes were allowed."""
    state: dict[str, OpenedSession] = {}
    saved = settings.saved or SavedQueries()

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        connecting: asyncio.Task[None] | None = None
        try:
            opened = await open_session(settings.plan, lambda _line: None, client_thread=False)
            opened.watch_health()
        except ConnectionFailed as exc:
            if settings.plan.embedded:
                raise
            # Serve anyway: 503 until Weaviate answers, as after a loss.
            opened = OpenedSession(ExplorerSession(settings.plan.connection, client_thread=False))
            opened.session.mark_unreachable(exc.message)
            connecting = asyncio.create_task(_connect_with_backoff(opened))
        state["opened"] = opened
        try:
            yield
        finally:
            if connecting is not None:
                connecting.cancel()
            await opened.close()

    app = FastAPI(
        title="weaviate-explorer",
        summary="Saved queries and searches of weaviate-explorer, over one Weaviate connection",
        lifespan=lifespan,
        # Without a token (loopback only) no request pays for resolving a check.
        dependencies=[] if settings.token is None else [Depends(_token_check(settings.token))],
        responses=_ERRORS,
    )

    @app.exception_handler(_Refused)
    async def refused(_request: Request, exc: _Refused) -> JSONResponse:
        return exc.response()

    @app.exception_handler(ExplorerError)
    async def explorer_error(_request: Request, exc: ExplorerError) -> JSONResponse:
        return _error_response(exc)

    def session_of() -> OpenedSession:
        return state["opened"]

    @app.get("/health", response_model=Health)
    async def health() -> Health:
        """The connection as the status bar shows it: local checks, no request is sent."""
        session = session_of().session
        info = session.server_info
        return Health(
            connected=session.is_connected() and session.reachable,
            reason=None if session.reachable else session.unreachable_reason,
            url=session.options.url,
            version=info.version if info is not None else None,
            read_only=session.options.read_only,
        )

    @app.get("/collections", response_model=list[CollectionRow])
    async def collections() -> list[CollectionRow]:
        """Every collection with its object count."""
        summaries = await session_of().session.list_collections()
        return [
            CollectionRow(name=c.name, count=c.count, multi_tenant=c.multi_tenant)
            for c in summaries
        ]

    @app.post("/search", response_model=None)
    async def search(body: SearchBody) -> Response:
        """Run a search; the answer is the REPL's ``--format json`` for the same query."""
        request = await _search_request(session_of(), body)
        return await _run(session_of(), request)

    @app.get("/saved", response_model=list[SavedRow])
    async def saved_list() -> list[SavedRow]:
        """The saved queries (shared with the TUI and the REPL)."""
        queries = await saved.aall()
        return [
            SavedRow(name=name, summary=summarize_request(r)) for name, r in sorted(queries.items())
        ]

    @app.post("/saved/{name}", response_model=None)
    async def saved_run(name: str, overrides: SavedOverrides | None = None) -> Response:
        """Run a saved query, as ``repl -c 'run NAME' --format json`` does."""
        request = await saved.aget(name)
        if overrides is not None:
            request = _overridden(request, overrides)
        return await _run(session_of(), request)

    @app.put("/saved/{name}", response_model=SavedRow)
    async def saved_put(name: str, body: SearchBody) -> SavedRow:
        """Save a search under a name (needs ``--allow-writes``): the TUI and REPL see it too."""
        session_of().session.require_writable(f"save the query {name!r}")
        request = await _search_request(session_of(), body)
        await saved.asave(check_name(name), request)
        return SavedRow(name=name, summary=summarize_request(request))

    @app.delete("/saved/{name}", status_code=204)
    async def saved_delete(name: str) -> Response:
        """Delete a saved query (needs ``--allow-writes``)."""
        session_of().session.require_writable(f"delete the saved query {name!r}")
        await asyncio.to_thread(saved.delete, name)
        return Response(status_code=204)

    return app


def _token_check(token: str) -> Callable[..., Awaitable[None]]:
    """The dependency that refuses a request without ``Authorization: Bearer <token>``."""
    expected = token.encode()

    async def check_token(
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_BEARER)],
    ) -> None:
        given = credentials.credentials if credentials is not None else ""
        if not hmac.compare_digest(given.encode(), expected):
            raise _Refused(401, "Token required", "send Authorization: Bearer <the token>")

    return check_token


class _Refused(Exception):
    def __init__(self, status: int, title: str, message: str) -> None:
        super().__init__(message)
        self.status, self.title, self.message = status, title, message

    def response(self) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if self.status == 401 else None
        return JSONResponse(
            {"detail": {"title": self.title, "message": self.message}},
            status_code=self.status,
            headers=headers,
        )


async def _connect_with_backoff(opened: OpenedSession) -> None:
    """Connect once the server answers (0.5 s doubling to 8 s), then watch its health."""
    delay = 0.5
    while True:
        await asyncio.sleep(delay)
        session = opened.session
        if not await session.server_ready(timeout=2.0):
            delay = min(delay * 2, 8.0)
            continue
        session.mark_reachable()  # connect() reads the server's version through call()
        try:
            await session.connect()
        except ConnectionFailed as exc:
            session.mark_unreachable(exc.message)
            delay = min(delay * 2, 8.0)
            continue
        opened.watch_health()
        return


def _error_response(exc: ExplorerError) -> JSONResponse:
    status = 422
    headers: dict[str, str] = {}
    if isinstance(exc, UnknownSavedQuery):
        status = 404
    elif isinstance(exc, ConnectionFailed):
        status = 503
        headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    elif isinstance(exc, ReadOnlyRefused | PermissionDenied):
        status = 403
    elif isinstance(exc, AuthenticationFailed):
        status = 502
    return JSONResponse(
        {"detail": {"title": exc.title, "message": exc.message}},
        status_code=status,
        headers=headers,
    )


async def _search_request(opened: OpenedSession, body: SearchBody) -> SearchRequest:
    session = opened.session
    config = await session.collection_config(body.collection)
    filters = parse_where(body.where, config) if body.where and body.where.strip() else None
    vector = tuple(body.vector) if body.vector is not None else None
    if vector is not None:
        await check_query_vector(session, config.name, vector, body.target, body.tenant)
    generate = None
    if body.prompt or body.task:
        generate = GenerateSpec(single_prompt=body.prompt, grouped_task=body.task)
    rerank = RerankSpec(body.rerank.property, body.rerank.query) if body.rerank else None
    return SearchRequest(
        config.name,
        body.kind,
        text=body.text,
        vector=vector,
        object_id=body.object_id,
        target_vector=body.target,
        alpha=body.alpha,
        filters=filters,
        limit=body.limit,
        tenant=body.tenant,
        rerank=rerank,
        generate=generate,
        include_vector=body.include_vector,
    )


def _overridden(
    request: SearchRequest | AggregateRequest, overrides: SavedOverrides
) -> SearchRequest | AggregateRequest:
    if isinstance(request, AggregateRequest):
        if overrides.text is not None or overrides.limit is not None:
            raise ExplorerError(
                "Nothing to override", "a saved aggregate takes no text or limit: send no body"
            )
        return request
    changes: dict[str, Any] = {}
    if overrides.text is not None:
        if request.kind not in {"bm25", "hybrid", "near_text"}:
            raise ExplorerError(
                "No text to override", f"this saved {request.kind} query has no query text"
            )
        changes["text"] = overrides.text
    if overrides.limit is not None:
        changes["limit"] = overrides.limit
    return replace(request, **changes)


async def _run(opened: OpenedSession, request: SearchRequest | AggregateRequest) -> Response:
    session = opened.session
    if isinstance(request, AggregateRequest):
        aggregated = await session.aggregate(request)
        data: Any = aggregate_data(aggregated)
    else:
        result = await session.search(request)
        data = search_result_data(result, request.include_vector)
    objects = len(data) if isinstance(data, list) else len(data.get("objects", ()))
    # Compact, so the json module's C encoder does it (indenting takes its pure-Python one, at
    # twice the time). A big answer is encoded in a thread; a page of a few objects costs less
    # than the hand-over.
    if objects > INLINE_DUMPS_OBJECTS:
        text = await asyncio.to_thread(dumps, data)
    else:
        text = dumps(data)
    return Response(text, media_type="application/json")
