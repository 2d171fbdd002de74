"""Copy a collection to another connection: stream the objects by cursor into a batch stream.

The source is read as an export reads it (:class:`ExportPages`: by cursor, with vectors and the
references as stored), and the target is written as an import writes (:func:`import_rows`:
server-side batching, objects then references, failures reconciled). Objects keep their uuids,
so a copy that was stopped or killed converges when run again: what landed is replaced, what
is missing is added, nothing is duplicated. Tenants are copied one after the other.
"""

from __future__ import annotations

import asyncio
import dataclasses
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from explorer.core.admin.tenants import create_tenants
from explorer.core.base.errors import ExplorerError
from explorer.core.client.session import ExplorerSession
from explorer.core.query.vector_dimensions import vector_dimensions
from explorer.core.servers import rest_schema
from explorer.core.servers.copy_plan import CopyPlan
from explorer.core.transfer.exporter import ExportPages
from explorer.core.transfer.importer import (
    FailedRow,
    ImportProgress,
    ImportReport,
    ImportRequest,
    import_rows,
    write_failed_rows,
)
from explorer.core.transfer.rows import RowShaper


@dataclass(frozen=True)
class CopyProgress:
    #: The tenant being copied (None without multi-tenancy).
    tenant: str | None
    #: Objects read from the source so far (all tenants), and how many there are.
    done: int
    total: int
    failed: int
    #: "objects", or "references" while the current tenant's references are added.
    phase: str
    elapsed: float

    @property
    def rate(self) -> float:
        return self.done / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def eta(self) -> float | None:
        if self.rate <= 0:
            return None
        return max(self.total - self.done, 0) / self.rate


CopyProgressCallback = Callable[[CopyProgress], None]


@dataclass(frozen=True)
class CopyReport:
    plan: CopyPlan
    #: One import report per tenant copied (or started).
    parts: tuple[tuple[str | None, ImportReport], ...]
    created: bool
    failed_path: Path | None
    elapsed: float
    failures: tuple[FailedRow, ...] = field(default=(), repr=False)

    @property
    def read(self) -> int:
        return sum(r.read for _t, r in self.parts)

    @property
    def copied(self) -> int:
        return sum(r.imported for _t, r in self.parts)

    @property
    def failed(self) -> int:
        return sum(r.failed for _t, r in self.parts)

    @property
    def references_added(self) -> int:
        return sum(r.references_added for _t, r in self.parts)

    @property
    def references_failed(self) -> int:
        return sum(r.references_failed for _t, r in self.parts)

    @property
    def stopped(self) -> str | None:
        """Why the copy stopped early (None when it ran to the end)."""
        for _tenant, report in self.parts:
            if report.server_lost is not None:
                return f"the target was lost ({report.server_lost})"
            if report.stopped_by:
                return report.stopped_by
            if report.cancelled:
                return "cancelled"
        return None

    def summary(self) -> str:
        plan = self.plan
        how = "created from the source's config" if self.created else "existing, compatible"
        text = (
            f"Copied {plan.source} to {plan.target} at {plan.target_url} ({how}): "
            f"{self.read:,} objects read, {self.copied:,} copied, {self.failed:,} failed"
        )
        if self.references_added or self.references_failed:
            text += (
                f"; references: {self.references_added:,} added, {self.references_failed:,} failed"
            )
        if len(plan.tenants) > 1 or plan.tenants[0] is not None:
            text += f"; tenants: {', '.join(t or '' for t, _r in self.parts)}"
        if plan.skipped:
            text += f"; skipped: {', '.join(name for name, _why in plan.skipped)}"
        if self.failed_path is not None:
            text += f"; failed rows in {self.failed_path}"
        text += f" ({self.elapsed:.1f}s)"
        if self.stopped is not None:
            text = (
                f"Copy stopped ({self.stopped}). {text}. Run the same copy again: objects keep "
                "their uuids, so it adds what is missing and replaces what landed"
            )
        return text

    def as_json(self) -> dict[str, Any]:
        return {
            "operation": "copy",
            "source": self.plan.source,
            "target": self.plan.target,
            "target_url": self.plan.target_url,
            "created": self.created,
            "read": self.read,
            "copied": self.copied,
            "failed": self.failed,
            "references_added": self.references_added,
            "references_failed": self.references_failed,
            "tenants": {
                (t or ""): {"read": r.read, "copied": r.imported, "failed": r.failed}
                for t, r in self.parts
            },
            "skipped": {name: why for name, why in self.plan.skipped},
            "stopped": self.stopped,
            "failed_path": str(self.failed_path) if self.failed_path else None,
            "elapsed_s": round(self.elapsed, 3),
        }


class CopyInterrupted(ExplorerError):
    """The copy was cancelled or stopped; ``report`` says what was copied."""

    def __init__(self, report: CopyReport) -> None:
        super().__init__("Copy stopped", report.summary())
        self.report = report


async def run_copy(
    source: ExplorerSession,
    target: ExplorerSession,
    plan: CopyPlan,
    progress: CopyProgressCallback | None = None,
) -> CopyReport:
    """Carry out ``plan`` (the user has seen it); raises :class:`CopyInterrupted` when cut short."""
    await target.approve(f"copy {plan.total:,} objects into {plan.target} at {plan.target_url}")
    assert plan.source_config is not None
    started = time.perf_counter()
    if plan.create:
        await rest_schema.create_class(target, plan.config)
    if plan.new_tenants:
        await create_tenants(target, plan.target, plan.new_tenants)
    target_config = await target.collection_config(plan.target, refresh=True)
    parts: list[tuple[str | None, ImportReport]] = []
    failures: list[FailedRow] = []
    done_before = 0
    for tenant, count in zip(plan.tenants, plan.counts, strict=True):
        pages = ExportPages(
            source,
            plan.source_config,
            tenant=tenant,
            filters=plan.filters,
            with_vectors=plan.with_vectors,
        )
        shaper = RowShaper(
            target_config,
            tenant=tenant,
            dimensions=await vector_dimensions(target, plan.target, tenant),
        )
        report = await import_rows(
            target,
            ImportRequest(plan.failed_path, plan.target, tenant),
            _CopyFeed(pages, count, plan),
            shaper,
            _progress_of(progress, tenant, done_before, plan.total, started),
            write_failures=False,
        )
        parts.append((tenant, report))
        failures += [dataclasses.replace(f, tenant=tenant) for f in report.failures]
        done_before += report.read
        if report.cancelled or report.stopped_by:
            break
    failed_path = await asyncio.to_thread(write_failed_rows, plan.failed_path, failures)
    target.forget_config(plan.target)
    result = CopyReport(
        plan=plan,
        parts=tuple(parts),
        created=plan.create,
        failed_path=failed_path,
        elapsed=time.perf_counter() - started,
        failures=tuple(failures),
    )
    if result.stopped is not None:
        raise CopyInterrupted(result)
    return result


def _progress_of(
    progress: CopyProgressCallback | None,
    tenant: str | None,
    done_before: int,
    total: int,
    started: float,
) -> Callable[[ImportProgress], None] | None:
    if progress is None:
        return None

    def on_import(update: ImportProgress) -> None:
        progress(
            CopyProgress(
                tenant=tenant,
                done=done_before + update.read,
                total=total,
                failed=update.failed,
                phase=update.phase,
                elapsed=time.perf_counter() - started,
            )
        )

    return on_import


class _CopyFeed:
    """The source's objects as import rows (the export form), numbered from 1."""

    def __init__(self, pages: ExportPages, total: int, plan: CopyPlan) -> None:
        self.pages = pages
        self._total = total
        self.plan = plan

    @property
    def total(self) -> int:
        return self._total

    async def chunks(self) -> AsyncIterator[list[tuple[int, Any]]]:
        number = 0
        async for records in self.pages.pages():
            rows = []
            for record in records:
                number += 1
                rows.append((number, self._row(record.as_json(self.plan.with_vectors))))
            yield rows

    def _row(self, row: dict[str, Any]) -> dict[str, Any]:
        """A reference to the source itself points to the target under its new name."""
        source, target = self.plan.source, self.plan.target
        if source == target or "references" not in row:
            return row
        row["references"] = {
            name: [
                {**item, "collection": target}
                if isinstance(item, dict) and item.get("collection") == source
                else item
                for item in targets
            ]
            for name, targets in row["references"].items()
        }
        return row
