"""``diff-schema`` and ``copy``: a second connection (a profile or a URL) beside the REPL's.

The other side gets a session of its own for the command. ``diff-schema`` only reads it;
``--apply`` changes this side (A), ``copy`` writes the other side: each is refused on a
read-only connection before anything is sent, and each shows its plan and asks first.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from explorer.core.base.errors import ExplorerError
from explorer.core.base.formatting import safe_multiline
from explorer.core.base.typed_confirmation import note_confirmed_by_typing
from explorer.core.client.session import require_writable
from explorer.core.servers import rest_schema
from explorer.core.servers.collection_copy import CopyProgress, run_copy
from explorer.core.servers.copy_plan import CopyRequest, plan_copy
from explorer.core.servers.diff_apply import apply_diff, apply_plan
from explorer.core.servers.other_side import other_session, other_side_options
from explorer.core.servers.schema_diff import compare_schemas, describe_value, diff_collections
from explorer.repl.commands import FlagSpec, ParsedCommand, PositionalSpec, command
from explorer.repl.confirm import confirm_by_typing
from explorer.repl.context import ReplContext
from explorer.repl.handlers.admin import YES
from explorer.repl.handlers.objects import WHERE
from explorer.repl.handlers.transfer import ProgressLines
from explorer.repl.servers_views import ApplyView, SchemaComparisonView, SchemaDiffView
from explorer.repl.views import JsonDocumentView, TransferView

SHOWN_FAILURES = 10


@command(
    "diff-schema",
    "diff-schema [COLLECTION] --against PROFILE|URL [--against-grpc-port N] "
    "[--collection-b NAME] [--apply [--yes]]",
    "Compare a collection's config here (A) with another server's (B): each difference "
    "added, removed or changed, and whether it can change in place; without a collection, "
    "which collections exist on one side only. --apply makes A match B where it can, after "
    "showing the plan and asking for the collection's name",
    positionals=(PositionalSpec("collection", required=False, completes="collection"),),
    flags=(
        FlagSpec("--against", ("PROFILE|URL",), "The other server: a profile or a URL"),
        FlagSpec("--against-grpc-port", ("N",), "The other server's gRPC port (with a URL)"),
        FlagSpec("--collection-b", ("NAME",), "The collection to compare with on B"),
        FlagSpec("--apply", (), "Make A match B for the changes that can be made in place"),
        YES,
    ),
)
async def diff_schema(context: ReplContext, parsed: ParsedCommand) -> Any:
    session = context.session
    against = _required(parsed, "--against", "name the other server: --against PROFILE|URL")
    word = parsed.positionals.get("collection")
    collection = word.text if word is not None else None
    applying = parsed.has("--apply")
    if applying and collection is None:
        raise parsed.error(parsed.name_word, "--apply changes one collection: name it")
    if parsed.has("--collection-b") and collection is None:
        raise parsed.error(parsed.name_word, "--collection-b goes with a collection to compare")
    if applying:
        session.require_writable(f"change collection {collection}")
    options = await asyncio.to_thread(
        other_side_options, against, grpc_port=_port(parsed, "--against-grpc-port"), read_only=True
    )
    async with other_session(options) as other:
        a_url, b_url = session.options.display_url, other.options.display_url
        if collection is None:
            a_schema, b_schema = await asyncio.gather(
                rest_schema.read_schema(session), rest_schema.read_schema(other)
            )
            comparison = await asyncio.to_thread(compare_schemas, a_schema, b_schema)
            return SchemaComparisonView(comparison, a_url, b_url)
        b_name = parsed.text("--collection-b") or collection
        a_config, b_config = await asyncio.gather(
            rest_schema.read_class(session, collection), rest_schema.read_class(other, b_name)
        )
    for config, name, url in ((a_config, collection, a_url), (b_config, b_name, b_url)):
        if config is None:
            raise ExplorerError("No such collection", f"{url} has no collection {name}")
    assert a_config is not None and b_config is not None
    diff = await asyncio.to_thread(diff_collections, a_config, b_config)
    if not applying:
        return SchemaDiffView(diff, a_url, b_url)
    steps = apply_plan(diff)
    plan = [f"Make {collection} at {a_url} match {b_name} at {b_url}:"]
    plan += [
        f"- {d.section} {d.where}: {d.change}, {describe_value(d.a)} → {describe_value(d.b)}"
        for d in steps
    ]
    if diff.not_in_place:
        plan.append(f"({len(diff.not_in_place)} differences cannot change in place: left alone)")
    await confirm_by_typing(
        context, safe_multiline("\n".join(plan)), collection, assume_yes=parsed.has("--yes")
    )
    result = await apply_diff(session, diff)
    await context.schema.refresh()
    return ApplyView(result)


@command(
    "copy",
    "copy COLLECTION --to PROFILE|URL [--to-grpc-port N] [--as NAME] [--where EXPR] "
    "[--tenants a,b|'*'] [--vectors] [--failed PATH] [--dry-run] [--yes]",
    "Copy a collection (objects, references, with --vectors their vectors) to another server: "
    "the target is created from this one's config unless it exists and is compatible; objects "
    "keep their uuids, so running it again converges without duplicates",
    positionals=(PositionalSpec("collection", completes="collection"),),
    flags=(
        FlagSpec("--to", ("PROFILE|URL",), "The target server: a profile or a URL"),
        FlagSpec("--to-grpc-port", ("N",), "The target's gRPC port (with a URL)"),
        FlagSpec("--as", ("NAME",), "The target collection's name (default: the same)"),
        WHERE,
        FlagSpec("--tenants", ("a,b|*",), "The tenants to copy (default: every active one)"),
        FlagSpec("--vectors", (), "Copy the vectors too (else the target computes them)"),
        FlagSpec("--failed", ("PATH",), "Where the failed rows go"),
        FlagSpec("--dry-run", (), "Show the plan only"),
        YES,
    ),
)
async def copy_command(context: ReplContext, parsed: ParsedCommand) -> Any:
    to = _required(parsed, "--to", "name the target server: --to PROFILE|URL")
    collection = parsed.positionals["collection"].text
    options = await asyncio.to_thread(
        other_side_options, to, grpc_port=_port(parsed, "--to-grpc-port")
    )
    request = CopyRequest(
        collection=collection,
        target_name=parsed.text("--as"),
        where=parsed.text("--where"),
        tenants=parsed.text("--tenants"),
        with_vectors=parsed.has("--vectors"),
        failed_path=_failed_path(parsed),
    )
    # Refused before connecting: nothing is sent to either side.
    require_writable(options, f"copy {collection} to {options.display_url}")
    async with other_session(options) as target:
        plan = await plan_copy(context.session, target, request)
        if parsed.has("--dry-run"):
            return JsonDocumentView(plan.as_json())
        await confirm_by_typing(
            context,
            safe_multiline("\n".join(plan.describe())),
            plan.target,
            assume_yes=parsed.has("--yes"),
        )
        if not parsed.has("--yes"):
            note_confirmed_by_typing(target)  # the typed name approves a protected target too
        target.confirm_mutation = context.session.confirm_mutation
        lines = ProgressLines(context.interactive, f"copy {collection}")

        def on_progress(update: CopyProgress) -> None:
            where = f" · tenant {update.tenant}" if update.tenant else ""
            lines.show(
                update.done,
                update.total,
                update.rate,
                update.eta,
                f" · {update.failed:,} failed{where}",
            )

        report = await run_copy(context.session, target, plan, on_progress)
    failures = tuple((f.row, f.error) for f in report.failures[:SHOWN_FAILURES])
    return TransferView(report.summary(), report.as_json(), failures)


def _required(parsed: ParsedCommand, flag: str, message: str) -> str:
    value = parsed.text(flag)
    if value is None or not value.strip():
        raise parsed.error(parsed.name_word, message)
    return value


def _failed_path(parsed: ParsedCommand) -> Path | None:
    given = parsed.text("--failed")
    return Path(given).expanduser() if given else None


def _port(parsed: ParsedCommand, flag: str) -> int | None:
    return parsed.integer(flag, 0, minimum=1) if parsed.has(flag) else None
