"""Import/export files without a server: formats, readers, row checks, writers."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.core.base.errors import ExplorerError
from explorer.core.base.models import CollectionConfig, PropertyInfo, VectorInfo
from explorer.core.transfer.formats import failed_rows_path, format_for
from explorer.core.transfer.readers import FileProblem, RowSource
from explorer.core.transfer.rows import RowError, RowShaper
from explorer.core.transfer.writers import CsvColumns, ExportFile, ExportRecord

CONFIG = CollectionConfig(
    name="Shop",
    description=None,
    properties=(
        PropertyInfo("title", "text"),
        PropertyInfo("tags", "text[]"),
        PropertyInfo("count", "int"),
        PropertyInfo("price", "number"),
        PropertyInfo("prices", "number[]"),
        PropertyInfo("active", "boolean"),
        PropertyInfo("opened", "date"),
        PropertyInfo("ref_id", "uuid"),
        PropertyInfo("where", "geoCoordinates"),
        PropertyInfo("phone", "phoneNumber"),
        PropertyInfo("image", "blob"),
        PropertyInfo(
            "details",
            "object",
            nested=(
                PropertyInfo("size", "int"),
                PropertyInfo("inner", "object", nested=(PropertyInfo("ok", "boolean"),)),
            ),
        ),
    ),
    references=(("owner", ("Person",)), ("mentions", ("Person", "Shop"))),
    vectors=(VectorInfo("small", "none"), VectorInfo("big", "none")),
    named_vectors=True,
    multi_tenant=False,
    generative_module=None,
    reranker_module=None,
    raw={},
)
UUID = "6a3b1d0e-8f2c-4c55-9d7e-0a1b2c3d4e5f"


def test_format_by_extension() -> None:
    assert format_for("a.json") == "json"
    assert format_for(Path("dir/a.JSONL")) == "jsonl"
    assert format_for("a.ndjson") == "jsonl"
    assert format_for("a.csv") == "csv"
    with pytest.raises(ExplorerError) as caught:
        format_for("data.xlsx")
    assert ".json, .jsonl, .ndjson, .csv" in caught.value.message
    assert failed_rows_path(Path("/x/in.csv")) == Path("/x/in.csv.failed.jsonl")


def test_csv_cells_become_typed_values() -> None:
    shaper = RowShaper(CONFIG, cells_are_text=True)
    prepared = shaper.prepare(
        2,
        {
            "uuid": UUID,
            "title": "a, b",
            "tags": '["x", "y"]',
            "count": "7",
            "price": "2",
            "prices": "[1, 2.5]",
            "active": "TRUE",
            "opened": "2024-01-31",
            "ref_id": UUID.upper(),
            "where": '{"latitude": 52.5, "longitude": 4.75}',
            "phone": "+31 20 1234567",
            "image": "aGVsbG8=",
            "details": '{"size": 3, "inner": {"ok": false}}',
            "owner": f'["{UUID}"]',
            "mentions": f'[{{"uuid": "{UUID}", "collection": "Shop"}}]',
            "vector.small": "[1, 2]",
            "vector.big": "",
        },
    )
    props = prepared.properties
    assert prepared.uuid == UUID
    assert props["tags"] == ["x", "y"] and props["count"] == 7 and props["price"] == 2.0
    assert props["prices"] == [1.0, 2.5] and all(isinstance(p, float) for p in props["prices"])
    assert props["active"] is True
    assert props["opened"] == dt.datetime(2024, 1, 31, tzinfo=dt.UTC)
    assert props["ref_id"] == UUID
    assert (props["where"].latitude, props["where"].longitude) == (52.5, 4.75)
    assert props["phone"].number == "+31 20 1234567"
    assert props["details"] == {"size": 3, "inner": {"ok": False}}
    assert prepared.vector == {"small": [1.0, 2.0]}
    assert [(r.property, r.uuid, r.collection) for r in prepared.references] == [
        ("owner", UUID, None),
        ("mentions", UUID, "Shop"),
    ]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"count": "seven"}, 'count: expected int, a whole number such as 1999, got "seven"'),
        ({"count": "1.5"}, "expected int"),
        ({"active": "maybe"}, "not a boolean"),
        ({"opened": "yesterday"}, "not a date"),
        ({"tags": "x, y"}, "JSON text"),
        ({"image": "not base64!"}, "base64"),
        ({"where": '{"latitude": 95, "longitude": 0}'}, "latitude"),
        ({"details": '{"colour": 1}'}, 'details has no nested property "colour"'),
        ({"mentions": f'["{UUID}"]'}, "may point to Person, Shop"),
        ({"owner": '["nope"]'}, "owner: 'nope' is not a UUID"),
        ({"vector": "[1, 2]"}, "several named vectors"),
        ({"vector.huge": "[1]"}, "no vector 'huge'"),
        ({"vector.small": '["a"]'}, 'vector.small[0]: expected a number, got "a"'),
        ({"colour": "red"}, "no property 'colour'"),
        ({"uuid": "123"}, "uuid: '123' is not a UUID"),
    ],
)
def test_bad_cells_are_row_errors_that_name_the_value(row: dict[str, str], message: str) -> None:
    with pytest.raises(RowError, match=message.replace("[", "\\[").replace("(", "\\(")):
        RowShaper(CONFIG, cells_are_text=True).prepare(1, row)


def test_json_rows_are_strict_about_types_and_accept_the_export_form() -> None:
    shaper = RowShaper(CONFIG)
    with pytest.raises(RowError, match="expected int"):
        shaper.prepare(1, {"count": "7"})
    with pytest.raises(RowError, match="expected boolean"):
        shaper.prepare(1, {"active": 1})
    prepared = shaper.prepare(
        1,
        {
            "uuid": UUID,
            "collection": "Shop",
            "properties": {"count": 3.0, "phone": {"input": "020 1234567", "defaultCountry": "NL"}},
            "vectors": {"big": [[1, 2], [3, 4]]},
            "references": {"owner": [UUID]},
        },
    )
    assert prepared.properties["count"] == 3 and isinstance(prepared.properties["count"], int)
    assert prepared.properties["phone"].default_country == "NL"
    assert prepared.vector == {"big": [[1.0, 2.0], [3.0, 4.0]]}  # a multi-vector
    assert not RowShaper(CONFIG).prepare(1, {}).properties
    # no uuid: a deterministic one (tests/unit/test_row_ids.py), the same on a re-run
    assert RowShaper(CONFIG).prepare(1, {}).uuid == RowShaper(CONFIG).prepare(1, {}).uuid


def test_csv_reader_bom_ragged_rows_and_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text(
        '\ufefftitle,count\nfirst,1\n"two\nlines",2\nragged,3,extra\n\nshort\nlast,9\n',
        encoding="utf-8",
    )
    source = RowSource(path, "csv")
    source.open()
    assert source.columns == ["title", "count"] and source.total == 5
    rows = list(source.rows())
    assert [number for number, _row in rows] == [2, 3, 5, 7, 8]
    assert rows[0][1] == {"title": "first", "count": "1"}
    assert rows[1][1] == {"title": "two\nlines", "count": "2"}
    assert isinstance(rows[2][1], RowError) and "3 cells" in str(rows[2][1])
    assert isinstance(rows[3][1], RowError) and "1 cells" in str(rows[3][1])
    assert rows[4][1] == {"title": "last", "count": "9"}


def test_json_and_jsonl_readers(tmp_path: Path) -> None:
    wrapped = tmp_path / "w.json"
    wrapped.write_text(json.dumps({"objects": [{"a": 1}, 5]}), encoding="utf-8")
    source = RowSource(wrapped, "json")
    source.open()
    rows = list(source.rows())
    assert rows[0] == (1, {"a": 1}) and isinstance(rows[1][1], RowError)
    lines = tmp_path / "l.jsonl"
    lines.write_bytes(b'\xef\xbb\xbf{"a": 1}\n\n{oops\n"text"\n{"b": 2}\n\xff\n')
    source = RowSource(lines, "jsonl")
    source.open()
    read = list(source.rows())
    assert source.total == 5
    assert [n for n, _row in read] == [1, 3, 4, 5, 6]
    assert read[0][1] == {"a": 1} and read[3][1] == {"b": 2}
    assert all(isinstance(read[i][1], RowError) for i in (1, 2, 4))
    with pytest.raises(FileProblem, match="neither an array"):
        scalar = tmp_path / "s.json"
        scalar.write_text("3", encoding="utf-8")
        RowSource(scalar, "json").open()
    with pytest.raises(FileProblem, match="File not found"):
        RowSource(tmp_path / "absent.csv", "csv").open()


def test_a_discarded_export_leaves_nothing_and_a_committed_one_is_complete(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    record = ExportRecord(UUID, {"title": "x", "opened": "2024-01-31T00:00:00Z"}, {"small": [1.0]})
    out = ExportFile(target, "json", collection="Shop", with_vectors=True)
    out.write([record])
    out.discard()
    assert list(tmp_path.iterdir()) == []
    out = ExportFile(target, "json", collection="Shop", with_vectors=True)
    out.write([record, record])
    assert not target.exists()
    out.commit()
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["collection"] == "Shop" and len(data["objects"]) == 2
    assert data["objects"][0]["vectors"] == {"small": [1.0]}
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        # Lone surrogates are not characters: no UTF-8 file (nor Weaviate) can hold one.
        st.text(
            alphabet=st.characters(exclude_characters="\x00", exclude_categories=["Cs"]),
            min_size=1,
        ),
        min_size=1,
        max_size=5,
    ),
    st.lists(st.integers(min_value=-(2**63), max_value=2**63 - 1), max_size=3),
)
def test_csv_round_trip_of_texts_and_ints(
    tmp_path_factory: pytest.TempPathFactory, titles: list[str], counts: list[int]
) -> None:
    """Whatever the text (quotes, commas, newlines, unicode), CSV export reads back the same."""
    directory = tmp_path_factory.mktemp("csv")
    target = directory / "out.csv"
    columns = CsvColumns(("title", "tags"), (), ())
    out = ExportFile(target, "csv", collection="Shop", with_vectors=False, columns=columns)
    out.write([ExportRecord(UUID, {"title": t, "tags": titles}) for t in titles])
    out.commit()
    source = RowSource(target, "csv")
    source.open()
    shaper = RowShaper(CONFIG, cells_are_text=True)
    back = [shaper.prepare(n, row) for n, row in source.rows() if not isinstance(row, RowError)]
    assert [b.properties["title"] for b in back] == titles
    assert all(b.properties["tags"] == titles for b in back)
    ints = RowShaper(CONFIG, cells_are_text=True).prepare(
        1, {"tags": json.dumps([str(c) for c in counts])}
    )
    assert ints.properties.get("tags", []) == [str(c) for c in counts]
