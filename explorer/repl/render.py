"""Views as Rich tables, JSON or JSON lines; plain functions that know nothing of the prompt.

Server text is untrusted: table cells are ``rich.text.Text`` built from :func:`safe_text` (never
markup), and JSON escapes every control and bidi character, so output cannot drive the terminal.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from rich.console import Console, Group, RenderableType
from rich.text import Text

from explorer.core.base.formatting import safe_multiline, safe_text
from explorer.core.base.models import ObjectRecord, VectorValue
from explorer.core.objects.mutations import describe_delete_many
from explorer.core.query.result_data import (
    aggregate_data,
    dumps,
    record_data,
    search_result_data,
)
from explorer.repl.backup_render import backup_data, backup_table
from explorer.repl.cells import cell, listing
from explorer.repl.render_access import access_data, access_rich
from explorer.repl.render_aggregate import aggregate_table
from explorer.repl.views import (
    AggregateView,
    BackupProgressView,
    BackupsView,
    ChangedView,
    CollectionsView,
    CountView,
    CurrentUserView,
    DeleteManyView,
    HelpView,
    JsonDocumentView,
    NewApiKeyView,
    Notice,
    ObjectsView,
    ObjectView,
    QuitView,
    RecordsView,
    RolesView,
    SchemaView,
    ShowsItself,
    TransferView,
    UsersView,
    View,
)

#: Longest text in a cell of a many-column object listing (a one-object table: CELL_WIDTH);
#: JSON output is never shortened.
LISTING_CELL_WIDTH = 40
PIPE_WIDTH = 160


def make_console(file: Any = None, *, width: int | None = None) -> Console:
    """A console that never interprets markup or emoji and never highlights on its own.

    Output to a pipe or file is laid out for 160 columns (``COLUMNS`` overrides), not Rich's 80.
    """
    stream = file if file is not None else sys.stdout
    if width is None and not os.environ.get("COLUMNS") and not _isatty(stream):
        width = PIPE_WIDTH
    return Console(file=file, markup=False, emoji=False, highlight=False, width=width)


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def show(console: Console, view: View | None, output_format: str, *, interactive: bool) -> None:
    """Print a view in the given format (``Notice`` only at the prompt)."""
    if view is None or isinstance(view, QuitView):
        return
    if isinstance(view, ShowsItself):
        view.show(console, output_format, interactive=interactive)
        return
    if isinstance(view, Notice):
        if interactive:
            console.print(Text(safe_multiline(view.text), style="dim"))
        return
    if output_format == "table" and isinstance(view, JsonDocumentView):
        output_format = "json"  # a document has no table form
    if output_format == "table":
        console.print(to_rich(view))
        return
    print_data(console, to_data(view), output_format)


def print_data(console: Console, data: Any, output_format: str) -> None:
    """``data`` as one JSON document, or one JSON line per row (``jsonl``)."""
    if output_format == "jsonl":
        rows = data if isinstance(data, list) else [data]
        text = "\n".join(dumps(row) for row in rows)
    else:
        text = dumps(data, indent=2)
    if text:
        console.file.write(text + "\n")
        console.file.flush()


# -- JSON ---------------------------------------------------------------------------------------


def to_data(view: View) -> Any:
    """The view as plain JSON-ready data."""
    match view:
        case RecordsView(rows=rows):
            return [dict(row) for row in rows]
        case JsonDocumentView(data=document):
            return document
        case CountView(collection=collection, count=count):
            return {"collection": collection, "count": count}
        case CollectionsView(collections=collections):
            return [
                {
                    "name": c.name,
                    "count": c.count,
                    "multi_tenant": c.multi_tenant,
                    "vectors": [{"name": v.name, "vectorizer": v.vectorizer} for v in c.vectors],
                    "description": c.description,
                }
                for c in collections
            ]
        case SchemaView(config=config):
            return {
                "name": config.name,
                "description": config.description,
                "multi_tenant": config.multi_tenant,
                "properties": [
                    {"name": p.name, "data_type": p.data_type, "tokenization": p.tokenization}
                    for p in config.properties
                ],
                "references": [{"name": n, "targets": list(t)} for n, t in config.references],
                "vectors": [
                    {
                        "name": v.name,
                        "vectorizer": v.vectorizer,
                        "source_properties": list(v.source_properties),
                        "vectorizer_settings": dict(v.vectorizer_settings),
                        "index_type": v.index_type,
                    }
                    for v in config.vectors
                ],
                "generative_module": config.generative_module,
                "reranker_module": config.reranker_module,
            }
        case ObjectsView(result=result, show_vectors=show_vectors):
            columns = view.columns if view.only_columns else None
            return search_result_data(result, show_vectors, columns)
        case ObjectView(record=record, show_vectors=show_vectors):
            return record_data(record, show_vectors)
        case AggregateView(result=result):
            return aggregate_data(result)
        case CurrentUserView() | UsersView() | RolesView() | NewApiKeyView():
            return access_data(view)
        case TransferView(data=data):
            return data
        case HelpView(commands=commands):
            return [
                {"name": c.name, "syntax": c.syntax, "help": c.help, "aliases": list(c.aliases)}
                for c in commands
            ]
        case BackupsView() | BackupProgressView():
            return backup_data(view)
        case ChangedView() | DeleteManyView():
            return mutation_data(view)
    raise TypeError(f"no JSON form for {type(view).__name__}")


# -- tables -------------------------------------------------------------------------------------


def to_rich(view: View) -> RenderableType:
    """The view as Rich renderables: tables, with a dim summary line where useful."""
    match view:
        case RecordsView():
            return _records(view)
        case CountView(count=count):
            return Text(str(count))
        case CollectionsView(collections=collections):
            table = listing("Collection", "Objects", "Vectors (vectorizer)", "MT")
            for c in collections:
                vectors = ", ".join(f"{v.name} ({v.vectorizer or 'none'})" for v in c.vectors)
                shown = "—" if c.count is None else f"{c.count:,}"
                table.add_row(
                    cell(c.name), Text(shown), cell(vectors), Text("✓" if c.multi_tenant else "")
                )
            return table
        case SchemaView():
            return _schema(view)
        case ObjectsView():
            return _objects(view)
        case ObjectView(record=record, show_vectors=show_vectors):
            return _object(record, show_vectors)
        case AggregateView(result=result):
            return aggregate_table(result)
        case HelpView():
            return _help(view)
        case CurrentUserView() | UsersView() | RolesView() | NewApiKeyView():
            return access_rich(view)
        case TransferView():
            return _transfer(view)
        case BackupsView() | BackupProgressView():
            return backup_table(view)
        case ChangedView() | DeleteManyView():
            return mutation_table(view)
    raise TypeError(f"no table form for {type(view).__name__}")


def _records(view: RecordsView) -> RenderableType:
    table = listing(*view.columns)
    for row in view.rows:
        table.add_row(*(cell("—" if row.get(c) is None else row.get(c)) for c in view.columns))
    return Group(table, Text(safe_text(view.caption), style="dim")) if view.caption else table


def _schema(view: SchemaView) -> RenderableType:
    config = view.config
    title = Text(safe_text(config.name), style="bold")
    if config.description:
        title.append("  " + safe_text(config.description), style="dim")
    properties = listing("Property", "Type", "Tokenization", "Description")
    for p in config.properties:
        properties.add_row(
            cell(p.name), cell(p.data_type), cell(p.tokenization or ""), cell(p.description or "")
        )
    for name, targets in config.references:
        properties.add_row(cell(name), cell("→ " + ", ".join(targets)), Text(""), Text(""))
    vectors = listing("Vector", "Vectorizer", "Source properties", "Settings", "Index", "Distance")
    for v in config.vectors:
        settings = ", ".join(f"{k}={val}" for k, val in sorted(v.vectorizer_settings.items()))
        vectors.add_row(
            cell(v.name),
            cell(v.vectorizer),
            cell(", ".join(v.source_properties) or "all text"),
            cell(settings or "—"),
            cell(v.index_type),
            cell(v.distance),
        )
    modules = Text(
        f"multi-tenant: {'yes' if config.multi_tenant else 'no'} · "
        f"generative: {safe_text(config.generative_module or '—')} · "
        f"reranker: {safe_text(config.reranker_module or '—')}",
        style="dim",
    )
    return Group(title, properties, vectors, modules)


def _objects(view: ObjectsView) -> RenderableType:
    objects = view.result.objects
    extra = [
        (label, name)
        for label, name in (
            ("score", "score"),
            ("distance", "distance"),
            ("rerank", "rerank_score"),
            ("generated", "generated"),
        )
        if any(getattr(o, name) is not None for o in objects)
    ]
    vector_names = sorted({n for o in objects for n in o.vectors}) if view.show_vectors else []
    table = listing("uuid", *view.columns, *(label for label, _ in extra), *vector_names)
    for record in objects:
        row = [Text(record.uuid)]
        row.extend(cell(record.column_value(name), LISTING_CELL_WIDTH) for name in view.columns)
        for _label, name in extra:
            value = getattr(record, name)
            row.append(
                Text(f"{value:.4f}")
                if isinstance(value, float)
                else cell(value if value is not None else "", LISTING_CELL_WIDTH)
            )
        row.extend(Text(_vector_summary(record.vectors.get(n))) for n in vector_names)
        table.add_row(*row)
    parts: list[RenderableType] = [table]
    if view.result.generated is not None:
        parts.append(Text("generated (grouped task):", style="bold"))
        parts.append(Text(safe_multiline(view.result.generated)))
    count = len(objects)
    parts.append(
        Text(
            f"{count} object{'s' if count != 1 else ''} · {view.result.elapsed_ms:.0f} ms",
            style="dim",
        )
    )
    return Group(*parts)


def _vector_summary(value: VectorValue | None) -> str:
    if not value:
        return ""
    first = value[0]
    if isinstance(first, tuple):
        return f"{len(value)} × {len(first)}-d multi-vector"
    head = ", ".join(f"{x:.4f}" for x in value[:3])
    return f"[{head}, …] {len(value)}-d"


def _object(record: ObjectRecord, show_vectors: bool) -> RenderableType:
    table = listing("Field", "Value")
    table.add_row(Text("uuid"), Text(record.uuid))
    table.add_row(Text("collection"), cell(record.collection))
    for name, value in record.properties.items():
        table.add_row(cell(name), cell(value))
    for name in record.references:
        table.add_row(cell(f"{name} →"), cell(", ".join(record.reference_labels(name))))
    if record.created is not None:
        table.add_row(Text("created"), cell(record.created))
    if record.updated is not None:
        table.add_row(Text("updated"), cell(record.updated))
    if show_vectors:
        for name, value in record.vectors.items():
            table.add_row(cell(f"vector {name}"), Text(_vector_summary(value)))
    return table


def _transfer(view: TransferView) -> RenderableType:
    parts: list[RenderableType] = [Text(safe_text(view.summary))]
    if view.failures:
        table = listing("Row", "Error")
        for row, error in view.failures:
            table.add_row(Text(str(row)), cell(error))
        parts.append(table)
    return Group(*parts)


def mutation_data(view: ChangedView | DeleteManyView) -> dict[str, Any]:
    if isinstance(view, ChangedView):
        change = view.change
        return {
            "action": change.action,
            "collection": change.collection,
            "tenant": change.tenant,
            "uuid": change.uuid,
            "properties": list(change.properties),
        }
    preview, result = view.preview, view.result
    data: dict[str, Any] = {
        "collection": preview.collection,
        "tenant": preview.tenant,
        "dry_run": result is None,
        "matches": preview.matches if result is None else result.matches,
    }
    if result is None:
        data["examples"] = [record_data(r) for r in preview.examples]
    else:
        data.update(successful=result.successful, failed=result.failed, remaining=result.remaining)
    return data


def mutation_table(view: ChangedView | DeleteManyView) -> RenderableType:
    if isinstance(view, ChangedView):
        change = view.change
        where = change.collection + (f"@{change.tenant}" if change.tenant else "")
        preposition = {"inserted": "into", "deleted": "from"}.get(change.action, "in")
        return Text(safe_text(f"{change.action.capitalize()} {change.uuid} {preposition} {where}"))
    if view.result is not None:
        return Text(safe_text(describe_delete_many(view.result)))
    preview = view.preview
    count = preview.matches
    parts: list[RenderableType] = [
        Text(f"{count:,} object{'s' if count != 1 else ''} would be deleted (dry run)")
    ]
    if preview.examples:
        table = listing("uuid", *view.columns)
        for record in preview.examples:
            table.add_row(
                Text(record.uuid),
                *(cell(record.properties.get(n), LISTING_CELL_WIDTH) for n in view.columns),
            )
        parts.append(table)
    return Group(*parts)


def _help(view: HelpView) -> RenderableType:
    if view.detailed and len(view.commands) == 1:
        spec = view.commands[0]
        parts: list[RenderableType] = [Text(spec.syntax, style="bold"), Text(spec.help)]
        if spec.aliases:
            parts.append(Text("aliases: " + ", ".join(spec.aliases), style="dim"))
        flags = listing("Flag", "Help")
        for flag in spec.all_flags:
            flags.add_row(Text(" ".join((flag.name, *flag.metavars))), Text(flag.help))
        parts.append(flags)
        return Group(*parts)
    table = listing("Command", "Description")
    for spec in view.commands:
        aliases = f" (also {', '.join(spec.aliases)})" if spec.aliases else ""
        table.add_row(Text(spec.syntax), Text(spec.help + aliases))
    return Group(table, Text("help <command> shows its flags", style="dim"))
