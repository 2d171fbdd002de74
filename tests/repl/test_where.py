"""The --where filter language: the issue's examples, typing against a schema, errors, inverse."""

from __future__ import annotations

import datetime as dt

import pytest

from explorer.core.base.errors import ExplorerError
from explorer.core.base.models import SortSpec
from explorer.core.where.filters import And, Condition, Not, Or
from explorer.core.where.parser import MAX_DEPTH, WhereError, format_where, parse_sort, parse_where
from tests.repl.schemas import EVERYTHING, JEOPARDY

ID_A = "6a3b1d0e-8f2c-4c55-9d7e-0a1b2c3d4e5f"
ID_B = "0d8e2f4a-1b3c-4d5e-8f6a-7b8c9d0e1f2a"


def error_of(text: str, config=JEOPARDY) -> WhereError:
    with pytest.raises(WhereError) as caught:
        parse_where(text, config)
    return caught.value


# -- the examples ---------------------------------------------------------------------


def test_and_of_text_and_int() -> None:
    assert parse_where('category = "SCIENCE" and value > 400', JEOPARDY) == And(
        (Condition("category", "=", "SCIENCE"), Condition("value", ">", 400))
    )


def test_like_or_not() -> None:
    assert parse_where('answer like "*theatre*" or not round = "Final Jeopardy!"', JEOPARDY) == Or(
        (
            Condition("answer", "like", "*theatre*"),
            Not(Condition("round", "=", "Final Jeopardy!")),
        )
    )


def test_bare_date_becomes_an_aware_datetime() -> None:
    parsed = parse_where("air_date >= 2005-01-01", JEOPARDY)
    assert parsed == Condition("air_date", ">=", dt.datetime(2005, 1, 1, tzinfo=dt.UTC))
    assert isinstance(parsed, Condition) and parsed.value.tzinfo is not None


def test_id_in_a_list_of_uuids() -> None:
    assert parse_where(f'id in ["{ID_A}","{ID_B}"]', JEOPARDY) == Condition(
        "id", "in", (ID_A, ID_B)
    )


# -- grammar ----------------------------------------------------------------------------------


def test_precedence_not_and_or_and_parentheses() -> None:
    a, b, c = (Condition(n, "=", 1) for n in ("a", "b", "c"))
    assert parse_where("a = 1 or b = 1 and c = 1") == Or((a, And((b, c))))
    assert parse_where("(a = 1 or b = 1) and c = 1") == And((Or((a, b)), c))
    assert parse_where("not a = 1 and b = 1") == And((Not(a), b))
    assert parse_where("not (a = 1 and b = 1)") == Not(And((a, b)))


def test_every_comparison_operator_and_keyword_case() -> None:
    for op in ("=", "!=", "<", "<=", ">", ">="):
        assert parse_where(f"value {op} 3", JEOPARDY) == Condition("value", op, 3)
    assert parse_where("value == 3 AND value != 4 Or NOT value < 1") == Or(
        (
            And((Condition("value", "=", 3), Condition("value", "!=", 4))),
            Not(Condition("value", "<", 1)),
        )
    )


def test_null_tests_negated_lists_and_backquoted_names() -> None:
    assert parse_where("answer is null", JEOPARDY) == Condition("answer", "is_null", True)
    assert parse_where("answer is not null", JEOPARDY) == Condition("answer", "is_null", False)
    assert parse_where('round not in ["A", "B",]', JEOPARDY) == Not(
        Condition("round", "in", ("A", "B"))
    )
    assert parse_where('answer not like "x*"', JEOPARDY) == Not(Condition("answer", "like", "x*"))
    assert parse_where("`like` = 'x'") == Condition("like", "=", "x")


def test_string_escapes_and_single_quotes() -> None:
    assert parse_where(r'answer = "say \"hi\"\n\u00e9"') == Condition("answer", "=", 'say "hi"\né')
    assert error_of("answer = 'it''s'").column == 14  # no SQL-style doubled quotes
    assert parse_where(r"answer = 'it\'s'") == Condition("answer", "=", "it's")


# -- typing against the schema ----------------------------------------------------------------


def test_values_are_converted_to_the_property_type() -> None:
    assert parse_where("rating > 4", EVERYTHING) == Condition("rating", ">", 4.0)
    assert isinstance(parse_where("rating > 4", EVERYTHING).value, float)  # type: ignore[union-attr]
    assert parse_where('published < "2001-02-03T04:05:06+02:00"', EVERYTHING) == Condition(
        "published",
        "<",
        dt.datetime(2001, 2, 3, 4, 5, 6, tzinfo=dt.timezone(dt.timedelta(hours=2))),
    )
    assert parse_where("in_print = true", EVERYTHING) == Condition("in_print", "=", True)
    assert parse_where(f'ref_id = "{ID_A.upper()}"', EVERYTHING) == Condition("ref_id", "=", ID_A)
    assert parse_where('tags contains_all ["a", "b"]', EVERYTHING) == Condition(
        "tags", "contains_all", ("a", "b")
    )
    assert parse_where("years contains_any [1990, 2000]", EVERYTHING) == Condition(
        "years", "contains_any", (1990, 2000)
    )
    assert parse_where("_creationTime > 2024-01-01T10:00Z", EVERYTHING) == Condition(
        "_creationTime", ">", dt.datetime(2024, 1, 1, 10, tzinfo=dt.UTC)
    )


def test_without_a_schema_literals_keep_their_own_type() -> None:
    tree = parse_where('a = "x" and b = 2 and c = 2.5 and d = false and e = 2020-02-02')
    assert isinstance(tree, And)
    assert [c.value for c in tree.operands if isinstance(c, Condition)] == [
        "x",
        2,
        2.5,
        False,
        dt.datetime(2020, 2, 2, tzinfo=dt.UTC),
    ]


@pytest.mark.parametrize(
    ("text", "column", "words"),
    [
        ('value > "abc"', 9, ["'value' is int", "whole number"]),
        ("value > 4.5", 9, ["no decimals"]),
        ('value = "400"', 9, ["drop the quotes: 400"]),
        ("category = SCIENCE", 12, ["quote text", '"SCIENCE"']),
        ("category = 400", 12, ["'category' is text", 'quote it: "400"']),
        ("air_date > 2005-02-30", 12, ["not a valid date"]),
        ('air_date > "soon"', 12, ["not a valid date"]),
        ("valu > 3", 1, ["no property 'valu'", "did you mean 'value'?"]),
        ("value like 3", 7, ["cannot use 'like'"]),
        ('id = "nope"', 6, ["not a UUID"]),
        ("id is null", 4, ["cannot use 'is null'"]),
    ],
)
def test_type_errors_name_the_position(text: str, column: int, words: list[str]) -> None:
    error = error_of(text)
    assert error.column == column, error.message
    assert error.message.startswith(f"column {column}: ")
    for word in words:
        assert word in error.message


def test_types_without_filters_allow_only_null_tests() -> None:
    assert parse_where("location is null", EVERYTHING) == Condition("location", "is_null", True)
    error = error_of("in_print > true", EVERYTHING)
    assert error.column == 10 and "cannot use '>'" in error.message
    error = error_of('meta = "x"', EVERYTHING)
    assert "object" in error.message and error.column == 6


# -- syntax errors ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "column", "expected"),
    [
        ("", 1, "a condition"),
        ("value >", 8, "a value after '>'"),
        ("value > 1 value", 11, "'and', 'or' or the end"),
        ("(value > 1", 11, "')' to close the '(' at column 1"),
        ("value > 1)", 10, "this ')' has no '('"),
        ('round = "Final', 9, "unterminated string"),
        ("value = null", 9, "write 'is null'"),
        ("value is", 9, "'null' after 'is'"),
        ("value in [1, 2", 15, "',' or ']'"),
        ("value in []", 10, "the list is empty"),
        ("value in 3", 10, "a list"),
        ("and value = 1", 1, "a property name"),
        ("value ~ 1", 7, "unexpected character '~'"),
        ("value = 12abc", 9, "not a number or a date"),
        ("value = 99999999999999999999", 9, "out of range"),
        ("value not = 1", 11, "after 'not'"),
    ],
)
def test_syntax_errors_say_what_was_expected_where(text: str, column: int, expected: str) -> None:
    error = error_of(text)
    assert error.column == column, error.message
    assert expected in error.message
    assert error.title == "Invalid filter"
    assert isinstance(error, ExplorerError)


def test_pointer_and_multiline_location() -> None:
    error = error_of("value > 1 and\nround =")
    assert error.message.startswith("line 2, column 8:")
    assert error.pointer() == "round =\n       ^"


def test_deep_nesting_is_an_error_not_a_crash() -> None:
    deep = "(" * (MAX_DEPTH + 5) + "a = 1" + ")" * (MAX_DEPTH + 5)
    assert "nested deeper" in error_of(deep, None).message
    assert "nested deeper" in error_of("not " * 10_000 + "a = 1", None).message
    assert parse_where("(" * 10 + "a = 1" + ")" * 10) == Condition("a", "=", 1)


# -- the inverse ------------------------------------------------------------------------------


def test_format_where_reads_back_to_the_same_tree() -> None:
    for text in (
        'category = "SCIENCE" and value > 400',
        'answer like "*theatre*" or not round = "Final Jeopardy!"',
        "air_date >= 2005-01-01",
        f'id in ["{ID_A}", "{ID_B}"]',
        "(a = 1 or b = 2) and not (c is null or d is not null)",
        "a = 1 and (b = 2 and c = 3)",
        "`or` = 'a\"b\\\\c\\n'",
        "t = 2001-02-03T04:05:06.123456+05:30",
    ):
        tree = parse_where(text)
        assert parse_where(format_where(tree)) == tree, format_where(tree)


def test_format_where_is_readable() -> None:
    assert format_where(parse_where("a=1 AND (b=2 OR c=3)")) == "a = 1 and (b = 2 or c = 3)"
    assert format_where(Condition("d", ">", dt.datetime(2005, 1, 1))) == "d > 2005-01-01"
    assert format_where(Not(And((Condition("a", "=", True), Condition("b", "=", 1.5))))) == (
        "not (a = true and b = 1.5)"
    )


def test_format_where_refuses_what_it_cannot_write() -> None:
    with pytest.raises(ExplorerError, match="empty 'and'"):
        format_where(And(()))
    with pytest.raises(ExplorerError):
        format_where(Condition("a", "=", float("nan")))
    with pytest.raises(ExplorerError):
        format_where(Condition("not a name", "=", 1))


def test_parse_sort() -> None:
    assert parse_sort("value:desc, question", JEOPARDY) == (
        SortSpec("value", descending=True),
        SortSpec("question"),
    )
    assert parse_sort("_creationTimeUnix:asc", JEOPARDY) == (SortSpec("_creationTimeUnix"),)
    assert parse_sort("_creationTime", JEOPARDY) == (SortSpec("_creationTimeUnix"),)
    with pytest.raises(ExplorerError, match="no property 'nope'"):
        parse_sort("nope", JEOPARDY)
    with pytest.raises(ExplorerError, match="prop:desc"):
        parse_sort("value:sideways", JEOPARDY)
