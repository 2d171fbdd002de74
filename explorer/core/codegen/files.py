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
    """The script that imports a JSON, JSONL or CSV file of rows with server-side batching.

    Each row is an object's properties; in JSON and JSONL a row may also carry ``uuid`` and
    ``vector``. CSV values stay text, as the file has them.
    """
    file_format = (file_format or Path(path).suffix.lstrip(".")).lower()
    if file_format not in IMPORT_FORMATS:
        raise ExplorerError(
            "Unknown file format", f"{file_format!r}: import reads {', '.join(IMPORT_FORMATS)}"
        )
    script = Script(options, variant)
    script.imports.add("import pathlib")
    reader = {
        "json": ["rows = json.loads(pathlib.Path(PATH).read_text(encoding='utf-8'))"],
        "jsonl": [
            "text = pathlib.Path(PATH).read_text(encoding='utf-8')",
            "rows = [json.loads(line) for line in text.splitlines() if line.strip()]",
        ],
        "csv": [
            "with pathlib.Path(PATH).open(newline='', encoding='utf-8') as file:",
            f"{INDENT}rows = list(csv.DictReader(file))",
        ],
    }[file_format]
    if file_format == "csv":
        script.imports.add("import csv")
    script.printer = [
        f"PATH = {str(path)!r}",
        "",
        "",
        "def read_rows() -> list[dict]:",
        f'{INDENT}"""The rows of the file, one dict per object."""',
        *(f"{INDENT}{line}" for line in reader),
        f"{INDENT}return rows",
        "",
        "",
        "def print_results(inserted: int, failed: list) -> None:",
        f'{INDENT}print(json.dumps({{"inserted": inserted, "failed": len(failed)}}))',
    ]
    batch_with = "async with" if variant == "async" else "with"
    script.body.extend(
        [
            collection_line(collection, tenant),
            "rows = read_rows()",
            f"{batch_with} collection.batch.stream() as batch:",
            f"{INDENT}for row in rows:",
            f"{INDENT * 2}properties = dict(row)",
            f'{INDENT * 2}object_uuid = properties.pop("uuid", None)',
            f'{INDENT * 2}vector = properties.pop("vector", None)',
            f"{INDENT * 2}{script.awaits}batch.add_object(",
            f"{INDENT * 3}properties=properties, uuid=object_uuid, vector=vector",
            f"{INDENT * 2})",
            "failed = collection.batch.failed_objects",
            "print_results(len(rows) - len(failed), failed)",
        ]
    )
    return script.render(f"Import a {file_format} file into {safe_doc(collection)}.")
