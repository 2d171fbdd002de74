"""Write exported objects as JSON, JSONL or CSV (blocking: the exporter runs these in a thread).

A writer writes into a temporary file beside the target; :meth:`ExportFile.commit` renames it
into place at the end, so a failed or cancelled export never leaves a half-written file under
the target's name.

The JSON and JSONL object is ``{"uuid", "properties", "vectors"?, "references"?}``; a CSV row
is flat: ``uuid``, each property, each reference property, then ``vector.<name>`` columns.
Nested values (arrays, objects, geo coordinates, phone numbers, references) are JSON text in a
CSV cell; dates are ISO 8601; blobs stay the base64 text Weaviate stores. An empty CSV cell
reads back as null, so an empty text becomes null in a CSV round trip (JSON keeps it).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import tempfile
import uuid as uuid_module
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from explorer.core.client.convert import geo_value
from explorer.core.transfer.formats import FileFormat
from explorer.core.transfer.rows import VECTOR_PREFIX


@dataclass(frozen=True)
class ExportRecord:
    """One object as plain JSON-ready data."""

    uuid: str
    properties: dict[str, Any]
    vectors: dict[str, Any] = field(default_factory=dict)
    #: Property -> uuids (single target) or {"uuid", "collection"} objects (multi-target).
    references: dict[str, list[Any]] = field(default_factory=dict)

    def as_json(self, with_vectors: bool) -> dict[str, Any]:
        """The object with every map sorted by key, so the same data always gives the same bytes.

        The server returns named vectors (and nested object keys) in varying order.
        """
        data: dict[str, Any] = {"uuid": self.uuid, "properties": sorted_maps(self.properties)}
        if self.references:
            data["references"] = sorted_maps(self.references)
        if with_vectors and self.vectors:
            data["vectors"] = sorted_maps(self.vectors)
        return data


def sorted_maps(value: Any) -> Any:
    """``value`` with the keys of every mapping in it sorted (lists keep their order)."""
    if isinstance(value, Mapping):
        return {str(k): sorted_maps(value[k]) for k in sorted(value, key=str)}
    if isinstance(value, list | tuple):
        return [sorted_maps(v) for v in value]
    return value


def json_value(value: Any) -> Any:
    """A client value as plain JSON data: nothing rounded, dates in ISO 8601 (UTC as Z)."""
    if value is None or isinstance(value, str | bool | int | float):
        return value
    if isinstance(value, dt.datetime):
        text = value.isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, uuid_module.UUID):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_value(v) for v in value]
    if hasattr(value, "latitude") and hasattr(value, "longitude"):
        return geo_value(value)
    if hasattr(value, "international_formatted"):  # a phone number as Weaviate returns it
        return {
            "input": value.number,
            "defaultCountry": value.default_country,
            "internationalFormatted": value.international_formatted,
            "countryCode": value.country_code,
            "national": value.national,
            "nationalFormatted": value.national_formatted,
            "valid": value.valid,
        }
    if isinstance(value, bytes):
        import base64

        return base64.b64encode(value).decode("ascii")
    return str(value)


def csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return repr(value)
    return json.dumps(value, ensure_ascii=False)


@dataclass(frozen=True)
class CsvColumns:
    properties: tuple[str, ...]
    references: tuple[str, ...]
    vectors: tuple[str, ...]
    #: The collection has one unnamed vector: its column is ``vector``.
    unnamed_vector: bool = False

    def header(self) -> list[str]:
        if self.unnamed_vector:
            vectors = ["vector"] if self.vectors else []
        else:
            vectors = [VECTOR_PREFIX + name for name in self.vectors]
        return ["uuid", *self.properties, *self.references, *vectors]


class ExportFile:
    """A temporary file that becomes ``target`` on :meth:`commit` and vanishes on :meth:`discard`."""

    def __init__(
        self,
        target: Path,
        file_format: FileFormat,
        *,
        collection: str,
        with_vectors: bool,
        columns: CsvColumns | None = None,
    ) -> None:
        self.target = target
        self.file_format = file_format
        self.with_vectors = with_vectors
        self.columns = columns
        self.written = 0
        target.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temp_name = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=".partial"
        )
        self.temp_path = Path(temp_name)
        self._handle: IO[str] = os.fdopen(descriptor, "w", encoding="utf-8", newline="")
        self._csv: Any = None
        if file_format == "json":
            self._handle.write('{"collection": ' + json.dumps(collection) + ', "objects": [')
        elif file_format == "csv":
            assert columns is not None
            # "\r\n" (RFC 4180) also makes the writer quote a lone "\r" inside a value.
            self._csv = csv.writer(self._handle)
            self._csv.writerow(columns.header())

    def write(self, records: list[ExportRecord]) -> None:
        handle = self._handle
        for record in records:
            if self.file_format == "csv":
                self._csv.writerow(self._csv_row(record))
            else:
                text = json.dumps(record.as_json(self.with_vectors), ensure_ascii=False)
                if self.file_format == "json":
                    handle.write(("\n" if self.written == 0 else ",\n") + text)
                else:
                    handle.write(text + "\n")
            self.written += 1

    def _csv_row(self, record: ExportRecord) -> list[str]:
        columns = self.columns
        assert columns is not None
        row = [record.uuid]
        row += [csv_cell(record.properties.get(name)) for name in columns.properties]
        row += [csv_cell(record.references.get(name) or None) for name in columns.references]
        if self.with_vectors:
            row += [csv_cell(record.vectors.get(name)) for name in columns.vectors]
        return row

    def commit(self) -> None:
        """Finish the file and rename it to the target (atomically, on the same filesystem)."""
        if self.file_format == "json":
            self._handle.write("\n]}\n" if self.written else "]}\n")
        self._handle.close()
        os.replace(self.temp_path, self.target)

    def discard(self) -> None:
        if not self._handle.closed:
            self._handle.close()
        self.temp_path.unlink(missing_ok=True)
