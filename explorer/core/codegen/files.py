"""Copy as code for a collection's config (``create_from_dict``) and for an import of a file."""

from __future__ import annotations

import pprint
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from explorer.core.base.errors import ExplorerError
from explorer.core.client.connection import ConnectionOptions
from explorer.core.codegen.script import (
    INDENT,
    Script,
    Variant,
    collection_line,
    safe_doc,
)
from explorer.core.codegen.values import literal

IMPORT_FORMATS = ("json", "jsonl", "csv")


def collection_config_code(
    config: Mapping[str, Any],
    options: ConnectionOptions,
    *,
    variant: Variant = "async",
    name: str | None = None,
) -> str:
    """The script that creates a collection from an exported config (``create_from_dict``)."""
    script = Script(options, variant)
    exported = dict(config)
    if name is not None:
        exported["class"] = name
    if not isinstance(exported.get("class"), str):
        raise ExplorerError("Cannot write code", "the config names no collection ('class')")
    literal(exported)  # refuses values that have no literal
    dict_source = pprint.pformat(exported, indent=1, width=92, sort_dicts=False)
    script.body.append("config = " + dict_source.replace("\n", "\n" + " " * len("config = ")))
    script.body.append(f"collection = {script.awaits}client.collections.create_from_dict(config)")
    script.body.append("print_results(collection.name)")
    script.printer = [
        "def print_results(name: str) -> None:",
        f'{INDENT}print(json.dumps({{"created": name}}))',
    ]
    return script.render(f"Create the collection {safe_doc(exported['class'])}.")


# -- import ------------------------------------------------------------------------------------


def import_code(
    path: str | Path,
    collection: str,
    options: ConnectionOptions,
    *,
    variant: Variant = "async",
    tenant: str | None = None,
    file_format: str | None = None,
) -> str:
    """The script that imports a JSON, JSONL or CSV file as the explorer's own import does.

    It reads every format the explorer writes (and flat rows), types each value by the
    collection's schema (read from the server), sends uuids and vectors (named and multi-vector)
    in a first batch stream and the references in a second one: batch references are the only
    way to restore a reference whose target does not exist.
    """
    file_format = (file_format or Path(path).suffix.lstrip(".")).lower()
    if file_format not in IMPORT_FORMATS:
        raise ExplorerError(
            "Unknown file format", f"{file_format!r}: import reads {', '.join(IMPORT_FORMATS)}"
        )
    script = Script(options, variant)
    script.use("weaviate.classes.data", "ReferenceToMulti")
    script.printer = [
        f"PATH = {str(path)!r}",
        f"FORMAT = {file_format!r}",
        f"TENANT = {tenant!r}",
        "",
        "",
        *_inline_runtime(script),
        "",
        "",
        "def print_results(inserted: int, failed: int, references: int, references_failed: int)"
        " -> None:",
        f"{INDENT}print(",
        f"{INDENT * 2}json.dumps(",
        f"{INDENT * 3}{{",
        f'{INDENT * 4}"inserted": inserted,',
        f'{INDENT * 4}"failed": failed,',
        f'{INDENT * 4}"references_added": references - references_failed,',
        f'{INDENT * 4}"references_failed": references_failed,',
        f"{INDENT * 3}}}",
        f"{INDENT * 2})",
        f"{INDENT})",
    ]
    batch_with = "async with" if variant == "async" else "with"
    awaits = script.awaits
    script.body.extend(
        [
            collection_line(collection, tenant),
            f"schema = Schema({awaits}collection.config.get(), TENANT)",
            "shaped, failed = [], 0",
            "for number, row in enumerate(read_rows(PATH, FORMAT), start=1):",
            f"{INDENT}try:",
            f'{INDENT * 2}shaped.append(shape_row(row, schema, cells_are_text=FORMAT == "csv"))',
            f"{INDENT}except (KeyError, TypeError, ValueError, AttributeError) as exc:",
            f"{INDENT * 2}failed += 1",
            f'{INDENT * 2}print(f"row {{number}}: {{exc}}", file=sys.stderr)',
            f"{batch_with} collection.batch.stream() as batch:",
            f"{INDENT}for object_uuid, properties, vector, _references in shaped:",
            f"{INDENT * 2}{awaits}batch.add_object(properties=properties, uuid=object_uuid, "
            "vector=vector)",
            "for error in collection.batch.failed_objects:",
            f'{INDENT}print(f"{{error.object_.uuid}}: {{error.message}}", file=sys.stderr)',
            "not_imported = {str(error.object_.uuid) for error in collection.batch.failed_objects}",
            "references = [",
            f"{INDENT}(object_uuid, *reference)",
            f"{INDENT}for object_uuid, _properties, _vector, object_references in shaped",
            f"{INDENT}if object_uuid not in not_imported",
            f"{INDENT}for reference in object_references",
            "]",
            "references_failed = 0",
            "if references:  # batch references also restore those whose target is missing",
            f"{INDENT}{batch_with} collection.batch.stream() as batch:",
            f"{INDENT * 2}for from_uuid, prop, target, target_collection in references:",
            f"{INDENT * 3}to = (",
            f"{INDENT * 4}ReferenceToMulti(target_collection=target_collection, uuids=target)",
            f"{INDENT * 4}if target_collection",
            f"{INDENT * 4}else target",
            f"{INDENT * 3})",
            f"{INDENT * 3}{awaits}batch.add_reference(from_uuid=from_uuid, from_property=prop, "
            "to=to)",
            f"{INDENT}references_failed = len(collection.batch.failed_references)",
            "print_results(",
            f"{INDENT}len(shaped) - len(not_imported),",
            f"{INDENT}failed + len(not_imported),",
            f"{INDENT}len(references),",
            f"{INDENT}references_failed,",
            ")",
        ]
    )
    script.imports.add("import sys")
    return script.render(f"Import a {file_format} file into {safe_doc(collection)}.")


def _inline_runtime(script: Script) -> list[str]:
    """The lines of :mod:`import_runtime` after its imports; its imports go to ``script``."""
    from explorer.core.codegen import import_runtime

    lines = Path(import_runtime.__file__).read_text(encoding="utf-8").splitlines()
    head = lines[: next(i for i, line in enumerate(lines) if line.startswith("def "))]
    imports = [i for i, line in enumerate(head) if line.startswith(("import ", "from "))]
    for line in (lines[i] for i in imports):
        if line.startswith("import "):
            script.imports.add(line)
        else:
            module, names = line.removeprefix("from ").split(" import ")
            script.use(module, *(name.strip() for name in names.split(",")))
    body = lines[imports[-1] + 1 :]
    while body and not body[0]:
        body.pop(0)
    return body
