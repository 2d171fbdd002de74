"""hypothesis: any file handed to ``import`` is read into rows and row errors, or refused whole.

Reading a JSON, JSONL or CSV file (``RowSource``) and shaping its rows (``RowShaper``) may only
produce rows, :class:`RowError` values, or an ``ExplorerError`` that says what is wrong with the
file. Any other exception (RecursionError, ValueError, UnicodeError, csv.Error, …) is a bug: the
import would die with a traceback instead of reporting the bad row.
"""

from __future__ import annotations

import codecs
import json
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from explorer.core.base.errors import ExplorerError
from explorer.core.base.models import CollectionConfig
from explorer.core.transfer.formats import FileFormat
from explorer.core.transfer.readers import RowSource
from explorer.core.transfer.rows import RowError, RowShaper
from tests.fuzz.schema import ALL_TYPES, UNNAMED_VECTOR

FORMATS: tuple[FileFormat, ...] = ("json", "jsonl", "csv")
CONFIGS = {c.name: c for c in (ALL_TYPES, UNNAMED_VECTOR)}
COLUMN_NAMES = [
    *(p.name for p in ALL_TYPES.properties), "uuid", "id", "vector", "vectors", "vector.small",
    "vector.colbert", "vector.nope", "author", "mentions", "references", "properties", "score",
    "nope", "", " title ",
]  # fmt: skip
#: Pieces that make JSON and CSV readers and cell parsers work hard.
NASTY_PIECES = [
    "{", "}", "[", "]", ",", ":", '"', "'", "\\", "\n", "\r", "\r\n", "\x00", "\t", " ",
    "\ufeff", '"\\ud800"', '"\\udfff\\ud800"', '"\\u0000"', "NaN", "-Infinity", "Infinity",
    "1e400", "-0.0", "9" * 5000, "-" + "1" * 4400, "null", "true", "false", '"x"', "[]", "{}",
    "[" * 3000, "]" * 3000, '{"a":' * 1500, '"' + "ab" * 40 + '"', "2024-01-31T12:00:00Z",
    "0001-01-01", "9999-12-31T23:59:59.9999999999+14:00", "6a3b1d0e-8f2c-4c55-9d7e-0a1b2c3d4e5f",
    "weaviate://localhost/Person/6a3b1d0e-8f2c-4c55-9d7e-0a1b2c3d4e5f", '{"latitude": 1e999',
    '"longitude": -91}', "+31 20 1234567", "aGVsbG8=", "%%%", "\u2028", "\x85",
]  # fmt: skip
BOMS = [b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF8 * 2]


@contextmanager
def written(data: bytes, file_format: FileFormat) -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="fuzz-import-") as directory:
        path = Path(directory) / f"input.{file_format}"
        path.write_bytes(data)
        yield path


def read_everything(path: Path, file_format: FileFormat, config: CollectionConfig) -> None:
    """Read and shape every row: only rows, RowErrors or one ExplorerError may come out."""
    source = RowSource(path, file_format)
    try:
        source.open()
    except ExplorerError as error:
        assert error.title and error.message
        assert path.name in error.message or str(path) in error.message, error.message
        return
    shaper = RowShaper(config, cells_are_text=file_format == "csv")
    if source.columns is not None:
        assert isinstance(shaper.unknown_columns(source.columns), list)
    numbers = []
    for number, raw in source.rows():
        numbers.append(number)
        if isinstance(raw, RowError):
            assert str(raw)
            continue
        try:
            prepared = shaper.prepare(number, raw)
        except RowError as error:
            assert str(error)
            continue
        assert prepared.row == number
        assert len(prepared.uuid) == 36
    assert numbers == sorted(numbers), "row numbers go forward"
    assert all(n >= 1 for n in numbers)
    assert len(numbers) == source.total, "progress ends at the total counted at open"


def check_bytes(data: bytes, file_format: FileFormat, config: str) -> None:
    with written(data, file_format) as path:
        read_everything(path, file_format, CONFIGS[config])


@given(st.binary(max_size=600), st.sampled_from(FORMATS), st.sampled_from(sorted(CONFIGS)))
@example(b"\xff\xfe{}", "json", "AllTypes")
@example(b"[" * 3000, "json", "AllTypes")
@example(b"[" + b"1" * 5000 + b"]", "json", "AllTypes")
@example(b'{"title": ' + b"[" * 3000 + b"}\n", "jsonl", "AllTypes")
@example(b"\xef\xbb\xbf\n{}\n", "jsonl", "AllTypes")
@example(b"title\n" + b"x" * 140_000 + b"\n", "csv", "AllTypes")
def test_any_bytes(data: bytes, file_format: FileFormat, config: str) -> None:
    check_bytes(data, file_format, config)


@given(
    st.sampled_from(BOMS),
    st.lists(st.one_of(st.sampled_from(NASTY_PIECES), st.text(max_size=8)), max_size=30),
    st.sampled_from(FORMATS),
    st.sampled_from(sorted(CONFIGS)),
)
def test_token_soup(bom: bytes, pieces: list[str], file_format: FileFormat, config: str) -> None:
    data = "".join(pieces).encode("utf-8", errors="surrogatepass")
    check_bytes(bom + data, file_format, config)


# -- structured files: valid JSON / CSV shapes with hostile values --------------------------------

json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.integers(min_value=10**300, max_value=10**330).map(lambda n: n * (-1) ** n),
    st.floats(),
    st.text(max_size=20),
    st.sampled_from(NASTY_PIECES),
)
json_values = st.recursive(
    json_scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.sampled_from(COLUMN_NAMES), children, max_size=4),
    ),
    max_leaves=12,
)
rows = st.dictionaries(st.sampled_from(COLUMN_NAMES), json_values, max_size=8)
export_form_rows = st.fixed_dictionaries(
    {"uuid": json_values, "properties": rows},
    optional={"vectors": json_values, "references": json_values, "vector": json_values},
)


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


@settings(max_examples=settings().max_examples // 2)
@given(
    st.lists(st.one_of(rows, export_form_rows, json_values), max_size=6),
    st.sampled_from(sorted(CONFIGS)),
    st.booleans(),
)
@example([{"location": {"latitude": 10**400, "longitude": 0}}], "AllTypes", False)
@example([{"price": -(10**400)}], "AllTypes", False)
@example([{"vector.small": [10**400]}], "AllTypes", False)
def test_json_documents_with_hostile_values(
    items: list[object], config: str, wrapped: bool
) -> None:
    document = {"collection": "AllTypes", "objects": items} if wrapped else items
    check_bytes(_dumps(document).encode("utf-8", "surrogatepass"), "json", config)
    lines = "\n".join(_dumps(item) for item in items).encode("utf-8", "surrogatepass")
    check_bytes(lines, "jsonl", config)


csv_cells = st.one_of(st.text(max_size=15), st.sampled_from(NASTY_PIECES), json_values.map(_dumps))


def _csv_field(cell: str, quote: bool) -> str:
    return '"' + cell.replace('"', '""') + '"' if quote else cell


@given(
    st.lists(st.sampled_from(COLUMN_NAMES), min_size=1, max_size=6),
    st.lists(st.lists(st.tuples(csv_cells, st.booleans()), max_size=7), max_size=5),
    st.sampled_from(["\n", "\r\n", "\r"]),
    st.sampled_from(sorted(CONFIGS)),
)
def test_ragged_csv_with_hostile_cells(
    header: list[str],
    records: list[list[tuple[str, bool]]],
    newline: str,
    config: str,
) -> None:
    lines = [",".join(header)]
    lines += [",".join(_csv_field(cell, quote) for cell, quote in record) for record in records]
    data = newline.join(lines).encode("utf-8", "surrogatepass")
    check_bytes(data, "csv", config)
