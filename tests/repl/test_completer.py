"""Completion: what belongs at the cursor, then the candidates from a schema snapshot."""

from __future__ import annotations

import pytest
from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.document import Document

from explorer.repl.commands import REGISTRY
from explorer.repl.completer import ReplCompleter, analyze, candidates
from explorer.repl.runner import CommandRunner  # noqa: F401  (registers the commands)
from explorer.repl.schema_cache import SchemaSnapshot
from tests.repl.schemas import EVERYTHING, JEOPARDY, config

SNAPSHOT = SchemaSnapshot.from_configs(
    [JEOPARDY, EVERYTHING, config("JeopardyArchive", {"note": "text"})]
)


def complete(text: str, collection: str | None = "JeopardyQuestion") -> list[str]:
    return candidates(analyze(text, REGISTRY), SNAPSHOT, collection, REGISTRY)


@pytest.mark.parametrize(
    ("text", "kind", "prefix"),
    [
        ("", "command", ""),
        ("he", "command", "he"),
        ("count; fe", "command", "fe"),
        ("use ", "collection", ""),
        ("use Jeo", "collection", "Jeo"),
        ("schema je", "collection", "je"),
        ("help fe", "command", "fe"),
        ("fetch --", "flag", "--"),
        ("fetch --li", "flag", "--li"),
        ("fetch --sort ", "property", ""),
        ("fetch --sort value:d", "choice", "d"),
        ("fetch --sort value,ans", "property", "ans"),
        ("fetch --props question,air", "property", "air"),
        ("fetch --props=question,air", "property", "air"),
        ("near_vector [0.1] --target a", "target", "a"),
        ("hybrid x --fusion r", "choice", "r"),
        ("count --format j", "choice", "j"),
        ("bm25 x --rerank q", "property", "q"),
        ("bm25 x --rerank question th", "none", ""),
        ("fetch --limit ", "none", ""),
        ('count --where "val', "where_property", "val"),
        ('count --where="val', "where_property", "val"),
        ('count --where "value > 3 and (ans', "where_property", "ans"),
        ('count --where "value > ', "none", ""),
        ("use JeopardyQuestion ", "none", ""),
        ("nonsense --x", "none", ""),
        ('bm25 "--li', "none", ""),
    ],
)
def test_analyze_says_what_belongs_at_the_cursor(text: str, kind: str, prefix: str) -> None:
    context = analyze(text, REGISTRY)
    assert context.kind == kind
    if kind != "none":
        assert context.prefix == prefix


def test_command_names_and_aliases() -> None:
    assert complete("he") == ["help"]
    assert complete("\\") == ["\\l", "\\c", "\\d", "\\?", "\\q"]
    assert "near_vector" in complete("near")


def test_collections_match_any_case_and_keep_their_own() -> None:
    assert complete("use jeo") == ["JeopardyArchive", "JeopardyQuestion"]
    assert complete("use Ev") == ["Everything"]


def test_properties_and_targets_of_the_current_collection() -> None:
    assert complete("fetch --props question,a") == ["answer", "air_date"]
    assert complete("fetch --sort ") == [p.name for p in JEOPARDY.properties]
    assert complete("hybrid x --target ") == ["ada002", "bigram"]
    assert complete("fetch --props ", collection="Everything")[:2] == ["title", "tags"]
    assert complete("fetch --props ", collection=None) == []
    assert complete('count --where "i') == ["id"]


def test_flags_not_yet_given_plus_repeatable_ones() -> None:
    offered = complete("fetch --limit 3 --")
    assert "--limit" not in offered and {"--where", "--sort", "--format"} <= set(offered)
    assert "--metrics" in complete("aggregate --metrics value --m")


def test_prompt_toolkit_completer_replaces_only_the_prefix() -> None:
    snapshot = SNAPSHOT
    completer = ReplCompleter(REGISTRY, lambda: snapshot, lambda: "JeopardyQuestion")
    found = list(completer.get_completions(Document("fetch --props question,ans"), CompleteEvent()))
    assert [(c.text, c.start_position) for c in found] == [("answer", -3)]
    found = list(completer.get_completions(Document("coun"), CompleteEvent()))
    assert [c.text for c in found] == ["count"]
    assert "Count" in found[0].display_meta_text


def test_a_new_snapshot_is_used_as_soon_as_it_is_swapped_in() -> None:
    holder = {"snapshot": SchemaSnapshot()}
    completer = ReplCompleter(REGISTRY, lambda: holder["snapshot"], lambda: None)
    assert list(completer.get_completions(Document("use J"), CompleteEvent())) == []
    holder["snapshot"] = SNAPSHOT
    names = [c.text for c in completer.get_completions(Document("use J"), CompleteEvent())]
    assert names == ["JeopardyArchive", "JeopardyQuestion"]
