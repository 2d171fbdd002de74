"""Import a JSON, JSONL or CSV file into an existing collection with server-side batching.

Objects go through the async client's ``batch.stream()`` (Weaviate's server-side batching).
Every object is sent with a uuid, so the outcome of each row is known, and a uuid that already
exists is replaced: re-running an import never duplicates. A row without a uuid gets a
deterministic one (uuid5 of the collection, the tenant, the row's canonical JSON and how many
identical rows came before it in the file; see ``row_ids``), so the same file gives the same
uuids on every run and identical rows stay separate objects.

References are added in a second stream, after the objects, and only from objects that were
imported: Weaviate rejects an object whose inline reference points to an object not yet
imported, and the client's stream never finishes when a reference's object failed.

At the end the counts are reconciled (read = imported + failed) and every failed row, with
its row number, uuid and error, goes to ``<input>.failed.jsonl``. Cancelling the task stops
reading, lets the objects already handed to the stream finish, and reports exactly what was
imported. When the server goes away (the session's health poll ends the calls in flight), the
stream is abandoned at once (``stream_stop``): the report counts what the server confirmed,
lists the rows sent but not confirmed as "may not have landed", and says to run the same import
again once the server is back, which converges thanks to the deterministic uuids.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import re
import time
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol

from explorer.core.base.errors import STORAGE_REFUSED, ExplorerError, translate_error
from explorer.core.client.session import ExplorerSession
from explorer.core.query.vector_dimensions import vector_dimensions
from explorer.core.transfer.formats import (
    FileFormat,
    existing_collection,
    failed_rows_path,
    format_for,
)
from explorer.core.transfer.readers import RowSource
from explorer.core.transfer.rows import PreparedObject, PreparedReference, RowError, RowShaper
from explorer.core.transfer.stream_stop import ServerWatch, abandon_stream
from explorer.core.transfer.writers import json_value

#: The errors of rows that were sent but never answered for.
_UNCONFIRMED_PREFIXES = ("may not have landed", "not confirmed by the server")
_UUIDS_IN_TEXT = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
#: Rows read and prepared per trip to the reading thread.
CHUNK_ROWS = 200
#: Seconds to leave a stream whose server is gone (its tasks are cancelled: it ends at once).
ABANDONED_EXIT_SECONDS = 5.0

Phase = Literal["objects", "references"]


@dataclass(frozen=True)
class ImportProgress:
    phase: Phase
    #: Rows read from the file so far.
    read: int
    #: Objects (or references) handed to the batch stream so far.
    sent: int
    #: Rows failed so far (unreadable rows, and objects the server rejected).
    failed: int
    #: Rows in the file (or references to add, in the references phase).
    total: int
    elapsed: float

    @property
    def rate(self) -> float:
        """Rows (or references) per second so far."""
        done = self.read if self.phase == "objects" else self.sent
        return done / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def eta(self) -> float | None:
        """Seconds left, from the rate so far."""
        if self.rate <= 0:
            return None
        done = self.read if self.phase == "objects" else self.sent
        return max(self.total - done, 0) / self.rate


ImportProgressCallback = Callable[[ImportProgress], None]


@dataclass(frozen=True)
class FailedRow:
    row: int
    error: str
    data: Any = None
    #: Set when the object was imported but one of its references was not.
    reference: Mapping[str, Any] | None = None
    #: The uuid the row was sent with (None when it was never sent).
    uuid: str | None = None
    #: The tenant it was for, when one file lists the rows of several tenants (a copy).
    tenant: str | None = None

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"row": self.row, "error": self.error}
        if self.tenant is not None:
            out["tenant"] = self.tenant
        if self.uuid is not None:
            out["uuid"] = self.uuid
        if self.reference is not None:
            out["reference"] = dict(self.reference)
        if self.data is not None:
            out["data"] = self.data
        return out


@dataclass(frozen=True)
class ImportReport:
    collection: str
    path: Path
    file_format: FileFormat
    read: int
    imported: int
    failed: int
    references_added: int = 0
    references_failed: int = 0
    #: References not added because the import stopped before the references phase.
    references_skipped: int = 0
    #: Rows whose uuid an earlier row already had (the last one wins).
    repeated_uuids: int = 0
    failed_path: Path | None = None
    cancelled: bool = False
    #: Why the import stopped early (None when it ran to the end or was cancelled).
    stopped_by: str | None = None
    #: Set when the server went away during the import: why it counts as gone.
    server_lost: str | None = None
    #: Rows in the file (the rows after ``read`` were not read when it stopped early).
    total: int = 0
    #: Rows sent that the server never answered for (they may or may not have landed).
    unconfirmed: int = 0
    elapsed: float = 0.0
    failures: tuple[FailedRow, ...] = field(default=(), repr=False)

    @property
    def reconciled(self) -> bool:
        return self.read == self.imported + self.failed

    def summary(self) -> str:
        parts = [
            f"read {self.read:,} rows: {self.imported:,} imported + {self.failed:,} failed"
            + (" (reconciled)" if self.reconciled else " (NOT reconciled)")
        ]
        if self.references_added or self.references_failed:
            parts.append(
                f"references: {self.references_added:,} added, {self.references_failed:,} failed"
            )
        if self.references_skipped:
            parts.append(f"{self.references_skipped:,} references not added")
        if self.repeated_uuids:
            parts.append(f"{self.repeated_uuids:,} rows repeated a uuid (the last one wins)")
        if self.unconfirmed:
            parts.append(f"{self.unconfirmed:,} rows may not have landed (sent, but not confirmed)")
        unread = self.total - self.read
        if (self.cancelled or self.stopped_by) and unread > 0:
            parts.append(f"{unread:,} rows after row {self.read:,} were not read")
        if self.failed_path is not None:
            parts.append(f"failed rows in {self.failed_path}")
        if any(STORAGE_REFUSED.search(f.error) for f in self.failures):
            parts.append(
                "the server could not write to its data dir: Weaviate may have kept rows it "
                "reported as failed; make the data dir writable and run the same import again "
                "(rows keep their uuids, so nothing is duplicated)"
            )
        head = f"Import into {self.collection}"
        if self.server_lost is not None:
            head += f" stopped: the server was lost ({self.server_lost})"
        elif self.cancelled:
            head += " cancelled; rows after the last one read were not read"
        elif self.stopped_by:
            head += f" stopped ({self.stopped_by})"
        text = f"{head}: " + "; ".join(parts)
        if self.server_lost is not None:
            text += (
                ". Run the same import again once the server is back: every row gets the same "
                "uuid again, so it adds what is missing and replaces what landed, without "
                "duplicates"
            )
        return text


class ImportInterrupted(ExplorerError):
    """The import was cancelled or stopped; ``report`` says exactly what was done."""

    def __init__(self, report: ImportReport) -> None:
        title = "Import cancelled" if report.cancelled else "Import stopped"
        if report.server_lost is not None:
            title = "Import stopped: server lost"
        super().__init__(title, report.summary())
        self.report = report


@dataclass(frozen=True)
class ImportRequest:
    path: Path
    collection: str
    tenant: str | None = None
    #: Columns (CSV) or top-level keys (JSON, JSONL) to leave out.
    ignore_columns: frozenset[str] = frozenset()
    #: Columns to import under another name: file column -> property.
    column_map: Mapping[str, str] = field(default_factory=dict)

    def row_source(self) -> RowSource:
        """The file's rows as this request reads them (columns left out and renamed)."""
        return RowSource(
            self.path,
            format_for(self.path),
            columns_to_ignore=self.ignore_columns,
            column_renames=self.column_map,
        )


async def import_file(
    session: ExplorerSession,
    request: ImportRequest,
    progress: ImportProgressCallback | None = None,
) -> ImportReport:
    """Import the file; raises :class:`ImportInterrupted` (with the report) when cut short."""
    await session.approve(f"import {request.path.name} into {request.collection}")
    file_format = format_for(request.path)
    config = await existing_collection(
        session,
        request.collection,
        "import adds objects to an existing collection: create it first (in the REPL, "
        "import PATH --into NEW --create creates it from the config exported next to the data, "
        "or from property types inferred from the file; in the TUI, fill in the import "
        "screen's new collection field)",
    )
    if config.multi_tenant and not request.tenant:
        raise ExplorerError(
            "Tenant needed",
            f"{config.name} is multi-tenant: choose the tenant to import into "
            "(in the REPL: import PATH --tenant NAME)",
        )
    source = request.row_source()
    await asyncio.to_thread(source.open)
    dimensions = await vector_dimensions(session, config.name, request.tenant)
    shaper = RowShaper(
        config,
        cells_are_text=file_format == "csv",
        tenant=request.tenant,
        dimensions=dimensions,
    )
    if source.columns is not None:
        unknown = shaper.unknown_columns(source.columns)
        if unknown:
            raise ExplorerError(
                "Unknown columns",
                f"{request.path.name} has columns {config.name} does not: "
                f"{', '.join(c if c.strip() else '(an empty header cell)' for c in unknown)}. "
                f"It takes {shaper.describe_columns()}. Nothing was imported.",
            )
    report = await import_rows(
        session, request, FileFeed(source), shaper, progress, file_format=file_format
    )
    if report.cancelled or report.stopped_by:
        raise ImportInterrupted(report)
    return report


class RowFeed(Protocol):
    """Where the rows of an import come from: a file, or another collection (a copy)."""

    #: How many rows there are (or are expected).
    @property
    def total(self) -> int: ...

    def chunks(self) -> AsyncIterator[list[tuple[int, Any]]]:
        """The rows, a chunk at a time: (row number, the row or a :class:`RowError`)."""
        ...


class FileFeed:
    """The rows of an opened file, read :data:`CHUNK_ROWS` at a time in a thread."""

    def __init__(self, source: RowSource) -> None:
        self.source = source

    @property
    def total(self) -> int:
        return self.source.total

    async def chunks(self) -> AsyncIterator[list[tuple[int, Any]]]:
        rows = self.source.rows()
        while chunk := await asyncio.to_thread(lambda: list(itertools.islice(rows, CHUNK_ROWS))):
            yield chunk


async def import_rows(
    session: ExplorerSession,
    request: ImportRequest,
    feed: RowFeed,
    shaper: RowShaper,
    progress: ImportProgressCallback | None = None,
    *,
    file_format: FileFormat = "jsonl",
    write_failures: bool = True,
) -> ImportReport:
    """Stream ``feed``'s rows into the collection (objects, then references) and report.

    The caller has approved the change. Without ``write_failures`` the failed rows are only in
    the report (the caller writes them, as a copy does for all its tenants in one file).
    """
    run = _ImportRun(session, request, file_format, feed, shaper, progress)
    return await run.run(write_failures=write_failures)


class _ImportRun:
    def __init__(
        self,
        session: ExplorerSession,
        request: ImportRequest,
        file_format: FileFormat,
        feed: RowFeed,
        shaper: RowShaper,
        progress: ImportProgressCallback | None,
    ) -> None:
        self.session = session
        self.request = request
        self.file_format = file_format
        self.feed = feed
        self.shaper = shaper
        self.progress = progress
        self.handle = session.collection(request.collection, request.tenant)
        self.started = time.perf_counter()
        self.read = 0
        self.failures: list[FailedRow] = []
        #: uuid -> the rows that carried it, with their data (for the failed-rows file).
        self.sent: dict[str, list[tuple[int, Any]]] = {}
        self.sent_count = 0
        self.references: list[tuple[int, str, PreparedReference]] = []
        self.cancelled = False
        self.stopped_by: str | None = None
        #: Why the server counts as gone, when it went away during the import.
        self.server_lost: str | None = None
        #: Notices a dead server where no health poll runs (see stream_stop).
        self.watch = ServerWatch(session)

    def _report_progress(self, phase: Phase, sent: int, failed: int, total: int) -> None:
        if self.progress is not None:
            self.progress(
                ImportProgress(
                    phase, self.read, sent, failed, total, time.perf_counter() - self.started
                )
            )

    async def run(self, *, write_failures: bool = True) -> ImportReport:
        imported_rows = await self._objects()
        references_added = references_failed = references_skipped = 0
        imported_uuids = {uuid for uuid, _rows in imported_rows}
        pending = [r for r in self.references if r[1] in imported_uuids]
        if pending and not (self.cancelled or self.stopped_by):
            references_added, references_failed = await self._references(pending)
            references_skipped = len(pending) - references_added - references_failed
        else:
            references_skipped = len(pending)
        imported = sum(len(rows) for _uuid, rows in imported_rows)
        repeated = sum(len(rows) - 1 for rows in self.sent.values())
        self.failures.sort(key=_failure_order)
        failed_path = None
        if write_failures:
            failed_path = await asyncio.to_thread(
                write_failed_rows, failed_rows_path(self.request.path), self.failures
            )
        return ImportReport(
            collection=self.request.collection,
            path=self.request.path,
            file_format=self.file_format,
            read=self.read,
            imported=imported,
            failed=sum(1 for f in self.failures if f.reference is None),
            references_added=references_added,
            references_failed=references_failed,
            references_skipped=references_skipped,
            repeated_uuids=repeated,
            failed_path=failed_path,
            cancelled=self.cancelled,
            stopped_by=self.stopped_by,
            server_lost=self.server_lost,
            total=self.feed.total,
            unconfirmed=sum(1 for f in self.failures if f.error.startswith(_UNCONFIRMED_PREFIXES)),
            elapsed=time.perf_counter() - self.started,
            failures=tuple(self.failures),
        )

    # -- phase 1: objects ---------------------------------------------------------------------

    def _prepare(
        self, rows: list[tuple[int, Any]]
    ) -> list[tuple[int, Any, PreparedObject | RowError]]:
        """Prepare a chunk of rows (in a thread)."""
        out: list[tuple[int, Any, PreparedObject | RowError]] = []
        for number, raw in rows:
            if isinstance(raw, RowError):
                out.append((number, None, raw))
                continue
            try:
                out.append((number, raw, self.shaper.prepare(number, raw)))
            except RowError as exc:
                out.append((number, raw, exc))
        return out

    async def _objects(self) -> list[tuple[str, list[tuple[int, Any]]]]:
        """Stream the objects; returns the imported uuids with their rows."""
        total = self.feed.total
        server_failed: dict[str, str] = {}
        succeeded: set[str] = set()
        wrapper = self.handle.batch
        stream = wrapper.stream()
        batch: Any = None
        closed = False
        try:
            async with self.watch, self.session.call():
                batch = await stream.__aenter__()
                try:
                    await self._send_objects(batch, total)
                except asyncio.CancelledError:
                    self._interrupted(batch)
                except Exception as exc:  # the stream died: report what is known
                    self.stopped_by = translate_error(exc).message
                    await self.watch.check_now()  # died because the server did?
                    self._interrupted(batch, cancelled=False)
                await stream.__aexit__(None, None, None)
                closed = True
        except asyncio.CancelledError:
            self._interrupted(batch)  # cancelled again while the stream was finishing
        except Exception as exc:
            self.stopped_by = self.stopped_by or translate_error(exc).message
            await self.watch.check_now()
            self._interrupted(batch, cancelled=False)
        if batch is not None and not closed and self.server_lost is not None:
            await _close_abandoned(stream)
        succeeded = {str(u) for u in wrapper.results.objs.uuids.values()}
        for error in wrapper.failed_objects:
            reported, message = str(error.object_.uuid), str(error.message)
            named = {u for u in _UUIDS_IN_TEXT.findall(message.lower()) if u in self.sent}
            if len(named) == 1 and reported not in named:
                # Weaviate 1.38's stream can pin an error on the wrong object of a batch when the
                # collection has a vectorizer module; the message names the object it is about.
                (actual,) = named
                succeeded.discard(actual)
                succeeded.add(reported)
                reported = actual
            server_failed[reported] = message
        succeeded -= set(server_failed)
        self._report_progress("objects", self.sent_count, len(self.failures), total)
        imported: list[tuple[str, list[tuple[int, Any]]]] = []
        for uuid, carried in self.sent.items():
            if uuid in succeeded:
                imported.append((uuid, carried))
                continue
            known = server_failed.get(uuid)
            if known is None:
                known = self._unconfirmed_reason()
            for number, raw in carried:
                self.failures.append(FailedRow(number, known, raw, uuid=uuid))
        return imported

    async def _send_objects(self, batch: Any, total: int) -> None:
        from weaviate.exceptions import WeaviateBatchValidationError

        async for rows in self.feed.chunks():
            chunk = await asyncio.to_thread(self._prepare, rows)
            for number, raw, prepared in chunk:
                self.read += 1
                if isinstance(prepared, RowError):
                    self.failures.append(FailedRow(number, str(prepared), raw))
                    continue
                self.sent.setdefault(prepared.uuid, []).append((number, raw))
                self.sent_count += 1
                self.references.extend((number, prepared.uuid, ref) for ref in prepared.references)
                try:
                    await batch.add_object(
                        properties=prepared.properties,
                        uuid=prepared.uuid,
                        vector=prepared.vector,
                    )
                except WeaviateBatchValidationError as exc:  # this object only
                    self._unsend(prepared, number)
                    self.failures.append(FailedRow(number, _first_line(exc), raw))
            self._report_progress(
                "objects", self.sent_count, len(self.failures) + batch.number_errors, total
            )

    def _interrupted(self, batch: Any, *, cancelled: bool = True) -> None:
        """Cancelled, or the server went away (the health poll ends calls in flight that way)."""
        if self.watch.lost is not None or not self.session.reachable:
            self.server_lost = (
                self.watch.lost
                or self.session.unreachable_reason
                or f"{self.session.options.display_url} does not answer"
            )
            self.stopped_by = f"the server was lost: {self.server_lost}"
            if batch is not None:
                abandon_stream(batch)
        elif cancelled:
            self.cancelled = True
        if cancelled:
            _uncancel()

    def _unconfirmed_reason(self) -> str:
        if self.server_lost is not None:
            return f"may not have landed: the server was lost before confirming it ({self.server_lost})"
        if self.cancelled:
            return "not sent: the import was cancelled"
        return f"not confirmed by the server ({self.stopped_by or 'no answer'})"

    def _unsend(self, prepared: PreparedObject, number: int) -> None:
        """The client refused this object before queueing it: it was never sent."""
        rows = self.sent.get(prepared.uuid, [])
        rows[:] = [entry for entry in rows if entry[0] != number]
        if not rows:
            self.sent.pop(prepared.uuid, None)
        self.sent_count -= 1
        self.references = [
            r for r in self.references if not (r[0] == number and r[1] == prepared.uuid)
        ]

    # -- phase 2: references ------------------------------------------------------------------

    async def _references(
        self, pending: list[tuple[int, str, PreparedReference]]
    ) -> tuple[int, int]:
        from weaviate.classes.data import ReferenceToMulti

        sent = 0
        try:
            async with self.session.call(), self.handle.batch.stream() as batch:
                try:
                    for _row, uuid, ref in pending:
                        to: Any = (
                            ReferenceToMulti(target_collection=ref.collection, uuids=ref.uuid)
                            if ref.collection
                            else ref.uuid
                        )
                        await batch.add_reference(from_uuid=uuid, from_property=ref.property, to=to)
                        sent += 1
                        if sent % CHUNK_ROWS == 0:
                            self._report_progress(
                                "references", sent, batch.number_errors, len(pending)
                            )
                except asyncio.CancelledError:
                    self.cancelled = True
                    _uncancel()
                except Exception as exc:
                    self.stopped_by = translate_error(exc).message
        except asyncio.CancelledError:
            self.cancelled = True
            _uncancel()
        except Exception as exc:
            self.stopped_by = self.stopped_by or translate_error(exc).message
        rows_by_uuid = {uuid: row for row, uuid, _ref in pending}
        failed = 0
        for error in self.handle.batch.failed_references:
            reference = error.reference
            from_uuid = str(reference.from_object_uuid)
            failed += 1
            self.failures.append(
                FailedRow(
                    rows_by_uuid.get(from_uuid, 0),
                    str(error.message),
                    reference={
                        "from": from_uuid,
                        "property": reference.from_property_name,
                        "uuid": str(reference.to_object_uuid),
                        "collection": reference.to_object_collection or None,
                    },
                )
            )
        self._report_progress("references", sent, failed, len(pending))
        return sent - failed, failed


def _failure_order(failure: FailedRow) -> tuple[str, int, bool]:
    return (failure.tenant or "", failure.row, failure.reference is not None)


def write_failed_rows(path: Path, failures: list[FailedRow]) -> Path | None:
    """Write the failed rows as JSONL, sorted by row (blocking: run it in a thread); with none,
    remove a stale file, which would mislead. Returns the path written, if any."""
    if not failures:
        path.unlink(missing_ok=True)
        return None
    ordered = sorted(failures, key=_failure_order)
    # A lone surrogate (a JSON "\ud800") cannot be UTF-8: it is written as its escape.
    with path.open("w", encoding="utf-8", errors="backslashreplace") as handle:
        for failure in ordered:
            handle.write(
                json.dumps(failure.as_json(), ensure_ascii=False, default=_json_default) + "\n"
            )
    return path


async def _close_abandoned(stream: Any) -> None:
    """Leave a stream whose background tasks were cancelled: it copies its results and ends."""
    with contextlib.suppress(Exception):
        await asyncio.wait_for(stream.__aexit__(None, None, None), ABANDONED_EXIT_SECONDS)


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "message", "") or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _json_default(value: Any) -> Any:
    return json_value(value)


def _uncancel() -> None:
    """This task handled its cancellation (it finishes cleanly and reports)."""
    task = asyncio.current_task()
    while task is not None and task.cancelling():  # the health poll may have asked twice
        task.uncancel()
