"""The command registry: every command has a name, syntax, help, aliases, flags and a handler.

Handlers register themselves with :func:`command` (pgcli's special-command pattern); the parser,
``help`` and completion all read the same specs, so they never disagree.
"""

from __future__ import annotations

import difflib
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from explorer.repl.cmdline import CommandLineError, Statement, Word

if TYPE_CHECKING:
    from explorer.repl.context import ReplContext

#: What a flag's or a positional's value is, for completion.
Completes = str  # "collection", "command", "property", "properties", "sort", "target", ""


@dataclass(frozen=True)
class FlagSpec:
    name: str
    #: One metavar per value the flag takes; none for a switch.
    metavars: tuple[str, ...] = ("VALUE",)
    help: str = ""
    completes: Completes = ""
    choices: tuple[str, ...] = ()
    repeatable: bool = False

    @property
    def arity(self) -> int:
        return len(self.metavars)


@dataclass(frozen=True)
class PositionalSpec:
    name: str
    required: bool = True
    completes: Completes = ""
    #: Takes every remaining word, joined by spaces (for ``near_vector [1, 2, 3]``).
    rest: bool = False


Handler = Callable[["ReplContext", "ParsedCommand"], Awaitable[Any]]
#: Whether a statement prints data on stdout (a script's document), decided before it runs.
PrintsData = Callable[["ParsedCommand"], bool]


def always(_parsed: ParsedCommand) -> bool:
    return True


def never(_parsed: ParsedCommand) -> bool:
    return False


@dataclass(frozen=True)
class CommandSpec:
    name: str
    syntax: str
    help: str
    handler: Handler = field(repr=False, compare=False)
    aliases: tuple[str, ...] = ()
    positionals: tuple[PositionalSpec, ...] = ()
    flags: tuple[FlagSpec, ...] = ()
    #: False for a command that only says something to a person (``use``, ``quit``).
    prints_data: PrintsData = field(default=always, repr=False, compare=False)
    #: The command sets the output format of the statements after it (``format json``).
    sets_output_format: bool = False
    #: The statements after this one do not run (``quit``).
    ends_script: bool = False

    def flag(self, name: str) -> FlagSpec | None:
        return next((f for f in (*self.flags, *GLOBAL_FLAGS) if f.name == name), None)

    @property
    def all_flags(self) -> tuple[FlagSpec, ...]:
        return (*self.flags, *GLOBAL_FLAGS)


OUTPUT_FORMATS = ("table", "json", "jsonl")
GLOBAL_FLAGS = (
    FlagSpec(
        "--format", ("FORMAT",), "Output as a table, JSON or JSON lines", choices=OUTPUT_FORMATS
    ),
)


class CommandRegistry:
    """Commands by name and alias, in the order they were registered."""

    def __init__(self) -> None:
        self._commands: dict[str, CommandSpec] = {}
        self._by_name: dict[str, CommandSpec] = {}

    def add(self, spec: CommandSpec) -> None:
        for name in (spec.name, *spec.aliases):
            if name in self._by_name:
                raise ValueError(f"the command name {name!r} is registered twice")
            self._by_name[name] = spec
        self._commands[spec.name] = spec

    def get(self, name: str) -> CommandSpec | None:
        return self._by_name.get(name)

    @property
    def commands(self) -> tuple[CommandSpec, ...]:
        return tuple(self._commands.values())

    @property
    def names(self) -> tuple[str, ...]:
        """Every name and alias, for completion."""
        return tuple(self._by_name)

    def suggest(self, name: str) -> str | None:
        close = difflib.get_close_matches(name, list(self._by_name), n=1, cutoff=0.6)
        return close[0] if close else None


REGISTRY = CommandRegistry()


def command(
    name: str,
    syntax: str,
    help: str,
    *,
    aliases: Iterable[str] = (),
    positionals: Iterable[PositionalSpec] = (),
    flags: Iterable[FlagSpec] = (),
    prints_data: PrintsData = always,
    sets_output_format: bool = False,
    ends_script: bool = False,
    registry: CommandRegistry = REGISTRY,
) -> Callable[[Handler], Handler]:
    """Register the decorated coroutine as the handler of a command."""

    def register(handler: Handler) -> Handler:
        registry.add(
            CommandSpec(
                name=name,
                syntax=syntax,
                help=help,
                handler=handler,
                aliases=tuple(aliases),
                positionals=tuple(positionals),
                flags=tuple(flags),
                prints_data=prints_data,
                sets_output_format=sets_output_format,
                ends_script=ends_script,
            )
        )
        return handler

    return register


@dataclass(frozen=True)
class ParsedCommand:
    """A statement bound to its command's spec: positionals by name, flags with their values."""

    spec: CommandSpec
    line: str
    name_word: Word
    positionals: dict[str, Word]
    #: Each occurrence of a flag is one tuple of values (empty for a switch).
    flags: dict[str, list[tuple[Word, ...]]]
    #: The words a ``rest`` positional joined, one by one (a quoted word keeps its spaces).
    rest_words: tuple[Word, ...] = ()

    def has(self, flag: str) -> bool:
        return flag in self.flags

    def value(self, flag: str) -> Word | None:
        """The single value of the last occurrence of a one-value flag."""
        occurrences = self.flags.get(flag)
        return occurrences[-1][0] if occurrences else None

    def values(self, flag: str) -> list[tuple[Word, ...]]:
        return self.flags.get(flag, [])

    def text(self, flag: str) -> str | None:
        word = self.value(flag)
        return word.text if word is not None else None

    def error(self, word: Word, detail: str) -> CommandLineError:
        return CommandLineError(self.line, word.start, detail)

    def integer(self, flag: str, default: int, *, minimum: int = 1) -> int:
        word = self.value(flag)
        if word is None:
            return default
        try:
            number = int(word.text)
        except ValueError:
            raise self.error(word, f"{flag} needs a whole number, not {word.text!r}") from None
        if number < minimum:
            raise self.error(word, f"{flag} needs a number of at least {minimum}")
        return number

    def number(self, flag: str) -> float | None:
        word = self.value(flag)
        if word is None:
            return None
        try:
            return float(word.text)
        except ValueError:
            raise self.error(word, f"{flag} needs a number, not {word.text!r}") from None

    def names_list(self, flag: str) -> tuple[str, ...]:
        """Comma-separated names, from every occurrence of the flag."""
        names: list[str] = []
        for occurrence in self.values(flag):
            names.extend(n.strip() for n in occurrence[0].text.split(",") if n.strip())
        return tuple(names)


def parse_command(statement: Statement, line: str, registry: CommandRegistry) -> ParsedCommand:
    """Bind a statement's words to the spec of the command it names."""
    words = statement.words
    if not words:
        raise CommandLineError(line, statement.start, "expected a command; try help")
    name_word = words[0]
    spec = registry.get(name_word.text)
    if spec is None:
        close = registry.suggest(name_word.text)
        hint = f"did you mean {close!r}? " if close else ""
        raise CommandLineError(
            line, name_word.start, f"unknown command {name_word.text!r}; {hint}help lists them"
        )
    positionals: dict[str, Word] = {}
    flags: dict[str, list[tuple[Word, ...]]] = {}
    loose: list[Word] = []
    index = 1
    while index < len(words):
        word = words[index]
        if not word.is_flag:
            loose.append(word)
            index += 1
            continue
        name, _, inline = word.text.partition("=")
        flag = spec.flag(name)
        if flag is None:
            known = [f.name for f in spec.all_flags]
            matches = difflib.get_close_matches(name, known, n=1)
            hint = f"did you mean {matches[0]}? " if matches else ""
            choices = ", ".join(known)
            raise CommandLineError(
                line, word.start, f"{spec.name} has no flag {name}; {hint}it takes {choices}"
            )
        if flag.name in flags and not flag.repeatable:
            raise CommandLineError(line, word.start, f"{flag.name} is given twice")
        values, index = _flag_values(line, spec, flag, word, inline, words, index)
        flags.setdefault(flag.name, []).append(values)
    rest_words = _bind_positionals(line, spec, name_word, loose, positionals)
    return ParsedCommand(spec, line, name_word, positionals, flags, rest_words)


def _flag_values(
    line: str,
    spec: CommandSpec,
    flag: FlagSpec,
    word: Word,
    inline: str,
    words: tuple[Word, ...],
    index: int,
) -> tuple[tuple[Word, ...], int]:
    if "=" in word.text:
        if flag.arity != 1:
            raise CommandLineError(
                line, word.start, f"write {flag.name} {' '.join(flag.metavars)} without '='"
            )
        start = word.start + len(flag.name) + 1
        values: tuple[Word, ...] = (Word(inline, start, word.end),)
        index += 1
    else:
        taken = words[index + 1 : index + 1 + flag.arity]
        if len(taken) < flag.arity or any(w.is_flag for w in taken):
            at = next((w for w in taken if w.is_flag), None)
            position = at.start if at is not None else (taken[-1].end if taken else word.end)
            raise CommandLineError(
                line,
                position,
                f"{flag.name} needs {' '.join(flag.metavars)} (help {spec.name} lists them)",
            )
        values = tuple(taken)
        index += 1 + flag.arity
    if flag.choices:
        for value in values:
            if value.text not in flag.choices:
                raise CommandLineError(
                    line,
                    value.start,
                    f"{flag.name} takes {' or '.join(flag.choices)}, not {value.text!r}",
                )
    return values, index


def _bind_positionals(
    line: str,
    spec: CommandSpec,
    name_word: Word,
    loose: list[Word],
    positionals: dict[str, Word],
) -> tuple[Word, ...]:
    """Bind ``loose`` to the spec's positionals; returns the words a ``rest`` positional took."""
    remaining = list(loose)
    rest_words: tuple[Word, ...] = ()
    for positional in spec.positionals:
        if not remaining:
            if positional.required:
                end = loose[-1].end if loose else name_word.end
                raise CommandLineError(
                    line, end, f"{spec.name} needs {positional.name} (syntax: {spec.syntax})"
                )
            break
        if positional.rest:
            first, last = remaining[0], remaining[-1]
            joined = " ".join(w.text for w in remaining)
            positionals[positional.name] = Word(joined, first.start, last.end, first.quoted)
            rest_words = tuple(remaining)
            remaining = []
        else:
            positionals[positional.name] = remaining.pop(0)
    if remaining:
        extra = remaining[0]
        raise CommandLineError(
            line,
            extra.start,
            f"{spec.name} does not take {extra.text!r} here (syntax: {spec.syntax})",
        )
    return rest_words
