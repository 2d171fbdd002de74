"""Completion in two steps: what belongs at the cursor (:func:`analyze`), then the candidates.

Candidates come from the :class:`SchemaSnapshot` the cache swapped in last, so completing never
waits on the network.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from prompt_toolkit.completion import CompleteEvent, Completer, Completion
from prompt_toolkit.document import Document

from explorer.core.where.filters import ID_PROPERTY
from explorer.repl.cmdline import MAX_LINE_CHARS, split_statements
from explorer.repl.commands import OUTPUT_FORMATS, CommandRegistry, CommandSpec, FlagSpec
from explorer.repl.schema_cache import SchemaSnapshot

_TRAILING_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*$")
_CONDITION_STARTS = frozenset({"and", "or", "not"})


@dataclass(frozen=True)
class CompletionContext:
    """What the cursor is on: ``kind`` says where candidates come from, ``prefix`` is replaced.

    Kinds: command, flag, choice, collection, property, where_property, target, none.
    """

    kind: str
    prefix: str = ""
    choices: tuple[str, ...] = ()
    command: CommandSpec | None = None


NOTHING = CompletionContext("none")


def analyze(text: str, registry: CommandRegistry) -> CompletionContext:
    """Step one: the kind of thing that belongs at the end of ``text`` (the cursor)."""
    if len(text) > MAX_LINE_CHARS:
        return NOTHING
    statement = split_statements(text, partial=True)[-1]
    words = list(statement.words)
    current = words.pop() if words and words[-1].end == len(text) else None
    prefix = current.text if current is not None else ""
    if not words:
        return CompletionContext("command", prefix, registry.names)
    spec = registry.get(words[0].text)
    if spec is None:
        return NOTHING
    used: set[str] = set()
    positional_index = 0
    index = 1
    while index < len(words):
        word = words[index]
        if not word.is_flag:
            positional_index += 1
            index += 1
            continue
        name, equals, _ = word.text.partition("=")
        used.add(name)
        flag = spec.flag(name)
        if flag is None or equals or flag.arity == 0:
            index += 1
            continue
        taken = words[index + 1 : index + 1 + flag.arity]
        if len(taken) < flag.arity:
            return _flag_value(flag, len(taken), prefix)
        index += 1 + flag.arity
    if current is not None and current.is_flag and "=" in prefix:
        name, _, value = prefix.partition("=")
        flag = spec.flag(name)
        return _flag_value(flag, 0, value) if flag is not None else NOTHING
    if prefix.startswith("-") and (current is None or not current.quoted):
        flags = tuple(f.name for f in spec.all_flags if f.repeatable or f.name not in used)
        return CompletionContext("flag", prefix, flags, spec)
    if not spec.positionals:
        return NOTHING
    positional = spec.positionals[min(positional_index, len(spec.positionals) - 1)]
    if positional_index >= len(spec.positionals) and not positional.rest:
        return NOTHING
    return _completes(positional.completes, prefix, (), spec)


def _flag_value(flag: FlagSpec, value_index: int, prefix: str) -> CompletionContext:
    if value_index == 0 and flag.choices:
        return CompletionContext("choice", prefix, flag.choices)
    if value_index != 0:
        return NOTHING
    return _completes(flag.completes, prefix, flag.choices, None)


def _completes(
    completes: str, prefix: str, choices: tuple[str, ...], spec: CommandSpec | None
) -> CompletionContext:
    match completes:
        case "collection" | "property" | "target":
            return CompletionContext(completes, prefix, choices, spec)
        case "command":
            return CompletionContext("command", prefix)
        case "format":
            return CompletionContext("choice", prefix, OUTPUT_FORMATS)
        case "properties":
            return CompletionContext("property", prefix.rsplit(",", 1)[-1])
        case "sort":
            last = prefix.rsplit(",", 1)[-1]
            if ":" in last:
                return CompletionContext("choice", last.split(":", 1)[1], ("asc", "desc"))
            return CompletionContext("property", last)
        case "where":
            return _where_context(prefix)
    return NOTHING


def _where_context(expression: str) -> CompletionContext:
    """Inside a filter: a property name fits at its start, after '(' and after and/or/not."""
    match = _TRAILING_NAME.search(expression)
    fragment = match.group() if match else ""
    before = expression[: len(expression) - len(fragment)]
    if fragment and not (before == "" or before[-1] in " \t\n("):
        return NOTHING
    head = before.rstrip()
    words = head.split()
    if head == "" or head.endswith("(") or (words and words[-1].lower() in _CONDITION_STARTS):
        return CompletionContext("where_property", fragment)
    return NOTHING


def candidates(
    context: CompletionContext,
    snapshot: SchemaSnapshot,
    collection: str | None,
    registry: CommandRegistry,
) -> list[str]:
    """Step two: the names that fit the context, filtered by its prefix (any case)."""
    pool: Iterable[str]
    match context.kind:
        case "command":
            pool = context.choices or registry.names
        case "flag" | "choice":
            pool = context.choices
        case "collection":
            pool = snapshot.collections
        case "property":
            pool = snapshot.properties.get(collection or "", ())
        case "where_property":
            pool = (*snapshot.properties.get(collection or "", ()), ID_PROPERTY)
        case "target":
            pool = snapshot.vectors.get(collection or "", ())
        case _:
            pool = ()
    wanted = context.prefix.lower()
    return [name for name in pool if name.lower().startswith(wanted)]


class ReplCompleter(Completer):
    """prompt-toolkit's view of :func:`analyze` and :func:`candidates`."""

    def __init__(
        self,
        registry: CommandRegistry,
        snapshot: Callable[[], SchemaSnapshot],
        current_collection: Callable[[], str | None],
    ) -> None:
        self.registry = registry
        self.snapshot = snapshot
        self.current_collection = current_collection

    def get_completions(
        self, document: Document, complete_event: CompleteEvent
    ) -> Iterator[Completion]:
        context = analyze(document.text_before_cursor, self.registry)
        names = candidates(context, self.snapshot(), self.current_collection(), self.registry)
        for name in names:
            meta = ""
            if context.kind == "command" and (spec := self.registry.get(name)) is not None:
                meta = spec.help
            yield Completion(name, start_position=-len(context.prefix), display_meta=meta)
