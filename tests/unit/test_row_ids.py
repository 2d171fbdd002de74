"""Deterministic uuids for rows without one: a re-run converges instead of duplicating."""

from __future__ import annotations

import uuid

from hypothesis import given
from hypothesis import strategies as st

from explorer.core.base.models import CollectionConfig, PropertyInfo
from explorer.core.transfer.row_ids import RowIds, canonical_json
from explorer.core.transfer.rows import RowShaper

CONFIG = CollectionConfig(
    name="Shelf",
    description=None,
    properties=(PropertyInfo("title", "text"), PropertyInfo("year", "int")),
    references=(),
    vectors=(),
    named_vectors=True,
    multi_tenant=False,
    generative_module=None,
    reranker_module=None,
    raw={},
)
ROWS = st.lists(
    st.fixed_dictionaries({"title": st.sampled_from(["a", "b", "é"]), "year": st.integers(0, 3)}),
    max_size=30,
)


def uuids_of(rows: list[dict[str, object]], tenant: str | None = None) -> list[str]:
    shaper = RowShaper(CONFIG, tenant=tenant)
    return [shaper.prepare(n, row).uuid for n, row in enumerate(rows, 1)]


@given(ROWS)
def test_a_rerun_gives_every_row_the_same_uuid_and_identical_rows_stay_distinct(
    rows: list[dict[str, object]],
) -> None:
    first = uuids_of(rows)
    assert first == uuids_of(rows)  # the same file again: the same uuids
    assert len(set(first)) == len(rows)  # identical rows are still separate objects
    assert all(uuid.UUID(u).version == 5 for u in first)


def test_the_uuid_depends_on_content_collection_tenant_and_occurrence() -> None:
    base = RowIds("Shelf").for_row({"title": "Dune", "year": 1965})
    assert RowIds("Shelf").for_row({"year": 1965, "title": "Dune"}) == base  # key order
    assert RowIds("Shelf").for_row({"title": "Dune", "year": 1965, "uuid": ""}) == base
    assert RowIds("Shelf").for_row({"title": "Dune", "year": 1966}) != base
    assert RowIds("Other").for_row({"title": "Dune", "year": 1965}) != base
    assert RowIds("Shelf", "t1").for_row({"title": "Dune", "year": 1965}) != base
    twice = RowIds("Shelf")
    assert twice.for_row({"title": "Dune", "year": 1965}) == base
    assert twice.for_row({"title": "Dune", "year": 1965}) != base  # the second identical row


def test_a_row_with_its_own_uuid_keeps_it() -> None:
    own = "00000000-0000-4000-8000-000000000007"
    assert uuids_of([{"uuid": own, "title": "x"}]) == [own]
    assert canonical_json({"b": 1, "a": "é", "id": ""}) == '{"a":"é","b":1}'
