"""hypothesis: the filter and command parsers either succeed or raise their own positioned error."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import partial
from typing import Any, cast

from hypothesis import example, given, settings
from hypothesis import strategies as st
from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.document import Document

from explorer.core.base.errors import ExplorerError
from explorer.core.base.models import CollectionConfig
from explorer.core.objects.validation import validate_object
from explorer.core.where.builder import (
    IS_NOT_NULL,
    IS_NULL,
    FilterRow,
    Joiner,
    rows_from_filter,
    rows_text,
)
from explorer.core.where.filters import OPERATORS as FILTER_OPERATORS
from explorer.core.where.filters import (
    And,
    Condition,
    FilterExpr,
    Not,
    Operator,
    Or,
    to_weaviate,
)
from explorer.core.where.parser import format_where, parse_sort, parse_where
from explorer.core.where.syntax import KEYWORDS, WhereError
from explorer.core.where.types import base_type, operators_for
from explorer.repl.cmdline import CommandLineError, is_complete, split_statements
from explorer.repl.commands import REGISTRY, CommandSpec, ParsedCommand, parse_command
from explorer.repl.completer import ReplCompleter
from explorer.repl.runner import CommandRunner  # noqa: F401  (registers the commands)
from explorer.repl.schema_cache import SchemaSnapshot
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


# -- a parsed filter becomes a client Filter ------------------------------------------------------

NAMES_IN_CONFIGS = sorted(
    {p.name for c in (JEOPARDY, EVERYTHING) for p in c.properties}
    | {"id", "_creationTime", "_lastUpdateTime"}
)
LITERALS = st.one_of(
    st.sampled_from(FILTER_PIECES[16:]),
    st.integers().map(str),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.text(max_size=8).map(lambda t: '"' + t.replace("\\", "\\\\").replace('"', '\\"') + '"'),
)
OPERATORS = ["=", "!=", "<", "<=", ">", ">=", "like", "in", "contains_any", "contains_all",
             "contains_none", "is null", "is not null"]  # fmt: skip


def condition_text(name: str, operator: str, literals: list[str]) -> str:
    if operator.startswith("is"):
        return f"{name} {operator}"
    if operator in ("in", "contains_any", "contains_all", "contains_none"):
        return f"{name} {operator} [{', '.join(literals)}]"
    return f"{name} {operator} {literals[0] if literals else '1'}"


condition_texts = st.builds(
    condition_text,
    st.sampled_from(NAMES_IN_CONFIGS),
    st.sampled_from(OPERATORS),
    st.lists(LITERALS, max_size=3),
)


def to_client_filter(text: str, config: CollectionConfig | None) -> None:
    """Parse and translate: the only errors allowed are the explorer's own, with a message."""
    try:
        tree = parse_where(text, config)
    except WhereError:
        return
    try:
        to_weaviate(tree)
    except ExplorerError as error:
        assert error.message


@given(
    st.lists(condition_texts, min_size=1, max_size=3),
    st.sampled_from(["and", "or"]),
    st.sampled_from(CONFIGS),
)
def test_parsed_filters_become_client_filters(
    conditions: list[str], joiner: str, config: CollectionConfig | None
) -> None:
    to_client_filter(f" {joiner} ".join(conditions), config)
    to_client_filter("not (" + conditions[0] + ")", config)


@given(st.lists(st.sampled_from(FILTER_PIECES), max_size=10), st.sampled_from(CONFIGS))
def test_token_soup_becomes_a_client_filter_or_an_error(
    pieces: list[str], config: CollectionConfig | None
) -> None:
    to_client_filter(" ".join(pieces), config)


# -- the filter builder (rows of property, operator, value) ---------------------------------------

ROW_OPERATORS = [*FILTER_OPERATORS, IS_NULL, IS_NOT_NULL, "~", ""]
row_values = st.one_of(st.text(max_size=12), LITERALS, st.sampled_from(FILTER_PIECES))
filter_rows = st.builds(
    FilterRow,
    st.one_of(st.sampled_from(NAMES_IN_CONFIGS), st.text(max_size=6)),
    st.sampled_from(ROW_OPERATORS),
    st.one_of(row_values, st.lists(row_values, max_size=3).map(", ".join)),
)


@given(
    st.lists(filter_rows, max_size=4),
    st.sampled_from(["and", "or"]),
    st.sampled_from([JEOPARDY, EVERYTHING]),
)
def test_builder_rows_become_filter_text_or_an_error(
    rows: list[FilterRow], joiner: Joiner, config: CollectionConfig
) -> None:
    """Any rows a form can hold: text for the parser, or an ExplorerError that says why not."""
    try:
        text = rows_text(rows, joiner, config)
    except ExplorerError as error:
        assert error.message
        return
    check_where(text, config)


# Values of each type of EVERYTHING, as a parsed filter holds them.
typed_values: dict[str, st.SearchStrategy[Any]] = {
    "text": st.text(st.characters(exclude_categories=["Cs"]), max_size=10),
    "int": st.integers(-(2**63), 2**63 - 1),
    "number": st.floats(allow_nan=False, allow_infinity=False),
    "boolean": st.booleans(),
    "date": scalars.filter(lambda v: isinstance(v, dt.datetime)),
    "uuid": st.uuids().map(str),
}


@st.composite
def typed_conditions(draw: st.DrawFn) -> Condition:
    prop = draw(st.sampled_from([p for p in EVERYTHING.properties if p.data_type != "object"]))
    operators = operators_for(EVERYTHING, prop.name)
    operator = cast(Operator, draw(st.sampled_from(operators)))
    base = base_type(EVERYTHING, prop.name)
    if operator == "is_null":
        return Condition(prop.name, operator, draw(st.booleans()))
    assert base is not None
    values = typed_values[base]
    if operator in ("in", "contains_any", "contains_all", "contains_none"):
        return Condition(prop.name, operator, tuple(draw(st.lists(values, min_size=1, max_size=3))))
    return Condition(prop.name, operator, draw(values))


@given(st.lists(typed_conditions(), min_size=1, max_size=3), st.sampled_from([And, Or]))
def test_a_filter_opened_in_the_builder_and_applied_unchanged_stays_the_same(
    conditions: list[Condition], group: type[And] | type[Or]
) -> None:
    """filter -> rows (the form) -> text -> filter is the identity, whatever the values."""
    expr: FilterExpr = conditions[0] if len(conditions) == 1 else group(tuple(conditions))
    shaped = rows_from_filter(expr)
    assert shaped is not None
    joiner, rows = shaped
    text = rows_text(rows, joiner, EVERYTHING)
    assert parse_where(text, EVERYTHING) == expr, text


# -- every command, with its own flags and random values ------------------------------------------


PLAIN_WORD = re.compile(r"[A-Za-z0-9_.,:=-]*")


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


@st.composite
def invocations(draw: st.DrawFn) -> tuple[CommandSpec, str, dict[str, str], dict[str, list[str]]]:
    """A well-formed line for a registered command: its positionals, then some of its flags."""
    spec = draw(st.sampled_from(REGISTRY.commands))
    words = [draw(st.sampled_from([spec.name, *spec.aliases]))]
    positionals: dict[str, str] = {}
    for positional in spec.positionals:
        if not positional.required and draw(st.booleans()):
            break
        value = draw(st.text(min_size=1, max_size=10))
        positionals[positional.name] = value
        words.append(_quoted(value))
    flags: dict[str, list[str]] = {}
    for flag in draw(st.lists(st.sampled_from(spec.all_flags), max_size=4, unique=True)):
        values = [
            draw(st.sampled_from(flag.choices)) if flag.choices else draw(st.text(max_size=10))
            for _ in range(flag.arity)
        ]
        flags[flag.name] = values
        form = draw(st.sampled_from(["separate", "equals", "equals-quoted"]))
        if flag.arity == 1 and form == "equals" and PLAIN_WORD.fullmatch(values[0]):
            words.append(f"{flag.name}={values[0]}")
        elif flag.arity == 1 and form == "equals-quoted":
            words.append(f"{flag.name}={_quoted(values[0])}")
        else:
            words.extend([flag.name, *(_quoted(v) for v in values)])
    return spec, " ".join(words), positionals, flags


@given(invocations())
def test_every_command_binds_its_own_arguments(
    invocation: tuple[CommandSpec, str, dict[str, str], dict[str, list[str]]],
) -> None:
    spec, line, positionals, flags = invocation
    [statement] = split_statements(line)
    parsed = parse_command(statement, line, REGISTRY)
    assert parsed.spec is spec
    rest = spec.positionals[-1].name if spec.positionals and spec.positionals[-1].rest else None
    for name, value in positionals.items():
        if name != rest:
            assert parsed.positionals[name].text == value
    for name, values in flags.items():
        assert [w.text for w in parsed.values(name)[-1]] == values, line
    check_handler_arguments(parsed)


def check_handler_arguments(parsed: ParsedCommand) -> None:
    """What handlers read from the words (numbers, uuids, filters, JSON, vectors) fails only
    with a positioned CommandLineError or another ExplorerError."""
    from explorer.repl.handlers.edit import parsed_json
    from explorer.repl.handlers.objects import checked_properties, checked_uuid
    from explorer.repl.handlers.search import vector_argument

    checks: list[Callable[[], object]] = [
        *(partial(parsed.integer, f, 10, minimum=0) for f in ("--limit", "--offset", "--top")),
        *(partial(parsed.integer, f, 10, minimum=0) for f in ("--groups", "--replication")),
        partial(parsed.number, "--alpha"),
        *(partial(checked_properties, parsed, f, EVERYTHING) for f in ("--props", "--metrics")),
    ]
    if (where := parsed.text("--where")) is not None:
        checks.append(lambda: to_client_filter(where, EVERYTHING))
    if (sort := parsed.text("--sort")) is not None:
        checks.append(lambda: parse_sort(sort, EVERYTHING))
    words = parsed.positionals
    if "uuid" in words:
        checks.append(lambda: checked_uuid(parsed, words["uuid"]))
    if "json" in words:
        checks.append(lambda: validate_object(parsed_json(parsed, words["json"]), EVERYTHING))
    if "vector" in words:
        checks.append(lambda: vector_argument(parsed, words["vector"]))
    for check in checks:
        try:
            check()
        except CommandLineError as error:
            assert 0 <= error.position <= len(parsed.line)
        except ExplorerError as error:
            assert error.message


def test_a_flag_value_may_be_quoted_after_the_equals_sign() -> None:
    line = """fetch --where="value > 3 and tags contains_any ['a b']" --sort='year:desc'"""
    [statement] = split_statements(line)
    parsed = parse_command(statement, line, REGISTRY)
    assert parsed.text("--where") == "value > 3 and tags contains_any ['a b']"
    assert parsed.text("--sort") == "year:desc"
    [quoted_whole] = split_statements('"--where=x"')
    assert not quoted_whole.words[0].is_flag  # a wholly quoted word stays a plain word


JSON_PIECES = ["{", "}", "[", "]", ",", ":", '"title"', '"year"', '"rating"', '"location"',
               '"latitude"', '"vector"', '"properties"', "1e999", "NaN", "-Infinity", "9" * 5000,
               str(10**400), "[" * 2000, "null", "true", '"\\ud800"', "1.5", "-0"]  # fmt: skip


@given(
    st.sampled_from(["insert", "update 6a3b1d0e-8f2c-4c55-9d7e-0a1b2c3d4e5f", "near_vector"]),
    st.lists(st.sampled_from(JSON_PIECES), max_size=12),
)
@example("near_vector", ["[", str(10**400), "]"])
@example("insert", ['{"rating":', str(10**400), "}"])
@example("insert", ["[" * 2000])
def test_json_and_vector_arguments(command_name: str, pieces: list[str]) -> None:
    line = f"{command_name} '{''.join(pieces)}'"
    try:
        [statement] = split_statements(line)
        parsed = parse_command(statement, line, REGISTRY)
    except CommandLineError:
        return
    check_handler_arguments(parsed)


# -- completion never fails, whatever is typed ----------------------------------------------------

COMPLETION_SNAPSHOT = SchemaSnapshot.from_configs([JEOPARDY, EVERYTHING])


def check_completion(text: str, collection: str | None) -> None:
    completer = ReplCompleter(REGISTRY, lambda: COMPLETION_SNAPSHOT, lambda: collection)
    for cursor in {len(text), len(text) // 2, 0}:
        document = Document(text, cursor_position=cursor)
        for completion in completer.get_completions(document, CompleteEvent()):
            assert -len(document.text_before_cursor) <= completion.start_position <= 0
            assert completion.text


@given(st.text(), st.sampled_from([None, "JeopardyQuestion", "Everything", "Gone"]))
def test_completion_of_any_text(text: str, collection: str | None) -> None:
    check_completion(text, collection)


@given(
    st.lists(st.sampled_from([*COMMAND_PIECES, *FILTER_PIECES, "--where", ' "', " '"]), max_size=8),
    st.sampled_from([None, "JeopardyQuestion", "Everything"]),
)
def test_completion_of_command_soup(pieces: list[str], collection: str | None) -> None:
    check_completion(" ".join(pieces), collection)
    check_completion("".join(pieces), collection)
