"""The filter builder's rows become text that parse_where reads back into the same rows."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from explorer.core.base.errors import ExplorerError
from explorer.core.where.builder import FilterRow, rows_from_filter, rows_text
from explorer.core.where.filters import Condition
from explorer.core.where.parser import parse_where
from explorer.core.where.types import operators_for
from tests.repl.schemas import EVERYTHING


def test_operators_follow_the_type_rules_of_the_parser() -> None:
    assert "like" in operators_for(EVERYTHING, "title")
    assert "like" not in operators_for(EVERYTHING, "year")
    assert operators_for(EVERYTHING, "in_print") == (
        "=",
        "!=",
        "in",
        "contains_any",
        "contains_all",
        "contains_none",
        "is_null",
    )
    assert operators_for(EVERYTHING, "location") == ("is_null",)
    assert "is_null" not in operators_for(EVERYTHING, "id")
    with pytest.raises(ExplorerError, match="did you mean 'title'"):
        operators_for(EVERYTHING, "titel")


def test_rows_become_text_the_parser_takes_and_back() -> None:
    rows = (
        FilterRow("title", "like", "*harbour*"),
        FilterRow("year", ">=", "1990"),
        FilterRow("rating", "<", "4.5"),
        FilterRow("in_print", "=", "True"),
        FilterRow("tags", "contains_any", "sf, classic"),
        FilterRow("published", "<", "2005-01-01"),
        FilterRow("ref_id", "is_not_null"),
    )
    text = rows_text(rows, "or", EVERYTHING)
    assert text == (
        'title like "*harbour*" or year >= 1990 or rating < 4.5 or in_print = true or '
        'tags contains_any ["sf", "classic"] or published < "2005-01-01" or ref_id is not null'
    )
    parsed = parse_where(text, EVERYTHING)
    shaped = rows_from_filter(parsed)
    assert shaped is not None
    joiner, back = shaped
    assert joiner == "or"
    assert [r.property for r in back] == [r.property for r in rows]
    assert back[3].value == "true" and back[5].value == "2005-01-01"
    assert parse_where(rows_text(back, joiner, EVERYTHING), EVERYTHING) == parsed


def test_values_that_do_not_fit_are_left_to_the_parser_to_explain() -> None:
    text = rows_text([FilterRow("year", "=", "soon")], "and", EVERYTHING)
    assert text == 'year = "soon"'
    with pytest.raises(ExplorerError, match="'year' is int: expected a whole number"):
        parse_where(text, EVERYTHING)
    with pytest.raises(ExplorerError, match="give a value for year ="):
        rows_text([FilterRow("year", "=", "  ")], "and", EVERYTHING)
    assert rows_text([FilterRow("", "=", "x")], "and", EVERYTHING) == ""  # no property: skipped


def test_nested_filters_are_not_rows() -> None:
    assert rows_from_filter(parse_where("not year = 1", EVERYTHING)) is None
    assert rows_from_filter(parse_where("year = 1 and (year = 2 or year = 3)", EVERYTHING)) is None


texts = st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=30).filter(
    lambda s: s.strip() and not (len(s.strip()) >= 2 and s.strip()[0] == s.strip()[-1] in "\"'")
)


@given(value=texts)
def test_any_text_value_survives_the_round_trip(value: str) -> None:
    parsed = parse_where(rows_text([FilterRow("title", "=", value)], "and", EVERYTHING), EVERYTHING)
    assert parsed == Condition("title", "=", value.strip())


@given(values=st.lists(texts, min_size=1, max_size=4))
def test_any_list_of_text_survives_the_round_trip(values: list[str]) -> None:
    condition = Condition("tags", "contains_any", tuple(values))
    shaped = rows_from_filter(condition)
    assert shaped is not None
    parsed = parse_where(rows_text(shaped[1], "and", EVERYTHING), EVERYTHING)
    assert isinstance(parsed, Condition) and parsed.operator == "contains_any"
    assert parsed.value == tuple(values)  # spaces around a value are kept (it is quoted)


def test_dates_round_trip() -> None:
    when = dt.datetime(2005, 1, 1, 12, 30, tzinfo=dt.UTC)
    shaped = rows_from_filter(Condition("published", ">", when))
    assert shaped is not None
    assert parse_where(rows_text(shaped[1], "and", EVERYTHING), EVERYTHING) == Condition(
        "published", ">", when
    )
