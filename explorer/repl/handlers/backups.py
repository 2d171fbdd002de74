"""Commands about backups: ``backups`` lists them; ``backup create|status|restore ID`` acts.

Weaviate restores a collection only under its own name and only when it does not exist;
``backup restore ID --as NEWNAME`` restores onto a scratch local server and copies the
collection into NEWNAME, which needs the backup's files on this machine.
"""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator

from explorer.core.admin.backups import (
    BackupProgress,
    backup_status,
    create_backup,
    follow,
    list_backups,
    restore_backup,
)
from explorer.local.backup_copy import restore_as_new
from explorer.repl.backup_render import progress_line
from explorer.repl.commands import FlagSpec, ParsedCommand, PositionalSpec, command
from explorer.repl.context import ReplContext
from explorer.repl.render import make_console
from explorer.repl.views import BackupProgressView, BackupsView

ACTIONS = ("create", "status", "restore")
#: Which flags each action takes (the global --format aside).
ACTION_FLAGS = {
    "create": {"--collections", "--exclude", "--wait"},
    "status": {"--restore"},
    "restore": {"--collections", "--as", "--wait"},
}


@command(
    "backups",
    "backups",
    "List the backups on the server's filesystem backend",
)
async def backups(context: ReplContext, _parsed: ParsedCommand) -> BackupsView:
    return BackupsView(await list_backups(context.session))


@command(
    "backup",
    "backup create|status|restore ID [--collections A,B] [--exclude A,B] [--as NEW] [--wait]",
    "Create a backup, show its status, or restore it (--as NEW restores one collection "
    "under a new name via a scratch local server); progress goes to stderr",
    positionals=(PositionalSpec("create|status|restore"), PositionalSpec("ID")),
    flags=(
        FlagSpec(
            "--collections",
            ("A,B",),
            "create: back up only these; restore: restore only these",
            completes="collection",
        ),
        FlagSpec("--exclude", ("A,B",), "create: back up all but these", completes="collection"),
        FlagSpec(
            "--as",
            ("NEWNAME",),
            "restore: into this new collection (a scratch server restores, then objects are "
            "copied; needs the backup files on this machine)",
        ),
        FlagSpec("--wait", (), "Wait until done, printing progress on stderr"),
        FlagSpec("--restore", (), "status: of the backup's restore, not of its creation"),
    ),
)
async def backup(context: ReplContext, parsed: ParsedCommand) -> BackupProgressView:
    action_word = parsed.positionals["create|status|restore"]
    action = action_word.text
    if action not in ACTIONS:
        raise parsed.error(action_word, f"choose create, status or restore, not {action!r}")
    for flag, occurrences in parsed.flags.items():
        if flag != "--format" and flag not in ACTION_FLAGS[action]:
            word = occurrences[0][0] if occurrences[0] else action_word
            raise parsed.error(word, f"backup {action} does not take {flag}")
    backup_id = parsed.positionals["ID"].text
    session = context.session
    if action == "status":
        if parsed.has("--restore"):
            return BackupProgressView(await backup_status(session, backup_id, "restore"))
        return BackupProgressView(await backup_status(session, backup_id, "create"))
    collections = parsed.names_list("--collections")
    if action == "create":
        started = await create_backup(
            session, backup_id, include=collections, exclude=parsed.names_list("--exclude")
        )
    else:
        new_name = parsed.text("--as")
        if new_name is not None:
            if len(collections) != 1:
                as_word = parsed.value("--as")
                assert as_word is not None
                raise parsed.error(
                    as_word, "--as restores one collection: name it with --collections A"
                )
            return BackupProgressView(
                await _report(restore_as_new(session, backup_id, collections[0], new_name))
            )
        started = await restore_backup(session, backup_id, include=collections)
    if not parsed.has("--wait"):
        return BackupProgressView(started)
    return BackupProgressView(await _report(follow(session, started)))


async def _report(events: AsyncIterator[BackupProgress]) -> BackupProgress:
    """Print each step on stderr; the last one is the result."""
    errors = make_console(sys.stderr)
    last: BackupProgress | None = None
    async for event in events:
        errors.print(progress_line(event))
        last = event
    assert last is not None
    return last
