"""ExplorerSession: owns the one ``WeaviateAsyncClient`` of a TUI or REPL session.

The client is created, connected and used on an event loop of its own, in a thread the session
starts on connect and stops on close (:mod:`explorer.core.client.client_loop`), so the client's
response parsing never holds the front end's loop. Callers still ``await`` client calls on their
own loop. A front end whose loop does nothing else (the HTTP API) keeps the client on its own
loop instead (``client_thread=False``), as the async-client docs do: the hand-over to a second
thread and back costs more than a small answer's parsing. Connecting is guarded by a lock, and
every network call goes through
:meth:`ExplorerSession.call`, which counts calls in flight, records their latency and turns
client errors into :class:`ExplorerError`.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Mapping
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any, TypeVar, cast

from explorer.core.base.asyncio_http import import_httpcore_without_trio
from explorer.core.base.errors import (
    AuthenticationFailed,
    ConnectionFailed,
    ExplorerError,
    NotMultiTenant,
    ReadOnlyRefused,
    translate_error,
)
from explorer.core.base.models import (
    AggregateResult,
    CollectionConfig,
    CollectionSummary,
    ObjectPage,
    ObjectRecord,
    QueryResult,
    ServerInfo,
    TenantInfo,
)
from explorer.core.base.typed_confirmation import is_confirmed_by_typing
from explorer.core.client import convert
from explorer.core.client.client_loop import ClientLoop, OnClientLoop
from explorer.core.client.connection import ConnectionOptions
from explorer.core.client.consistency import check_consistency_level
from explorer.core.client.probes import grpc_failure
from explorer.core.client.stored_references import stored_references, with_stored_references
from explorer.core.query.requests import AggregateRequest, SearchRequest
from explorer.core.query.returns import (
    reference_rounds,
    resolved_references,
    returned_properties,
)
from explorer.core.query.targets import check_multi_target, check_target_vector, weaviate_targets
from explorer.core.where.filters import to_weaviate

if TYPE_CHECKING:
    from weaviate import WeaviateAsyncClient
    from weaviate.collections.collection.async_ import CollectionAsync

T = TypeVar("T")

#: How many collection counts are fetched at once.
_COUNT_CONCURRENCY = 8


class ExplorerSession:
    """One connection to one Weaviate server, shared by every pane of a front end."""

    def __init__(self, options: ConnectionOptions, *, client_thread: bool = True) -> None:
        self.options = options
        self._client: WeaviateAsyncClient | None = None
        #: Whether the client gets a loop and thread of its own (else it lives on the caller's).
        self.client_thread = client_thread
        #: The loop the client lives on, in its own thread (None while disconnected, or always
        #: without ``client_thread``).
        self.client_loop: ClientLoop | None = None
        self._connect_lock = asyncio.Lock()
        self.server_info: ServerInfo | None = None
        self.current_collection: str | None = None
        self.current_tenant: str | None = None
        #: Asks the user to confirm a change on a protected connection (set by the front end).
        self.confirm_mutation: Callable[[str], Awaitable[bool]] | None = None
        #: ONE, QUORUM or ALL for every read and write; None leaves the server's default.
        self.consistency_level: str | None = None
        self.calls_in_flight = 0
        #: ``time.monotonic()`` when a call last ended with the server's answer.
        self.last_answer_at = float("-inf")
        self.last_latency_ms: float | None = None
        self._configs: dict[str, CollectionConfig] = {}
        #: Collection handles by (name, tenant, consistency level), for the client ``_handles_of``.
        self._handles: dict[tuple[str, str | None, str | None], CollectionAsync] = {}
        self._handles_of: WeaviateAsyncClient | None = None
        #: False while the health poll finds the server gone (see explorer.core.client.health).
        self.reachable = True
        self.unreachable_reason = ""
        self._calls: set[asyncio.Task[Any]] = set()
        self._aborted: set[asyncio.Task[Any]] = set()

    # -- lifecycle -------------------------------------------------------------------------

    async def connect(self) -> ServerInfo:
        """Connect once; concurrent callers wait for the same connection."""
        async with self._connect_lock:
            if self._client is not None and self._client.is_connected() and self.server_info:
                return self.server_info
            server = self.options.display_url
            new_loop = self.client_thread and (
                self.client_loop is None or not self.client_loop.running
            )
            if new_loop:
                self.client_loop = ClientLoop()
            try:
                client = await self.on_client_loop(self._new_client())
            except ValueError as exc:  # pydantic validation of the connection parameters
                if new_loop:
                    self._stop_client_loop()
                raise ExplorerError("Invalid connection settings", _first_error_line(exc)) from exc
            try:
                await client.connect()
            except BaseException as exc:
                await client.close()
                if new_loop:
                    self._stop_client_loop()
                raise self._without_credentials(translate_error(exc, server=server)) from exc
            failure = await self.on_client_loop(
                grpc_failure(
                    self.options.resolved_grpc_host,
                    self.options.grpc_port,
                    secure=self.options.resolved_grpc_secure,
                    timeout=self.options.timeouts.init,
                )
            )
            if failure is not None:
                await client.close()
                if new_loop:
                    self._stop_client_loop()
                raise ConnectionFailed(
                    "gRPC unreachable",
                    f"{server} answers over HTTP, but {failure}. "
                    "Check the gRPC host and port (--grpc-port) and that the port is open.",
                )
            self._client = client
            try:
                self.server_info = await self._read_server_info()
            except ExplorerError:
                await self.close()
                raise
            return self.server_info

    async def _new_client(self) -> WeaviateAsyncClient:
        """A client made where it lives: on the client loop, seen from the caller's through
        :class:`OnClientLoop`; or, without one, on the caller's loop as it is."""
        if self.client_loop is None:
            return self._make_client()
        return cast("WeaviateAsyncClient", OnClientLoop(self._make_client(), self.client_loop))

    def _without_credentials(self, error: ExplorerError) -> ExplorerError:
        """A refusal when no credentials were given says so, not "rejected the credentials"."""
        if not isinstance(error, AuthenticationFailed) or self.options.api_key or self.options.oidc:
            return error
        return AuthenticationFailed(
            "Credentials needed",
            f"{self.options.display_url} needs credentials, and no API key was given: pass "
            "--api-key (or set WEAVIATE_API_KEY), or use a profile that has one",
        )

    def _make_client(self) -> WeaviateAsyncClient:
        import_httpcore_without_trio()
        import weaviate
        from weaviate.classes.init import AdditionalConfig, Timeout

        from explorer.core.base.quiet import quiet_client_warnings
        from explorer.core.client.auth import auth_credentials

        quiet_client_warnings()  # again: importing weaviate resets the warning filters

        options = self.options
        timeouts = options.timeouts
        return weaviate.use_async_with_custom(
            http_host=options.http_host,
            http_port=options.http_port,
            http_secure=options.http_secure,
            grpc_host=options.resolved_grpc_host,
            grpc_port=options.grpc_port,
            grpc_secure=options.resolved_grpc_secure,
            headers=dict(options.headers) or None,
            additional_config=AdditionalConfig(
                timeout=Timeout(init=timeouts.init, query=timeouts.query, insert=timeouts.insert)
            ),
            auth_credentials=auth_credentials(options),
            # Our own gRPC probe replaces the init checks, which also call the package index.
            skip_init_checks=True,
        )

    async def close(self) -> None:
        client, self._client = self._client, None
        try:
            if client is not None:
                await client.close()
        finally:
            self._stop_client_loop()

    async def on_client_loop(self, coroutine: Coroutine[Any, Any, T]) -> T:
        """Run ``coroutine`` where the client lives, or here when there is no client loop.

        gRPC's asyncio poller wakes every loop that uses gRPC: keeping the session's own gRPC
        probes on the client's loop leaves the front end's loop out of it.
        """
        client_loop = self.client_loop
        if client_loop is not None and client_loop.running:
            return await client_loop.run(coroutine)
        return await coroutine

    def _stop_client_loop(self) -> None:
        """End the client's loop and join its thread (what still runs there is cancelled)."""
        client_loop, self.client_loop = self.client_loop, None
        if client_loop is not None:
            client_loop.stop()

    async def reconnect(self) -> ServerInfo:
        """Close the client and connect a new one on the same client loop (after a restart)."""
        async with self._connect_lock:
            client, self._client = self._client, None
            self.server_info = None
            if client is not None:
                with contextlib.suppress(Exception):
                    await client.close()
        self._configs.clear()
        self.mark_reachable()
        return await self.connect()

    async def __aenter__(self) -> ExplorerSession:
        await self.connect()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    # -- local, synchronous ----------------------------------------------------------------

    def is_connected(self) -> bool:
        """Local check, no request: safe to call from a timer on the UI thread."""
        return self._client is not None and self._client.is_connected()

    @property
    def client(self) -> WeaviateAsyncClient:
        if self._client is None:
            raise ConnectionFailed("Not connected", f"not connected to {self.options.display_url}")
        return self._client

    def use(self, collection: str, tenant: str | None = None) -> CollectionAsync:
        """Make ``collection`` current (local only: ``collections.use`` sends no request)."""
        handle = self.collection(collection, tenant)
        self.current_collection = collection
        self.current_tenant = tenant
        return handle

    def collection(self, name: str, tenant: str | None = None) -> CollectionAsync:
        """The client's handle on ``name`` (local: no request), made once per client, tenant and
        consistency level: making one builds all its namespaces, which showed in profiles of the
        UI loop under load."""
        client = self.client
        if self._handles_of is not client:
            self._handles, self._handles_of = {}, client
        key = (name, tenant, self.consistency_level)
        handle = self._handles.get(key)
        if handle is None:
            handle = client.collections.use(name)
            if self.consistency_level:
                from weaviate.classes.config import ConsistencyLevel

                handle = handle.with_consistency_level(ConsistencyLevel[self.consistency_level])
            handle = self._handles[key] = handle.with_tenant(tenant) if tenant else handle
        return handle

    def set_consistency_level(self, level: str | None) -> None:
        """Local only: the level the next calls use (checked; None for the default)."""
        self.consistency_level = check_consistency_level(level)

    def require_writable(self, action: str) -> None:
        """Refuse ``action`` (e.g. "delete 3 objects") up front on a read-only connection."""
        require_writable(self.options, action)

    async def approve(self, action: str) -> None:
        """Refuse ``action`` on a read-only connection; on a protected one, ask first.

        Every mutation in the core awaits this before sending anything. A protected connection
        asks through :attr:`confirm_mutation`, which the front end sets (a modal in the app, a
        question at the REPL's prompt); with nobody to ask, the change is refused. A change the
        user already confirmed by typing its name is not asked again
        (:mod:`explorer.core.base.typed_confirmation`).
        """
        self.require_writable(action)
        if not self.options.protected:
            return
        if is_confirmed_by_typing(self):  # the user typed the name: that was the question
            return
        if self.confirm_mutation is None:
            raise ExplorerError(
                "Protected connection",
                f"refused to {action}: this connection is protected, so every change is "
                "confirmed at a prompt; run it in the app or at the interactive REPL",
            )
        if not await self.confirm_mutation(action):
            raise ExplorerError("Not confirmed", f"nothing was changed: did not {action}")

    def forget_config(self, name: str | None = None) -> None:
        """Drop cached collection configs (all of them without a name) after a schema change."""
        if name is None:
            self._configs.clear()
        else:
            self._configs.pop(name, None)

    # -- reachability (set by the health poll) ---------------------------------------------

    def mark_unreachable(self, reason: str) -> None:
        """The server is gone: end the calls in flight now, with a clear error."""
        self.reachable = False
        self.unreachable_reason = reason
        for task in list(self._calls):
            if not task.done():
                self._aborted.add(task)
                task.cancel()

    def mark_reachable(self) -> None:
        self.reachable = True
        self.unreachable_reason = ""

    def _lost(self) -> ConnectionFailed:
        reason = self.unreachable_reason or f"{self.options.display_url} does not answer"
        return ConnectionFailed(
            "Connection lost",
            f"{reason}. Reconnecting in the background; try again once it is back.",
        )

    # -- the one place network calls pass through ------------------------------------------

    @asynccontextmanager
    async def call(self) -> AsyncIterator[None]:
        """Wrap every request: counts it in flight, times it and translates its errors.

        While the server is unreachable calls fail at once; when it goes away during a call,
        the call ends with :class:`ConnectionFailed` instead of waiting out client retries.
        """
        if not self.reachable:
            raise self._lost()
        task = asyncio.current_task()
        if task is not None:
            self._calls.add(task)
        self.calls_in_flight += 1
        started = time.perf_counter()
        try:
            yield
            self.last_answer_at = time.monotonic()
        except ExplorerError:
            raise
        except asyncio.CancelledError:
            if task is not None and task in self._aborted:
                self._aborted.discard(task)
                task.uncancel()
                raise self._lost() from None
            raise
        except Exception as exc:
            if not self.reachable:
                raise self._lost() from exc
            raise translate_error(exc, server=self.options.display_url) from exc
        finally:
            if task is not None:
                self._calls.discard(task)
                self._aborted.discard(task)
            self.calls_in_flight -= 1
            self.last_latency_ms = (time.perf_counter() - started) * 1000

    # -- server ----------------------------------------------------------------------------

    async def server_ready(self, timeout: float | None = None) -> bool:
        """A quiet readiness check (the client's ``is_ready()`` prints to stdout)."""
        from explorer.core.client.probes import http_ready

        return await http_ready(
            self.options.display_url,
            timeout=self.options.timeouts.init if timeout is None else timeout,
            headers=self.ready_headers(),
        )

    def ready_headers(self) -> dict[str, str] | None:
        """The headers of a readiness probe: the API key's bearer token, if any."""
        if not self.options.api_key:
            return None
        return {"Authorization": f"Bearer {self.options.api_key}"}

    async def _read_server_info(self) -> ServerInfo:
        async with self.call():
            meta = await self.client.get_meta()
        return ServerInfo(
            url=self.options.display_url,
            version=str(meta.get("version", "")),
            modules=tuple(sorted((meta.get("modules") or {}).keys())),
            hostname=str(meta.get("hostname", "")),
        )

    async def refresh_server_info(self) -> ServerInfo:
        self.server_info = await self._read_server_info()
        return self.server_info

    # -- collections -----------------------------------------------------------------------

    async def list_collections(self) -> tuple[CollectionSummary, ...]:
        """Every collection with its object count (None for multi-tenant ones)."""
        configs = await self.list_collection_configs()
        limit = asyncio.Semaphore(_COUNT_CONCURRENCY)

        async def summary(config: CollectionConfig) -> CollectionSummary:
            count = None
            if not config.multi_tenant:
                async with limit:
                    count = await self.count(config.name)
            return CollectionSummary.of(config, count)

        return tuple(await asyncio.gather(*(summary(config) for config in configs)))

    async def collection_config(self, name: str, *, refresh: bool = False) -> CollectionConfig:
        if not refresh and name in self._configs:
            return self._configs[name]
        config = await self._read_config(name)
        known = {**self._configs, name: config}
        for target in sorted(_reference_targets(config) - set(known)):
            try:
                known[target] = await self._read_config(target)
            except ExplorerError:
                continue  # a target that is gone: a filter through it says so
        config = _with_reference_schemas(config, known)
        self._configs[name] = config
        return config

    async def _read_config(self, name: str) -> CollectionConfig:
        async with self.call():
            raw = await self.client.collections.use(name).config.get()
        return convert.collection_config(raw)

    async def count(
        self, collection: str, *, tenant: str | None = None, filters: Any = None
    ) -> int:
        async with self.call():
            result = await self.collection(collection, tenant).aggregate.over_all(
                total_count=True, filters=to_weaviate(filters) if filters else None
            )
        return int(result.total_count or 0)

    # -- objects ---------------------------------------------------------------------------

    async def fetch_page(
        self,
        collection: str,
        *,
        limit: int = 50,
        after: str | None = None,
        tenant: str | None = None,
        include_vector: bool = False,
        references: tuple[str, ...] = (),
    ) -> ObjectPage:
        """One page by cursor: pass the returned ``next_after`` to go on past 10,000 objects.

        ``references`` resolves reference columns, as in :class:`SearchRequest`."""
        from weaviate.classes.query import MetadataQuery

        config = await self.collection_config(collection)
        order = config.properties
        handle = self.collection(collection, tenant)

        async def fetch_and_convert() -> tuple[ObjectRecord, ...]:
            result = await handle.query.fetch_objects(
                limit=limit,
                after=after,
                include_vector=include_vector,
                return_properties=returned_properties(config),
                return_metadata=MetadataQuery(creation_time=True, last_update_time=True),
                return_references=resolved_references(references) if references else None,
            )
            return tuple(convert.object_record(o, collection, order) for o in result.objects)

        async with self.call():
            # The request and the records, on the client's loop in one hand-over.
            objects = await self.on_client_loop(fetch_and_convert())
        next_after = objects[-1].uuid if len(objects) == limit and objects else None
        return ObjectPage(objects=objects, next_after=next_after)

    async def get_object(
        self,
        collection: str,
        uuid: str,
        *,
        tenant: str | None = None,
        include_vector: bool = True,
    ) -> ObjectRecord | None:
        config = await self.collection_config(collection)
        rounds = reference_rounds(config)
        handle = self.collection(collection, tenant)
        async with self.call():
            result = await handle.query.fetch_object_by_id(
                uuid,
                include_vector=include_vector,
                return_properties=returned_properties(config),
                return_references=rounds[0] if rounds else None,
            )
            # A multi-target reference comes back one target collection per query.
            more = [
                await handle.query.fetch_object_by_id(
                    uuid, return_properties=[], return_references=references
                )
                for references in (rounds[1:] if result is not None else [])
            ]
        if result is None:
            return None
        record = convert.object_record(result, collection, config.properties)
        for found in more:
            if found is not None:
                record = convert.with_more_references(record, found)
        if config.references:  # gRPC leaves dangling references out; REST has them all
            stored = await stored_references(self, config, uuid, tenant)
            if stored is not None:
                record = with_stored_references(record, stored)
        return record

    # -- queries ---------------------------------------------------------------------------

    async def search(self, request: SearchRequest) -> QueryResult:
        """Run any query kind, optionally with rerank and generative (RAG) output."""
        from weaviate.classes.query import MetadataQuery, Rerank

        config = await self.collection_config(request.collection)
        if request.multi_target is not None:
            check_multi_target(config, request.kind, request.multi_target)
            target_vector = None
        else:
            target_vector = check_target_vector(config, request.kind, request.target_vector)
        handle = self.collection(request.collection, request.tenant)
        namespace: Any = handle.generate if request.generate else handle.query
        vector_search = request.kind in ("near_text", "near_vector", "near_object")
        kwargs: dict[str, Any] = {
            "limit": request.limit,
            "filters": to_weaviate(request.filters) if request.filters else None,
            "include_vector": request.include_vector,
            "return_metadata": MetadataQuery(
                creation_time=True,
                last_update_time=True,
                distance=vector_search,
                score=request.kind in ("bm25", "hybrid"),
                explain_score=request.kind in ("bm25", "hybrid"),
            ),
        }
        if (names := returned_properties(config)) is not None:
            kwargs["return_properties"] = names
        if request.references:
            kwargs["return_references"] = resolved_references(request.references)
        if request.offset:
            kwargs["offset"] = request.offset
        if request.sort:
            if request.kind != "fetch":
                raise ExplorerError(
                    "Sort needs a plain fetch", "searches are ordered by relevance; drop the sort"
                )
            from weaviate.classes.query import Sort

            order = Sort.by_property(
                request.sort[0].property, ascending=not request.sort[0].descending
            )
            for spec in request.sort[1:]:
                order = order.by_property(spec.property, ascending=not spec.descending)
            kwargs["sort"] = order
        if request.rerank:
            if request.kind == "fetch":
                raise ExplorerError(
                    "Rerank needs a search",
                    "rerank reorders search results: use it with bm25, near_text, near_vector, "
                    "near_object or hybrid",
                )
            kwargs["rerank"] = Rerank(prop=request.rerank.property, query=request.rerank.query)
        if request.generate:
            kwargs["single_prompt"] = request.generate.single_prompt
            kwargs["grouped_task"] = request.generate.grouped_task
            if request.generate.grouped_properties:
                kwargs["grouped_properties"] = list(request.generate.grouped_properties)
        if request.multi_target is not None:
            kwargs["target_vector"] = weaviate_targets(request.multi_target)
        elif target_vector and request.kind != "fetch" and request.kind != "bm25":
            kwargs["target_vector"] = target_vector
        properties = list(request.query_properties) if request.query_properties else None

        async def query_and_convert() -> tuple[Any, tuple[ObjectRecord, ...]]:
            raw = await _run_query(namespace, request, kwargs, properties)
            objects = tuple(
                convert.object_record(o, request.collection, config.properties) for o in raw.objects
            )
            return raw, objects

        started = time.perf_counter()
        async with self.call():
            # The client builds and checks its request before sending it (about 0.1 ms a
            # query, on whichever thread calls it), and the records are made from its answer:
            # both on the client's loop, in one hand-over there and back.
            raw, objects = await self.on_client_loop(query_and_convert())
        grouped = getattr(raw, "generative", None)
        return QueryResult(
            kind=request.kind,
            collection=request.collection,
            objects=objects,
            generated=getattr(grouped, "text", None) if grouped is not None else None,
            elapsed_ms=(time.perf_counter() - started) * 1000,
        )

    async def aggregate(self, request: AggregateRequest) -> AggregateResult:
        """Count, typed per-property metrics and group-by (see :mod:`explorer.core.query.aggregation`)."""
        from explorer.core.query.aggregation import aggregate_collection

        return await aggregate_collection(self, request)

    async def require_multi_tenant(self, collection: str) -> None:
        """Refuse a tenant operation on a collection without multi-tenancy, before sending it."""
        if not (await self.collection_config(collection)).multi_tenant:
            raise NotMultiTenant(collection)

    async def list_tenants(self, collection: str) -> tuple[TenantInfo, ...]:
        """The tenants of a multi-tenant collection, by name."""
        await self.require_multi_tenant(collection)
        async with self.call():
            tenants = await self.client.collections.use(collection).tenants.get()
        return tuple(
            TenantInfo(name=name, activity_status=convert.enum_text(tenant.activity_status))
            for name, tenant in sorted(tenants.items())
        )

    async def list_collection_configs(self) -> tuple[CollectionConfig, ...]:
        """Every collection's config in one request and without counts (for completion)."""
        async with self.call():
            raw_configs = await self.client.collections.list_all(simple=False)
        plain = {name: convert.collection_config(raw) for name, raw in raw_configs.items()}
        configs = tuple(_with_reference_schemas(plain[name], plain) for name in sorted(plain))
        self._configs.update((config.name, config) for config in configs)
        return configs


async def _run_query(
    namespace: Any, request: SearchRequest, kwargs: dict[str, Any], properties: list[str] | None
) -> Any:
    """Send ``request`` through the client's query (or generate) ``namespace``."""
    from weaviate.classes.query import HybridFusion

    match request.kind:
        case "fetch":
            raw = await namespace.fetch_objects(**kwargs)
        case "bm25":
            raw = await namespace.bm25(
                query=_required(request.text, "bm25"), query_properties=properties, **kwargs
            )
        case "near_text":
            raw = await namespace.near_text(query=_required(request.text, "near_text"), **kwargs)
        case "near_vector":
            vector = request.vector
            if not vector:
                raise ExplorerError("Vector needed", "near_vector needs a vector to search with")
            raw = await namespace.near_vector(near_vector=list(vector), **kwargs)
        case "near_object":
            raw = await namespace.near_object(
                near_object=_required(request.object_id, "near_object"), **kwargs
            )
        case "hybrid":
            fusion = None
            if request.fusion:
                fusion = {
                    "ranked": HybridFusion.RANKED,
                    "relative": HybridFusion.RELATIVE_SCORE,
                }.get(request.fusion)
                if fusion is None:
                    raise ExplorerError(
                        "Unknown fusion", f"{request.fusion!r}: use ranked or relative"
                    )
            raw = await namespace.hybrid(
                query=_required(request.text, "hybrid"),
                alpha=request.alpha,
                fusion_type=fusion,
                query_properties=properties,
                **kwargs,
            )
        case other:
            raise ExplorerError("Unknown query kind", f"{other!r} is not a query kind")
    return raw


def require_writable(options: ConnectionOptions, action: str) -> None:
    """Refuse ``action`` on read-only connection options, before anything is sent."""
    if options.read_only:
        raise ReadOnlyRefused(
            "Read-only connection",
            f"refused to {action}: this connection is read-only "
            "(reconnect without --read-only to change data)",
        )


def _reference_targets(config: CollectionConfig) -> set[str]:
    return {target for _reference, targets in config.references for target in targets}


def _with_reference_schemas(
    config: CollectionConfig, known: Mapping[str, CollectionConfig]
) -> CollectionConfig:
    """``config`` with the configs of its references' targets (those in ``known``)."""
    schemas = {t: known[t] for t in sorted(_reference_targets(config)) if t in known}
    return dataclasses.replace(config, reference_schemas=schemas)


def _first_error_line(exc: Exception) -> str:
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    detail = next(
        (line for line in lines if line.startswith("Value error")), lines[-1] if lines else ""
    )
    return detail.removeprefix("Value error, ").split(" [type=")[0]


def _required(value: str | None, kind: str) -> str:
    if value is None or not value.strip():
        raise ExplorerError("Query text needed", f"{kind} needs non-empty query text")
    return value
