"""hypothesis: the filter and command parsers either succeed or raise their own positioned error."""

from __future__ import annotations

import datetime as dt
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.core.filters import And, Condition, FilterExpr, Not, Or
from explorer.core.models import CollectionConfig
from explorer.core.where import format_where, parse_where
from explorer.core.where_syntax import KEYWORDS, WhereError
from explorer.repl.cmdline import CommandLineError, is_complete, split_statements
from explorer.repl.commands import REGISTRY, parse_command
from explorer.repl.runner import CommandRunner  # noqa: F401  (registers the commands)
from tests.repl.schemas import EVERYTHING, JEOPARDY

FUZZ = settings(max_examples=400, deadline=None)
POSITION = re.compile(r"^(?:line (\d+), )?column (\d+): ")

FILTER_PIECES = [
    "value", "answer", "air_date", "tags", "year", "rating", "in_print", "published", "ref_id",
    "id", "_creationTime", "location", "nope", "`and`", "=", "==", "!=", "<", "<=", ">", ">=",
    "and", "or", "not", "NOT", "in", "like", "is", "null", "true", "false", "contains_any",
    "contains_all", "contains_none", "(", ")", "[", "]", ",", '"x"', "'y'", '"2005-01-01"',
    '"6a3b1d0e-8f2c-4c55-9d7e-0a1b2c3d4e5f"', "400", "-3", "4.5", "1e3", "2005-01-01",
    "2005-01-01T10:00Z", "2005-13-01", '"', "'", "\\", "`", "~", "\n", "12ab", "99999999999999999999",
]  # fmt: skip
CONFIGS: list[CollectionConfig | None] = [None, JEOPARDY, EVERYTHING]


def check_where(text: str, config: CollectionConfig | None) -> None:
    try:
        tree = parse_where(text, config)
    except WhereError as error:
        assert 0 <= error.position <= len(text)
        match = POSITION.match(error.message)
        assert match, error.message
        assert int(match.group(2)) == error.column
        return
    assert isinstance(tree, Condition | And | Or | Not)


@FUZZ
@given(st.text(), st.sampled_from(CONFIGS))
def test_filter_parser_on_any_text(text: str, config: CollectionConfig | None) -> None:
    check_where(text, config)


@FUZZ
@given(st.lists(st.sampled_from(FILTER_PIECES), max_size=14), st.sampled_from(CONFIGS))
def test_filter_parser_on_token_soup(pieces: list[str], config: CollectionConfig | None) -> None:
    check_where(" ".join(pieces), config)
    check_where("".join(pieces), config)


# -- format_where is the inverse of parse_where ------------------------------------------------

names = st.from_regex(r"\A[A-Za-z_][A-Za-z0-9_]{0,8}\Z").filter(
    lambda n: n.lower() not in KEYWORDS and n not in ("id", "_creationTime", "_lastUpdateTime")
)
offsets = st.integers(-14 * 60, 14 * 60).map(lambda m: dt.timezone(dt.timedelta(minutes=m)))
scalars = st.one_of(
    st.text(max_size=12),
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.datetimes(
        min_value=dt.datetime(1, 1, 2), max_value=dt.datetime(9999, 12, 30), timezones=offsets
    ),
)
conditions = st.one_of(
    st.builds(Condition, names, st.sampled_from(["=", "!=", "<", "<=", ">", ">="]), scalars),
    st.builds(Condition, names, st.just("like"), st.text(max_size=12)),
    st.builds(
        Condition,
        names,
        st.sampled_from(["in", "contains_any", "contains_all", "contains_none"]),
        st.lists(scalars, min_size=1, max_size=3).map(tuple),
    ),
    st.builds(Condition, names, st.just("is_null"), st.booleans()),
)


def trees(children: st.SearchStrategy[FilterExpr]) -> st.SearchStrategy[FilterExpr]:
    groups = st.lists(children, min_size=2, max_size=3).map(tuple)
    return st.one_of(groups.map(And), groups.map(Or), children.map(Not))


@FUZZ
@given(st.recursive(conditions, trees, max_leaves=8))
def test_format_where_round_trips(tree: FilterExpr) -> None:
    text = format_where(tree)
    assert parse_where(text) == tree, text


# -- the command line ---------------------------------------------------------------------------

COMMAND_PIECES = [
    *REGISTRY.names, "--where", "--limit", "--limit=3", "--sort", "--props", "--rerank",
    "--prompt", "--task", "--target", "--alpha", "--fusion", "--format", "--vector", "--nope",
    "--", "-", "json", "ranked", "3", "-1", "x", "0.5", "[1,", "2]", "@t", ";", '"a b"', "'c d'",
    '"', "'", "\\", "\\\n", "\n", "value > 1", '"[0.1, 0.2]"', "6a3b1d0e-8f2c-4c55-9d7e-0a1b2c3d4e5f",
]  # fmt: skip


def check_command_line(line: str) -> None:
    assert isinstance(is_complete(line), bool)
    try:
        for statement in split_statements(line):
            parsed = parse_command(statement, line, REGISTRY)
            for flag in ("--limit", "--offset"):
                if parsed.spec.flag(flag) is not None:
                    parsed.integer(flag, 10, minimum=0)
            if parsed.spec.flag("--alpha") is not None:
                parsed.number("--alpha")
    except CommandLineError as error:
        assert 0 <= error.position <= len(line)
        assert POSITION.match(error.message), error.message
        assert error.pointer().count("\n") == 1


@FUZZ
@given(st.text())
def test_command_parser_on_any_text(line: str) -> None:
    check_command_line(line)


@FUZZ
@given(st.lists(st.sampled_from(COMMAND_PIECES), max_size=10))
def test_command_parser_on_token_soup(pieces: list[str]) -> None:
    check_command_line(" ".join(pieces))
    check_command_line("".join(pieces))


@FUZZ
@given(st.lists(st.text(min_size=1), min_size=1, max_size=4))
def test_double_quoting_keeps_any_text_as_one_word(texts: list[str]) -> None:
    quoted = ['"' + t.replace("\\", "\\\\").replace('"', '\\"') + '"' for t in texts]
    [statement] = split_statements(" ".join(quoted))
    assert [w.text for w in statement.words] == texts
