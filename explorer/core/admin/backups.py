"""Backups on the server's backup backend: create, list, restore, follow progress, cancel.

Weaviate (v1.38) restores a collection only under the name it was backed up with, and only
when no collection of that name exists; :mod:`explorer.local.backup_copy` restores into a new
name by way of a scratch server. Progress comes from polling the status endpoint.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
from collections.abc import AsyncGenerator, Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal

from explorer.core.base.errors import ExplorerError

if TYPE_CHECKING:
    from explorer.core.client.session import ExplorerSession

Operation = Literal["create", "restore"]
DEFAULT_BACKEND = "filesystem"
BACKENDS = ("filesystem", "s3", "gcs", "azure")
#: Statuses after which nothing changes any more.
FINAL_STATUSES = frozenset({"SUCCESS", "FAILED", "CANCELED"})
#: How often the status is polled while a backup or restore runs.
POLL_SECONDS = 0.25
_BACKUP_ID = re.compile(r"^[a-z0-9_-]+$")


@dataclass(frozen=True)
class BackupProgress:
    """One observation of a running (or finished) backup or restore."""

    backup_id: str
    operation: Operation
    #: STARTED, TRANSFERRING, TRANSFERRED, FINALIZING, SUCCESS, FAILED, CANCELLING, CANCELED.
    status: str
    #: Seconds since the explorer started (or began following) the operation.
    elapsed: float
    collections: tuple[str, ...] = ()
    error: str | None = None
    #: Where the backend keeps the backup (for filesystem: a directory on the server's host).
    path: str = ""
    #: What is happening, in words (restore-as-new adds its own steps).
    detail: str = ""

    @property
    def done(self) -> bool:
        return self.status in FINAL_STATUSES

    @property
    def succeeded(self) -> bool:
        return self.status == "SUCCESS"


@dataclass(frozen=True)
class BackupInfo:
    """One backup as the backend lists it."""

    backup_id: str
    status: str
    collections: tuple[str, ...]
    started: datetime | None
    completed: datetime | None
    #: Size in GiB as the server reports it; None when it gives none.
    size_gib: float | None


def validate_backup_id(text: str) -> str:
    """The id as Weaviate accepts it: lowercase letters, digits, ``-`` and ``_``."""
    if not _BACKUP_ID.fullmatch(text):
        raise ExplorerError(
            "Invalid backup id",
            f"{text!r} is not a backup id: use lowercase letters, digits, '-' and '_' "
            "(e.g. nightly-2024_06)",
        )
    return text


def _backend(name: str) -> Any:
    from weaviate.backup.backup import BackupStorage

    if name not in BACKENDS:
        raise ExplorerError(
            "Unknown backup backend", f"{name!r}: choose one of {', '.join(BACKENDS)}"
        )
    return BackupStorage(name)


def _names(names: Iterable[str]) -> list[str]:
    return [n.strip() for n in names if n.strip()]


def _backend_error(exc: ExplorerError, backup_id: str, backend: str) -> ExplorerError:
    """Server refusals rephrased as what to do about them."""
    text = exc.message
    if "did you enable the right module" in text or f'backend "{backend}"' in text:
        return ExplorerError(
            "Backup backend not available",
            f"the server has no {backend!r} backup backend (its module is not enabled); "
            "use the filesystem backend or enable the module on the server",
        )
    if exc.title == "Not found" or "does not exist" in text or "metadata not found" in text:
        return ExplorerError(
            "Unknown backup",
            f"there is no backup {backup_id!r} on the {backend} backend; `backups` lists them",
        )
    if "already exists at" in text:
        return ExplorerError(
            "Backup id taken", f"a backup {backup_id!r} already exists: choose another id"
        )
    return exc


async def create_backup(
    session: ExplorerSession,
    backup_id: str,
    *,
    include: Iterable[str] = (),
    exclude: Iterable[str] = (),
    backend: str = DEFAULT_BACKEND,
) -> BackupProgress:
    """Start a backup (the server works on in the background); follow it with :func:`follow`."""
    validate_backup_id(backup_id)
    included, excluded = _names(include), _names(exclude)
    if included and excluded:
        raise ExplorerError(
            "Include or exclude", "name the collections to include or to exclude, not both"
        )
    await session.approve(f"create backup {backup_id}")
    storage = _backend(backend)
    started = time.monotonic()
    try:
        async with session.call():
            result = await session.client.backup.create(
                backup_id,
                storage,
                include_collections=included or None,
                exclude_collections=excluded or None,
            )
    except ExplorerError as exc:
        raise _backend_error(exc, backup_id, backend) from exc
    return BackupProgress(
        backup_id=backup_id,
        operation="create",
        status=_status(result.status),
        elapsed=time.monotonic() - started,
        collections=tuple(result.collections),
        error=result.error,
        path=result.path,
        detail="backup started",
    )


async def backup_status(
    session: ExplorerSession,
    backup_id: str,
    operation: Operation = "create",
    *,
    backend: str = DEFAULT_BACKEND,
    with_collections: bool = True,
) -> BackupProgress:
    """The server's status of a backup (``create``) or of its restore (``restore``).

    ``with_collections`` reads the backup's collections from the backend's list (one request
    more: the status answer has none); a poll that knows them already skips it.
    """
    validate_backup_id(backup_id)
    storage = _backend(backend)
    started = time.monotonic()
    try:
        async with session.call():
            if operation == "create":
                result = await session.client.backup.get_create_status(backup_id, storage)
            else:
                result = await session.client.backup.get_restore_status(backup_id, storage)
    except ExplorerError as exc:
        raise _backend_error(exc, backup_id, backend) from exc
    collections: tuple[str, ...] = ()
    if with_collections:
        listed = await list_backups(session, backend=backend)
        collections = next((b.collections for b in listed if b.backup_id == backup_id), ())
    return BackupProgress(
        backup_id=backup_id,
        operation=operation,
        status=_status(result.status),
        elapsed=time.monotonic() - started,
        collections=collections,
        error=result.error or None,
        path=result.path,
    )


async def follow(
    session: ExplorerSession,
    started: BackupProgress,
    *,
    backend: str = DEFAULT_BACKEND,
    interval: float = POLL_SECONDS,
) -> AsyncGenerator[BackupProgress, None]:
    """Yield ``started``, then each change of status until a final one.

    Cancelling the consumer (Ctrl-C, Esc) asks the server to cancel the operation too.
    """
    clock = time.monotonic() - started.elapsed
    last = started
    yield started
    try:
        while not last.done:
            await asyncio.sleep(interval)
            status = await backup_status(
                session,
                started.backup_id,
                started.operation,
                backend=backend,
                with_collections=False,
            )
            current = replace(
                status,
                elapsed=time.monotonic() - clock,
                collections=started.collections,
                detail=_describe(started.operation, status.status),
            )
            if current.status != last.status or current.done:
                yield current
            last = current
    except asyncio.CancelledError:
        with contextlib.suppress(ExplorerError):
            await asyncio.shield(
                cancel_backup(session, started.backup_id, started.operation, backend=backend)
            )
        raise
    if last.status == "FAILED":
        raise failure(last)


def failure(progress: BackupProgress) -> ExplorerError:
    """The error of a failed backup or restore, in words that say what to do."""
    error = progress.error or "no reason given"
    match = re.search(r"class name (\S+) already exists", error)
    if progress.operation == "restore" and match:
        name = match.group(1)
        return ExplorerError(
            "Collection already exists",
            f"{name} exists, so backup {progress.backup_id!r} cannot restore it: drop {name} "
            "first, or restore into a new name (--as NEWNAME)",
        )
    verb = "Backup" if progress.operation == "create" else "Restore"
    return ExplorerError(f"{verb} failed", f"{progress.backup_id}: {error}")


async def cancel_backup(
    session: ExplorerSession,
    backup_id: str,
    operation: Operation = "create",
    *,
    backend: str = DEFAULT_BACKEND,
) -> bool:
    """Ask the server to cancel a running backup or restore; False if it had nothing to cancel."""
    session.require_writable(f"cancel backup {backup_id}")
    storage = _backend(backend)
    async with session.call():
        return bool(await session.client.backup.cancel(backup_id, storage, operation=operation))


async def list_backups(
    session: ExplorerSession, *, backend: str = DEFAULT_BACKEND
) -> tuple[BackupInfo, ...]:
    """Every backup on the backend, newest first."""
    storage = _backend(backend)
    try:
        async with session.call():
            listed = await session.client.backup.list_backups(storage)
    except ExplorerError as exc:
        raise _backend_error(exc, "", backend) from exc
    infos = [
        BackupInfo(
            backup_id=entry.backup_id,
            status=_status(entry.status),
            collections=tuple(entry.collections),
            started=entry.started_at,
            completed=entry.completed_at,
            size_gib=entry.size or None,
        )
        for entry in listed
    ]
    infos.sort(key=lambda b: (b.started is not None, b.started or datetime.min), reverse=True)
    return tuple(infos)


async def find_backup(
    session: ExplorerSession, backup_id: str, *, backend: str = DEFAULT_BACKEND
) -> BackupInfo:
    validate_backup_id(backup_id)
    for info in await list_backups(session, backend=backend):
        if info.backup_id == backup_id:
            return info
    raise ExplorerError(
        "Unknown backup",
        f"there is no backup {backup_id!r} on the {backend} backend; `backups` lists them",
    )


async def restore_plan(
    session: ExplorerSession,
    backup_id: str,
    include: Iterable[str] = (),
    *,
    backend: str = DEFAULT_BACKEND,
) -> tuple[str, ...]:
    """The collections a restore would bring back, checked before anything is sent.

    Refuses collections the backup lacks and, up front, collections that already exist.
    """
    info = await find_backup(session, backup_id, backend=backend)
    if info.status != "SUCCESS":
        raise ExplorerError(
            "Backup not restorable",
            f"backup {backup_id!r} is {info.status}; only a successful backup can be restored",
        )
    wanted = _names(include)
    by_lower = {name.lower(): name for name in info.collections}
    chosen: list[str] = []
    for name in wanted:
        match = by_lower.get(name.lower())
        if match is None:
            raise ExplorerError(
                "Not in the backup",
                f"backup {backup_id!r} has no collection {name!r}; it has "
                f"{', '.join(info.collections) or 'none'}",
            )
        chosen.append(match)
    chosen = chosen or list(info.collections)
    async with session.call():
        existing = set(await session.client.collections.list_all(simple=True))
    clashes = [name for name in chosen if name in existing]
    if clashes:
        names = ", ".join(clashes)
        raise ExplorerError(
            "Collection already exists",
            f"{names} {'exists' if len(clashes) == 1 else 'exist'}, and Weaviate restores a "
            f"collection only under its own name: drop {names} first, or restore into a new "
            "name (--as NEWNAME; one collection at a time)",
        )
    return tuple(chosen)


async def restore_backup(
    session: ExplorerSession,
    backup_id: str,
    *,
    include: Iterable[str] = (),
    backend: str = DEFAULT_BACKEND,
) -> BackupProgress:
    """Start restoring collections under their own names; follow it with :func:`follow`."""
    validate_backup_id(backup_id)
    await session.approve(f"restore backup {backup_id}")
    collections = await restore_plan(session, backup_id, include, backend=backend)
    storage = _backend(backend)
    started = time.monotonic()
    try:
        async with session.call():
            result = await session.client.backup.restore(
                backup_id, storage, include_collections=list(collections)
            )
    except ExplorerError as exc:
        raise _backend_error(exc, backup_id, backend) from exc
    for name in collections:
        session.forget_config(name)
    return BackupProgress(
        backup_id=backup_id,
        operation="restore",
        status=_status(result.status),
        elapsed=time.monotonic() - started,
        collections=tuple(result.collections) or collections,
        error=result.error,
        path=result.path,
        detail="restore started",
    )


def _status(value: object) -> str:
    return str(getattr(value, "value", value))


def _describe(operation: Operation, status: str) -> str:
    noun = "backup" if operation == "create" else "restore"
    return {
        "STARTED": f"{noun} started",
        "TRANSFERRING": "copying files",
        "TRANSFERRED": "files copied",
        "FINALIZING": "finalizing",
        "SUCCESS": f"{noun} done",
        "FAILED": f"{noun} failed",
        "CANCELLING": "cancelling",
        "CANCELED": f"{noun} cancelled",
    }.get(status, status.lower())


def format_size(size_gib: float | None) -> str:
    """The server reports GiB; small backups read better in KiB or MiB."""
    if not size_gib:
        return "—"
    size = size_gib * 1024**3
    for unit in ("B", "KiB", "MiB", "GiB"):
        if size < 1024 or unit == "GiB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size_gib:.2f} GiB"
