"""The vector lab: ``vectors`` (health), ``cosine``, ``recall`` (search quality) and ``map``.

The numeric work runs in threads (explorer.core.lab); at the prompt a scan shows a progress
line on stderr about once a second.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from explorer.core.base.errors import ExplorerError
from explorer.core.lab.recall import (
    DEFAULT_K,
    DEFAULT_MAX_MEMORY_MB,
    DEFAULT_SAMPLE,
    measure_recall,
)
from explorer.core.lab.similarity import object_similarity
from explorer.core.lab.vector_health import health_data, vector_health
from explorer.core.lab.vector_map import DEFAULT_SAMPLE as MAP_SAMPLE
from explorer.core.lab.vector_map import build_vector_map
from explorer.core.lab.vector_scan import ScanProgress, checked_target
from explorer.core.query.requests import MAX_LIMIT, SearchRequest
from explorer.core.query.result_data import dumps
from explorer.repl.commands import FlagSpec, ParsedCommand, PositionalSpec, command
from explorer.repl.context import ReplContext
from explorer.repl.handlers.objects import WHERE, checked_uuid
from explorer.repl.handlers.search import TARGET
from explorer.repl.handlers.transfer import ProgressLines
from explorer.repl.map_image import check_image_path, write_map_image
from explorer.repl.render_lab import HealthView, MapView, RecallView, SimilarityView

SAMPLE_HELP = "How many objects"


def _progress(context: ReplContext, what: str) -> Any:
    lines = ProgressLines(context.interactive, what)

    def show(update: ScanProgress) -> None:
        rate = update.scanned / update.elapsed if update.elapsed > 0 else 0.0
        left = (update.total - update.scanned) / rate if update.total and rate > 0 else None
        lines.show(update.scanned, update.total, rate, left)

    return show


async def _count(context: ReplContext, collection: str) -> int | None:
    try:
        return await context.session.count(collection, tenant=context.tenant)
    except ExplorerError:
        return None  # progress without a total


@command(
    "vectors",
    "vectors [--target V] [--export PATH]",
    "Vector health: scans every object and counts missing, zero, NaN/inf, wrong-dimension and "
    "duplicate vectors, with the norms (min, median, max, histogram); every named vector",
    flags=(
        TARGET,
        FlagSpec("--export", ("PATH",), "Write every problem's uuids to this JSON file"),
    ),
)
async def vectors(context: ReplContext, parsed: ParsedCommand) -> HealthView:
    config = await context.current_config()
    target = parsed.text("--target")
    targets = (checked_target(config, target),) if target else None
    total = await _count(context, config.name)
    report = await vector_health(
        context.session,
        config,
        tenant=context.tenant,
        targets=targets,
        total=total,
        progress=_progress(context, f"vectors {config.name}"),
    )
    export = parsed.text("--export")
    if export is None:
        return HealthView(report)
    text = dumps(health_data(report), indent=2)
    path = await asyncio.to_thread(_write_text, Path(export), text)
    return HealthView(report, exported_to=str(path))


def _write_text(path: Path, text: str) -> Path:
    path = path.expanduser()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(path.name + ".part")
        temporary.write_text(text + "\n", encoding="utf-8")
        temporary.replace(path)
    except OSError as exc:
        raise ExplorerError("Cannot write the file", f"{path}: {exc.strerror or exc}") from exc
    return path


@command(
    "cosine",
    "cosine <uuid> <uuid>",
    "The cosine similarity of two objects of the current collection, for each named vector",
    positionals=(PositionalSpec("uuid"), PositionalSpec("other")),
)
async def cosine(context: ReplContext, parsed: ParsedCommand) -> SimilarityView:
    first = checked_uuid(parsed, parsed.positionals["uuid"])
    second = checked_uuid(parsed, parsed.positionals["other"])
    collection = context.require_collection()
    found = await object_similarity(context.session, collection, first, second, context.tenant)
    return SimilarityView(first, second, found)


@command(
    "recall",
    "recall [--target V] [--sample N] [--k K] [--ef E] [--max-memory MB]",
    "Search quality: recall@k of the server's near_vector against the exact k nearest "
    "neighbours (numpy), for N sample objects; --ef sets ef for the measurement and back",
    flags=(
        TARGET,
        FlagSpec("--sample", ("N",), f"How many sample queries [default {DEFAULT_SAMPLE}]"),
        FlagSpec("--k", ("K",), f"Neighbours per query [default {DEFAULT_K}]"),
        FlagSpec("--ef", ("E",), "Measure with this ef (changes the index config, then restores)"),
        FlagSpec(
            "--max-memory",
            ("MB",),
            f"Refuse when the vectors need more memory [default {DEFAULT_MAX_MEMORY_MB}]",
        ),
    ),
)
async def recall(context: ReplContext, parsed: ParsedCommand) -> RecallView:
    collection = context.require_collection()
    ef_word = parsed.value("--ef")
    report = await measure_recall(
        context.session,
        collection,
        target=parsed.text("--target"),
        sample=parsed.integer("--sample", DEFAULT_SAMPLE),
        k=parsed.integer("--k", DEFAULT_K),
        ef=parsed.integer("--ef", 0) if ef_word is not None else None,
        tenant=context.tenant,
        max_memory_mb=parsed.integer("--max-memory", DEFAULT_MAX_MEMORY_MB),
        progress=_progress(context, f"recall {collection}"),
    )
    if report.worst_request is not None:
        context.last_request = report.worst_request  # `code` shows the worst query
    return RecallView(report)


@command(
    "map",
    "map [--target V] [--color-by PROP] [--sample N] [--where EXPR] [--output FILE.png|svg]",
    "Vector map: up to N vectors (default 2,000) projected to 2-D with PCA; --format json "
    "prints the coordinates, --output draws them (needs the plots extra: matplotlib)",
    flags=(
        TARGET,
        FlagSpec(
            "--color-by", ("PROP",), "Colour the points by this property", completes="property"
        ),
        FlagSpec("--sample", ("N",), f"At most this many vectors [default {MAP_SAMPLE:,}]"),
        WHERE,
        FlagSpec("--output", ("FILE",), "Draw the map to a .png or .svg file"),
    ),
)
async def vector_map(context: ReplContext, parsed: ParsedCommand) -> MapView:
    config = await context.current_config()
    output = parsed.text("--output")
    path = check_image_path(output) if output is not None else None
    sample = parsed.integer("--sample", MAP_SAMPLE, minimum=2)
    filters = context.where(parsed, config)
    highlighted = await _last_results(context, config.name)
    found = await build_vector_map(
        context.session,
        config,
        target=parsed.text("--target"),
        color_by=parsed.text("--color-by"),
        sample=sample,
        filters=filters,
        tenant=context.tenant,
        progress=_progress(context, f"map {config.name}"),
    )
    context.last_request = SearchRequest(
        config.name,
        "fetch",
        filters=filters,
        limit=min(sample, MAX_LIMIT),
        tenant=context.tenant,
        include_vector=True,
    )
    if path is None:
        return MapView(found, highlighted)
    written = await asyncio.to_thread(write_map_image, found, path, highlighted)
    return MapView(found, highlighted, written_to=str(written))


async def _last_results(context: ReplContext, collection: str) -> frozenset[str]:
    """The uuids the last search on this collection returns (it is run again), if any."""
    request = context.last_request
    if not isinstance(request, SearchRequest) or request.kind == "fetch":
        return frozenset()
    if request.collection != collection:
        return frozenset()
    result = await context.session.search(request)
    return frozenset(o.uuid for o in result.objects)
