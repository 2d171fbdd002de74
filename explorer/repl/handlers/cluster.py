"""Commands about the cluster: ``nodes``, ``shards`` and ``consistency``."""

from __future__ import annotations

from explorer.core.admin.cluster import list_nodes, replication, set_shard_ready, shards_of
from explorer.core.admin.health_checks import run_doctor
from explorer.core.base.errors import ExplorerError
from explorer.core.client.consistency import CONSISTENCY_LEVELS
from explorer.repl.commands import FlagSpec, ParsedCommand, PositionalSpec, command
from explorer.repl.confirm import confirm_by_typing
from explorer.repl.context import ReplContext
from explorer.repl.handlers.catalog import find_collection
from explorer.repl.render_doctor import DoctorView
from explorer.repl.views import Notice, RecordsView


@command(
    "nodes",
    "nodes",
    "The cluster's nodes: status, version, shards and objects",
)
async def nodes(context: ReplContext, _parsed: ParsedCommand) -> RecordsView:
    found = await list_nodes(context.session)
    down = sum(not n.healthy for n in found)
    columns = ("node", "status", "version", "shards", "objects")
    return RecordsView(
        columns,
        tuple(
            dict(
                zip(
                    columns,
                    (n.name, n.status, n.version, n.shard_count, n.object_count),
                    strict=True,
                )
            )
            for n in found
        ),
        caption=f"{len(found)} node(s)" + (f", {down} not healthy" if down else ""),
    )


@command(
    "doctor",
    "doctor",
    "Cluster health checks: each finding names the object and the fix",
)
async def doctor(context: ReplContext, _parsed: ParsedCommand) -> DoctorView:
    try:
        saved = await context.saved.aall()
    except ExplorerError:
        saved = {}  # an unreadable saved-queries file only hides the filter checks
    return DoctorView(await run_doctor(context.session, saved))


@command(
    "shards",
    "shards [Collection] [--set-ready SHARD [--yes]]",
    "A collection's shards on each node, with object counts and replication factor",
    positionals=(PositionalSpec("Collection", required=False, completes="collection"),),
    flags=(
        FlagSpec("--set-ready", ("SHARD",), "Set this shard READY again (asks first)"),
        FlagSpec("--yes", (), "With --set-ready: do not ask (for scripts)"),
    ),
)
async def shards(context: ReplContext, parsed: ParsedCommand) -> RecordsView:
    word = parsed.positionals.get("Collection")
    name = (
        context.require_collection()
        if word is None
        else (await find_collection(context, parsed, word)).name
    )
    shard = parsed.text("--set-ready")
    if shard is not None:
        context.session.require_writable(f"set the shard {shard} of {name} READY")
        await confirm_by_typing(
            context,
            f"Set the shard {shard} of {name} READY (writes to it resume)",
            shard,
            assume_yes=parsed.has("--yes"),
        )
        now = await set_shard_ready(context.session, name, shard)
        return RecordsView(
            ("collection", "shard", "status"),
            ({"collection": name, "shard": shard, "status": now},),
        )
    found = await list_nodes(context.session, name)
    info = await replication(context.session, name)
    level = context.session.consistency_level or "server default (QUORUM)"
    status = {n.name: n.status for n in found}
    return RecordsView(
        ("shard", "node", "status", "objects", "indexing"),
        tuple(
            {
                "shard": s.name,
                "node": s.node,
                "status": status.get(s.node, "?"),
                "objects": s.object_count,
                "indexing": s.indexing_status,
            }
            for s in shards_of(found, name)
        ),
        caption=f"{name}: replication factor {info.factor}; consistency level {level}",
    )


@command(
    "consistency",
    "consistency [ONE|QUORUM|ALL|default]",
    "Show or set the consistency level of reads and writes in this session",
    positionals=(PositionalSpec("level", required=False),),
    prints_data=lambda parsed: "level" not in parsed.positionals,
)
async def consistency(context: ReplContext, parsed: ParsedCommand) -> Notice | RecordsView:
    word = parsed.positionals.get("level")
    session = context.session
    if word is not None:
        try:
            session.set_consistency_level(word.text)
        except Exception as exc:
            raise parsed.error(word, getattr(exc, "message", str(exc))) from None
        return Notice(f"Consistency level: {session.consistency_level or 'server default'}")
    return RecordsView(
        ("consistency_level", "choices"),
        (
            {
                "consistency_level": session.consistency_level or "default",
                "choices": ", ".join(CONSISTENCY_LEVELS),
            },
        ),
    )
