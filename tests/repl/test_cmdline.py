"""The command-line parser: words, quotes, statements, flags and positionals, with positions."""

from __future__ import annotations

import pytest

from explorer.repl.cmdline import CommandLineError, is_complete, split_statements
from explorer.repl.commands import (
    REGISTRY,
    CommandRegistry,
    ParsedCommand,
    PositionalSpec,
    command,
    parse_command,
)
from explorer.repl.runner import CommandRunner  # noqa: F401  (registers the commands)


def words(line: str) -> list[list[str]]:
    return [[w.text for w in s.words] for s in split_statements(line)]


def parse(line: str) -> ParsedCommand:
    [statement] = split_statements(line)
    return parse_command(statement, line, REGISTRY)


def error_of(line: str) -> CommandLineError:
    with pytest.raises(CommandLineError) as caught:
        for statement in split_statements(line):
            parsed = parse_command(statement, line, REGISTRY)
            parsed.integer("--limit", 10)
    return caught.value


def test_words_quotes_and_statements() -> None:
    assert words("use JeopardyQuestion; count") == [["use", "JeopardyQuestion"], ["count"]]
    assert words("""bm25 "Lincoln theatre" --props 'a,b'""") == [
        ["bm25", "Lincoln theatre", "--props", "a,b"]
    ]
    assert words(r'x "say \"hi\" \\ \n"') == [["x", 'say "hi" \\ \\n']]
    assert words(r"x 'single \ stays'") == [["x", "single \\ stays"]]
    assert words("x 'a;b' \"c;d\";y") == [["x", "a;b", "c;d"], ["y"]]
    assert words("x --where='value > 1'") == [["x", "--where=value > 1"]]
    assert words(";; ;") == []


def test_backslash_commands_and_line_continuation() -> None:
    assert words("\\d Books") == [["\\d", "Books"]]
    assert words("fetch \\\n --limit 3") == [["fetch", "--limit", "3"]]
    assert words('bm25 "two\nlines"') == [["bm25", "two\nlines"]]


def test_positions_point_into_the_whole_line() -> None:
    line = 'use Books; bm25 "x y" --limit 3'
    first, second = split_statements(line)
    assert [(w.start, w.end) for w in first.words] == [(0, 3), (4, 9)]
    assert [(w.text, w.start, w.end) for w in second.words][1] == ("x y", 16, 21)
    assert second.words[1].quoted and not second.words[2].quoted
    assert line[second.start : second.end] == ' bm25 "x y" --limit 3'


def test_unterminated_quote_names_its_column() -> None:
    error = error_of('count --where "value > 1')
    assert error.message == 'column 15: unterminated quote: close it with "'
    assert error.pointer() == 'count --where "value > 1\n              ^'


def test_partial_split_keeps_the_open_word() -> None:
    [statement] = split_statements('fetch --where "val', partial=True)
    assert statement.words[-1].text == "val" and statement.words[-1].open_quote == '"'
    assert split_statements("count;", partial=True)[-1].words == ()


def test_is_complete_waits_for_quotes_brackets_and_backslashes() -> None:
    assert is_complete('bm25 "x"')
    assert not is_complete('bm25 --prompt "Explain')
    assert not is_complete("near_vector [0.1, 0.2,")
    assert is_complete("near_vector [0.1, 0.2,\n 0.3]")
    assert is_complete('near_vector "[0.1, 0.2"')  # quoted brackets do not count
    assert not is_complete("fetch \\")


def test_flags_values_and_positionals() -> None:
    parsed = parse('hybrid "Lincoln theatre" --alpha 0.5 --fusion ranked --limit=3 --vector')
    assert parsed.spec.name == "hybrid"
    assert parsed.positionals["text"].text == "Lincoln theatre"
    assert parsed.number("--alpha") == 0.5
    assert parsed.text("--fusion") == "ranked"
    assert parsed.integer("--limit", 10) == 3
    assert parsed.has("--vector") and not parsed.has("--where")


def test_two_value_flag_repeatable_flag_and_rest_positional() -> None:
    parsed = parse('bm25 theatre --rerank question "the theatre"')
    [(prop, query)] = parsed.values("--rerank")
    assert (prop.text, query.text) == ("question", "the theatre")
    parsed = parse("aggregate --metrics value --metrics answer,round")
    assert parsed.names_list("--metrics") == ("value", "answer", "round")
    parsed = parse("near_vector [0.1, 0.2,\n 0.3]")
    assert parsed.positionals["vector"].text == "[0.1, 0.2, 0.3]"


def test_aliases_resolve_to_their_command() -> None:
    assert parse("\\q").spec.name == "quit"
    assert parse("exit").spec.name == "quit"
    assert parse("\\d Books").spec.name == "schema"
    assert parse("\\l").spec.name == "ls"


def test_quoted_word_is_never_a_flag() -> None:
    assert parse('bm25 "--limit"').positionals["text"].text == "--limit"


@pytest.mark.parametrize(
    ("line", "column", "words"),
    [
        ("cuont", 1, ["unknown command 'cuont'", "did you mean 'count'?"]),
        ("count --wher x", 7, ["count has no flag --wher", "did you mean --where?"]),
        ("fetch --limit", 14, ["--limit needs N"]),
        ("fetch --limit --vector", 15, ["--limit needs N"]),
        ("fetch --limit ten", 15, ["--limit needs a whole number, not 'ten'"]),
        ("fetch --limit 0", 15, ["at least 1"]),
        ("fetch --limit 1 --limit 2", 17, ["--limit is given twice"]),
        ("use", 4, ["use needs Collection"]),
        ("use A B C", 9, ["does not take 'C'"]),
        ("hybrid x --fusion best", 19, ["--fusion takes ranked or relative, not 'best'"]),
        ("bm25 x --rerank question", 25, ["--rerank needs PROP QUERY"]),
        ("bm25 x --rerank=question", 8, ["without '='"]),
        ("count; fetch --format xml", 23, ["--format takes table or json or jsonl"]),
    ],
)
def test_errors_name_the_column(line: str, column: int, words: list[str]) -> None:
    error = error_of(line)
    assert error.message.startswith(f"column {column}: "), error.message
    for word in words:
        assert word in error.message
    assert error.title == "Invalid command"


def test_registry_refuses_a_name_twice() -> None:
    registry = CommandRegistry()

    async def handler(_context: object, _parsed: object) -> None:
        return None

    command("a", "a", "first", aliases=("b",), registry=registry)(handler)
    with pytest.raises(ValueError, match="'b' is registered twice"):
        command("b", "b", "second", registry=registry)(handler)
    command("c", "c <x>", "third", positionals=(PositionalSpec("x"),), registry=registry)(handler)
    assert registry.names == ("a", "b", "c")
    assert [spec.name for spec in registry.commands] == ["a", "c"]


def test_every_command_of_the_issue_is_registered_with_syntax_and_help() -> None:
    wanted = {
        "ls", "use", "schema", "count", "get", "fetch", "bm25", "near_text", "near_object",
        "near_vector", "hybrid", "aggregate", "help", "quit",
    }  # fmt: skip
    specs = {spec.name: spec for spec in REGISTRY.commands}
    assert wanted <= set(specs)
    for spec in specs.values():
        assert spec.syntax.startswith(spec.name) and spec.help
    for name in ("bm25", "near_text", "near_object", "near_vector", "hybrid"):
        flags = {f.name for f in specs[name].all_flags}
        assert {"--where", "--limit", "--rerank", "--prompt", "--task", "--format"} <= flags
