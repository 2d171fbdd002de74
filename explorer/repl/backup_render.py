"""Backups and backup progress as JSON-ready data and Rich tables (server text stays inert)."""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from explorer.core.admin.backups import BackupInfo, BackupProgress, format_size
from explorer.core.base.formatting import format_value, safe_text
from explorer.repl.views import BackupProgressView, BackupsView


def backup_data(view: BackupsView | BackupProgressView) -> Any:
    if isinstance(view, BackupsView):
        return [_info_data(info) for info in view.backups]
    return progress_data(view.progress)


def _info_data(info: BackupInfo) -> dict[str, Any]:
    return {
        "id": info.backup_id,
        "status": info.status,
        "collections": list(info.collections),
        "started": info.started,
        "completed": info.completed,
        "size_gib": info.size_gib,
    }


def progress_data(progress: BackupProgress) -> dict[str, Any]:
    return {
        "id": progress.backup_id,
        "operation": progress.operation,
        "status": progress.status,
        "elapsed_s": round(progress.elapsed, 3),
        "collections": list(progress.collections),
        "error": progress.error,
        "path": progress.path,
        "detail": progress.detail,
    }


def progress_line(progress: BackupProgress) -> Text:
    """One line per status change, for stderr while a backup or restore runs."""
    verb = "backup" if progress.operation == "create" else "restore"
    text = f"{verb} {progress.backup_id}: {progress.status} · {progress.elapsed:.1f}s"
    if progress.detail:
        text += f" · {progress.detail}"
    return Text(safe_text(text), style="red" if progress.status == "FAILED" else "dim")


def backup_table(view: BackupsView | BackupProgressView) -> RenderableType:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold")
    if isinstance(view, BackupsView):
        for header in ("Backup", "Status", "Collections", "Started", "Completed", "Size"):
            table.add_column(header, overflow="fold")
        for info in view.backups:
            table.add_row(
                Text(safe_text(info.backup_id)),
                Text(safe_text(info.status)),
                Text(safe_text(", ".join(info.collections), 200)),
                Text(format_value(info.started) if info.started else "—"),
                Text(format_value(info.completed) if info.completed else "—"),
                Text(format_size(info.size_gib)),
            )
        count = len(view.backups)
        return Group(table, Text(f"{count} backup{'s' if count != 1 else ''}", style="dim"))
    progress = view.progress
    table.add_column("Field")
    table.add_column("Value", overflow="fold")
    table.add_row("backup", Text(safe_text(progress.backup_id)))
    table.add_row("operation", progress.operation)
    table.add_row("status", Text(safe_text(progress.status)))
    table.add_row(
        "collections", Text(safe_text(", ".join(progress.collections), 200) or "— (not listed)")
    )
    table.add_row("elapsed", f"{progress.elapsed:.1f}s")
    if progress.path:
        table.add_row("path", Text(safe_text(progress.path)))
    if progress.detail:
        table.add_row("detail", Text(safe_text(progress.detail)))
    if progress.error:
        table.add_row("error", Text(safe_text(progress.error)))
    return table
