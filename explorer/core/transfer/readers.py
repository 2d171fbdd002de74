"""Read the rows of a JSON, JSONL or CSV file (blocking: the importer runs these in a thread).

Every row comes with its number: the object's position in a JSON file, the line in a JSONL
file, the line a record starts on in a CSV file. A row that cannot be read (bad JSON on one
line, a CSV row with too many or too few cells) is a :class:`RowError` for that row only.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from explorer.core.base import json_input
from explorer.core.base.errors import ExplorerError
from explorer.core.objects.validation import (
    JsonSyntaxError,
    json_hint,
    parse_json_object,
)
from explorer.core.transfer.formats import FileFormat
from explorer.core.transfer.rows import RowError

#: A row as read, or why it could not be read.
ReadRow = tuple[int, Mapping[str, Any] | RowError]
ENCODING = "utf-8-sig"  # tolerates a byte-order mark
_UTF16_MARKS = (b"\xff\xfe", b"\xfe\xff")
UTF8_FIX = "save the file as UTF-8"
#: The csv module refuses cells over 128 KiB by default; a text property can hold far more.
csv.field_size_limit(2**31 - 1)


class FileProblem(ExplorerError):
    """The file as a whole cannot be read (missing, not UTF-8, not the expected shape)."""


@dataclass
class RowSource:
    """One input file: open it (checks its shape), then iterate :meth:`rows`."""

    path: Path
    file_format: FileFormat
    #: How many rows the file has (known after :meth:`open`).
    total: int = 0
    #: The CSV header (None for JSON and JSONL).
    columns: list[str] | None = None
    #: How the text is encoded: UTF-8 (with or without a byte-order mark) or UTF-16.
    encoding: str = ENCODING
    #: Columns (top-level keys) to leave out, and to rename (file name -> property name).
    columns_to_ignore: frozenset[str] = frozenset()
    column_renames: Mapping[str, str] = field(default_factory=dict)

    def open(self) -> None:
        if not self.path.is_file():
            raise FileProblem("File not found", f"{self.path} does not exist or is not a file")
        try:
            self.encoding = _encoding(self.path)
            if self.encoding != ENCODING and self.file_format == "jsonl":
                raise FileProblem("Not UTF-8", f"{self.path.name} is UTF-16 text: save it as UTF-8")
            if self.file_format == "json":
                self._objects = _json_objects(self.path, self.encoding)
                self.total = len(self._objects)
            elif self.file_format == "jsonl":
                self.total = _count_jsonl(self.path)
            else:
                header, self.total = _csv_header_and_count(self.path, self.encoding)
                self._check_named_columns(header)
                self.columns = [
                    self.column_renames.get(c, c) for c in header if c not in self.columns_to_ignore
                ]
        except UnicodeDecodeError:
            raise FileProblem("Not UTF-8", _not_utf8(self.path)) from None
        except OSError as exc:
            raise FileProblem("Cannot read the file", f"{self.path}: {exc.strerror}") from None

    def _check_named_columns(self, header: list[str]) -> None:
        named = [*self.columns_to_ignore, *self.column_renames]
        missing = [c for c in named if c not in header]
        if missing:
            raise FileProblem(
                "No such column",
                f"{self.path.name} has no column {', '.join(missing)}; "
                f"its columns are {', '.join(header)}",
            )

    def rows(self) -> Iterator[ReadRow]:
        if not self.columns_to_ignore and not self.column_renames:
            yield from self._raw_rows()
            return
        for line, row in self._raw_rows():
            if isinstance(row, Mapping):
                row = {
                    self.column_renames.get(k, k): v
                    for k, v in row.items()
                    if k not in self.columns_to_ignore
                }
            yield line, row

    def _raw_rows(self) -> Iterator[ReadRow]:
        if self.file_format == "json":
            for index, item in enumerate(self._objects, start=1):
                yield (
                    index,
                    item
                    if isinstance(item, Mapping)
                    else RowError(f"expected an object {{...}}, found {type(item).__name__}"),
                )
        elif self.file_format == "jsonl":
            yield from _jsonl_rows(self.path)
        else:
            yield from _csv_rows(self.path, self.encoding)


def _encoding(path: Path) -> str:
    """UTF-16 when the file starts with its byte-order mark, else UTF-8."""
    with path.open("rb") as handle:
        start = handle.read(2)
    return "utf-16" if start in _UTF16_MARKS else ENCODING


def _not_utf8(path: Path) -> str:
    """Where the first byte that is not UTF-8 is, and what to do about it."""
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                return (
                    f"{path.name} is not UTF-8 text (line {number}, byte {exc.start + 1}): "
                    "save it as UTF-8 (it may be Latin-1 or Windows-1252 text)"
                )
    return f"{path.name} is not UTF-8 text: {UTF8_FIX}"


def _json_objects(path: Path, encoding: str) -> list[Any]:
    text = path.read_text(encoding=encoding)
    try:
        data = json_input.loads(text)
    except json.JSONDecodeError as exc:
        raise FileProblem(
            "Invalid JSON",
            f"{path.name}, line {exc.lineno}, column {exc.colno}: {json_hint(text, exc)} "
            "(a .json file holds one array of objects; use .jsonl for one object per line)",
        ) from None
    if isinstance(data, Mapping) and isinstance(data.get("objects"), list):
        return list(data["objects"])
    if isinstance(data, list):
        return data
    raise FileProblem(
        "Unexpected JSON",
        f'{path.name} holds neither an array of objects nor {{"objects": [...]}}',
    )


def _count_jsonl(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(
            1
            for number, line in enumerate(handle, start=1)
            if (line.removeprefix(b"\xef\xbb\xbf") if number == 1 else line).strip()
        )


def _jsonl_rows(path: Path) -> Iterator[ReadRow]:
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            if not raw.strip():
                continue
            try:
                item = parse_json_object(raw.decode("utf-8").strip())
            except UnicodeDecodeError as exc:
                yield (
                    number,
                    RowError(f"not UTF-8 text (byte {exc.start + 1} of the line): {UTF8_FIX}"),
                )
                continue
            except JsonSyntaxError as exc:
                shape = exc.detail.startswith("expected a JSON object")
                yield (
                    number,
                    RowError(
                        exc.detail
                        if shape
                        else f"invalid JSON at column {exc.column}: {exc.detail}"
                    ),
                )
                continue
            yield number, item


def _open_csv(path: Path, encoding: str) -> IO[str]:
    return path.open(encoding=encoding, newline="")


def _csv_header_and_count(path: Path, encoding: str) -> tuple[list[str], int]:
    with _open_csv(path, encoding) as handle:
        reader = csv.reader(handle)
        try:
            header = next(reader)
        except StopIteration:
            raise FileProblem("Empty CSV", f"{path.name} has no header row") from None
        except csv.Error as exc:
            raise FileProblem("Invalid CSV", f"{path.name}, line 1: {exc}") from None
        names = [name.strip() for name in header]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise FileProblem(
                "Invalid CSV header", f"{path.name} names a column twice: {', '.join(duplicates)}"
            )
        count = 0
        try:
            for record in reader:
                if record:
                    count += 1
        except csv.Error as exc:
            raise FileProblem(
                "Invalid CSV", f"{path.name}, line {reader.line_num}: {exc}"
            ) from None
        return names, count


def _csv_rows(path: Path, encoding: str) -> Iterator[ReadRow]:
    with _open_csv(path, encoding) as handle:
        reader = csv.reader(handle)
        header = [name.strip() for name in next(reader)]
        start = reader.line_num + 1
        while True:
            try:
                record = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield start, RowError(f"unreadable CSV: {exc}")
                start = reader.line_num + 1
                continue
            line, start = start, reader.line_num + 1
            if not record:
                continue
            if len(record) != len(header):
                yield (
                    line,
                    RowError(
                        f"the row has {len(record)} cells but the header has {len(header)} "
                        '(a cell that holds a comma needs double quotes: "a, b")'
                    ),
                )
                continue
            yield line, dict(zip(header, record, strict=True))
