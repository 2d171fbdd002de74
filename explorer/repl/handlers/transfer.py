"""``import`` and ``export``: files in and out of a collection, with progress at the prompt.

At the prompt a progress line goes to stderr about once a second; Ctrl-C cancels, and the
import then says exactly how many rows were imported (an export leaves no file behind).
"""

from __future__ import annotations

import asyncio
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from explorer.core.base.formatting import safe_multiline
from explorer.core.transfer.exporter import (
    ExportProgress,
    ExportReport,
    ExportRequest,
    export_objects,
)
from explorer.core.transfer.importer import (
    ImportProgress,
    ImportReport,
    ImportRequest,
    import_file,
)
from explorer.core.transfer.new_collection import (
    NewCollection,
    create_new_collection,
    plan_new_collection,
)
from explorer.repl.commands import FlagSpec, ParsedCommand, PositionalSpec, command
from explorer.repl.confirm import confirm_by_typing
from explorer.repl.context import ReplContext
from explorer.repl.handlers.admin import YES
from explorer.repl.handlers.objects import WHERE
from explorer.repl.views import TransferView

#: Seconds between two progress lines at the prompt.
PROGRESS_EVERY = 1.0
#: Failed rows listed under an import's summary (all of them are in the file).
SHOWN_FAILURES = 10


class ProgressLines:
    """Progress as an occasional line on stderr, only for a person at the prompt."""

    def __init__(self, enabled: bool, what: str) -> None:
        self.enabled = enabled
        self.what = what
        self.last = 0.0

    def show(
        self, done: int, total: int | None, rate: float, eta: float | None, extra: str = ""
    ) -> None:
        now = time.monotonic()
        if not self.enabled or now - self.last < PROGRESS_EVERY:
            return
        self.last = now
        of = f"/{total:,}" if total is not None else ""
        left = f" · ETA {eta:.0f}s" if eta is not None else ""
        sys.stderr.write(f"{self.what}: {done:,}{of} · {rate:,.0f}/s{left}{extra}\n")
        sys.stderr.flush()

    def on_import(self, update: ImportProgress) -> None:
        if update.phase == "objects":
            self.show(
                update.read, update.total, update.rate, update.eta, f" · {update.failed:,} failed"
            )
        else:
            self.show(update.sent, update.total, update.rate, update.eta, " references")

    def on_export(self, update: ExportProgress) -> None:
        self.show(update.written, update.total, update.rate, update.eta)


def _path(parsed: ParsedCommand) -> Path:
    return Path(parsed.positionals["PATH"].text).expanduser()


@command(
    "import",
    "import PATH [--into Collection] [--create [--config FILE] [--yes]] [--tenant NAME] "
    "[--ignore-columns a,b] [--map src=prop]",
    "Import objects from a .json, .jsonl or .csv file (uuid, vector.<name> columns optional; "
    "a row without a uuid gets the same one on every run, so re-running never duplicates); "
    "--create first creates --into from the config exported next to the data "
    "(config --json PATH.config.json) or, without one, from property types inferred from the "
    "rows; shown and confirmed",
    positionals=(PositionalSpec("PATH"),),
    flags=(
        FlagSpec("--into", ("COLLECTION",), "Import into this collection", completes="collection"),
        FlagSpec("--tenant", ("NAME",), "Import into this tenant of a multi-tenant collection"),
        FlagSpec(
            "--ignore-columns",
            ("A,B",),
            "Leave these columns (or keys) of the file out",
            repeatable=True,
        ),
        FlagSpec(
            "--map",
            ("SRC=PROP",),
            "Import column SRC as property PROP (repeat it, or a=b,c=d)",
            repeatable=True,
        ),
        FlagSpec(
            "--create",
            (),
            "Create the --into collection first, from its exported config or inferred from the "
            "file",
        ),
        FlagSpec("--config", ("FILE",), "The config for --create (default: PATH.config.json)"),
        YES,
    ),
)
async def import_command(context: ReplContext, parsed: ParsedCommand) -> TransferView:
    into = parsed.text("--into")
    collection = into or context.require_collection()
    tenant = parsed.text("--tenant") or (
        context.tenant if collection == context.session.current_collection else None
    )
    request = ImportRequest(
        _path(parsed),
        collection,
        tenant,
        ignore_columns=frozenset(parsed.names_list("--ignore-columns")),
        column_map=_column_map(parsed),
    )
    created: NewCollection | None = None
    if parsed.has("--create"):
        created = await _create_for_import(context, parsed, into, request)
    elif parsed.has("--config"):
        raise parsed.error(parsed.name_word, "--config goes with --create")
    lines = ProgressLines(context.interactive, f"import {_path(parsed).name}")
    report = await import_file(context.session, request, lines.on_import)
    context.session.forget_config(collection)
    view = import_view(report)
    if created is None:
        return view
    return replace(
        view,
        summary=f"{created.summary()} {view.summary}",
        data={**view.data, "created": created.report()},
    )


def _column_map(parsed: ParsedCommand) -> dict[str, str]:
    """``--map src=prop`` (repeated, or comma-separated) as {src: prop}."""
    renames: dict[str, str] = {}
    for (word,) in parsed.values("--map"):
        for pair in filter(None, (p.strip() for p in word.text.split(","))):
            source, equals, target = (part.strip() for part in pair.partition("="))
            if not equals or not source or not target:
                raise parsed.error(word, f"{pair!r}: write the file's column=the property")
            renames[source] = target
    return renames


def _config_path(parsed: ParsedCommand) -> Path | None:
    given = parsed.text("--config")
    return Path(given).expanduser() if given else None


async def _create_for_import(
    context: ReplContext, parsed: ParsedCommand, into: str | None, request: ImportRequest
) -> NewCollection:
    """Create ``into`` from the config next to the data (or one inferred from the file, when
    there is none and no --config), after showing it and asking."""
    if into is None:
        raise parsed.error(parsed.name_word, "--create needs --into NEW, the collection to create")
    planned = await plan_new_collection(context.session, request, _config_path(parsed))
    await confirm_by_typing(
        context,
        f"Create {planned.name}. {safe_multiline(planned.describe())}",
        planned.name,
        assume_yes=parsed.has("--yes"),
    )
    await create_new_collection(context.session, planned)
    return planned


def import_view(report: ImportReport) -> TransferView:
    data: dict[str, Any] = {
        "operation": "import",
        "collection": report.collection,
        "path": str(report.path),
        "format": report.file_format,
        "read": report.read,
        "imported": report.imported,
        "failed": report.failed,
        "reconciled": report.reconciled,
        "references_added": report.references_added,
        "references_failed": report.references_failed,
        "repeated_uuids": report.repeated_uuids,
        "failed_path": str(report.failed_path) if report.failed_path else None,
        "elapsed_s": round(report.elapsed, 3),
    }
    failures = tuple((f.row, f.error) for f in report.failures[:SHOWN_FAILURES])
    return TransferView(report.summary(), data, failures)


@command(
    "export",
    "export PATH [--where EXPR] [--vectors] [--yes]",
    "Export the current collection (or the objects matching --where) to .json, .jsonl or .csv; "
    "an existing file is replaced only when confirmed (--yes in scripts)",
    positionals=(PositionalSpec("PATH"),),
    flags=(WHERE, FlagSpec("--vectors", (), "Include every named vector"), YES),
)
async def export_command(context: ReplContext, parsed: ParsedCommand) -> TransferView:
    config = await context.current_config()
    filters = context.where(parsed, config)
    path = _path(parsed)
    if await asyncio.to_thread(path.exists):
        await confirm_by_typing(
            context, f"{path} exists: replace it", path.name, assume_yes=parsed.has("--yes")
        )
    lines = ProgressLines(context.interactive, f"export {_path(parsed).name}")
    report = await export_objects(
        context.session,
        ExportRequest(
            config.name,
            _path(parsed),
            tenant=context.tenant,
            filters=filters,
            with_vectors=parsed.has("--vectors"),
        ),
        lines.on_export,
    )
    return export_view(report)


def export_view(report: ExportReport) -> TransferView:
    return TransferView(
        report.summary(),
        {
            "operation": "export",
            "collection": report.collection,
            "path": str(report.path),
            "format": report.file_format,
            "written": report.written,
            "source": report.source,
            "vectors": report.with_vectors,
            "elapsed_s": round(report.elapsed, 3),
        },
    )
