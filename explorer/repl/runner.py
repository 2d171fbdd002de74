"""Running a command line: split, parse, call the handler, render; a failure is one clear line.

Shared by the interactive prompt, ``-c`` and stdin scripts, so all three behave the same.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from rich.console import Console
from rich.text import Text

from explorer.core.base.errors import ExplorerError
from explorer.core.base.formatting import safe_multiline, safe_text
from explorer.core.base.typed_confirmation import typed_confirmation_scope
from explorer.core.client.connection import redact_secrets
from explorer.core.where.syntax import WhereError
from explorer.repl import handlers as _handlers  # noqa: F401  (registers every command)
from explorer.repl.cmdline import CommandLineError, split_statements
from explorer.repl.commands import REGISTRY, CommandRegistry, ParsedCommand, parse_command
from explorer.repl.context import ReplContext
from explorer.repl.render import show
from explorer.repl.views import Done, Notice, QuitView


class SeveralJsonDocuments(ExplorerError):
    """A script asked for a second JSON document, which would make its output invalid JSON."""

    def __init__(self) -> None:
        super().__init__(
            "One JSON document only",
            "--format json prints one JSON document, and this script has more than one command "
            "that prints; nothing ran. Use --format jsonl for several commands (one JSON value "
            "per line)",
        )


@dataclass(frozen=True)
class Outcome:
    ok: bool
    quit: bool = False


def one_line(exc: ExplorerError) -> str:
    """``Error: Title: message`` on one inert line (messages may quote server text)."""
    return safe_text(" ".join(f"Error: {exc.title}: {exc.message}".split()))


class CommandRunner:
    """Runs the ``;``-separated statements of a line, stopping at the first failure."""

    def __init__(
        self,
        context: ReplContext,
        console: Console,
        errors: Console,
        registry: CommandRegistry = REGISTRY,
        *,
        one_json_document: bool = False,
    ) -> None:
        """``one_json_document``: refuse a second JSON document (a script's stdout stays valid JSON)."""
        self.context = context
        self.one_json_document = one_json_document
        self.json_documents = 0
        self.console = console
        self.errors = errors
        self.registry = registry

    async def run(self, line: str) -> Outcome:
        try:
            statements = split_statements(line)
        except CommandLineError as exc:
            self.report(exc)
            return Outcome(ok=False)
        try:
            self.refuse_several_json_documents([line])
        except SeveralJsonDocuments as exc:
            self.report(exc)
            return Outcome(ok=False)
        for statement in statements:
            try:
                parsed = parse_command(statement, line, self.registry)
                with typed_confirmation_scope():  # a typed confirmation lasts one command
                    view = await parsed.spec.handler(self.context, parsed)
                output_format = parsed.text("--format") or self.context.output_format
                self._count_json_document(view, output_format)
                if isinstance(view, Done) and not self.context.interactive:
                    self.errors.file.write(safe_multiline(view.text) + "\n")
                    self.errors.file.flush()
                show(self.console, view, output_format, interactive=self.context.interactive)
            except ExplorerError as exc:
                self.report(exc)
                return Outcome(ok=False)
            except Exception as exc:  # a bug: one line, and the REPL goes on
                message = redact_secrets(str(exc), self.context.session.options)
                self.report(ExplorerError(f"Unexpected {type(exc).__name__}", message or "—"))
                return Outcome(ok=False)
            if isinstance(view, QuitView):
                return Outcome(ok=True, quit=True)
        return Outcome(ok=True)

    def refuse_several_json_documents(self, lines: Iterable[str]) -> None:
        """Raise :class:`SeveralJsonDocuments` before any statement of ``lines`` runs if, with the
        documents already printed, they would print a second JSON document."""
        if not self.one_json_document:
            return
        output_format = self.context.output_format
        documents = self.json_documents
        for line in lines:
            for parsed in self._parsed_until_error(line):
                if parsed.spec.sets_output_format and parsed.positionals:
                    output_format = next(iter(parsed.positionals.values())).text
                statement_format = parsed.text("--format") or output_format
                if statement_format == "json" and parsed.spec.prints_data(parsed):
                    documents += 1
                    if documents > 1:
                        raise SeveralJsonDocuments()
                if parsed.spec.ends_script:
                    return

    def _parsed_until_error(self, line: str) -> Iterator[ParsedCommand]:
        """The statements of ``line`` that parse, up to the first that does not (which fails in
        its turn, after the ones before it ran)."""
        try:
            for statement in split_statements(line):
                yield parse_command(statement, line, self.registry)
        except CommandLineError:
            return

    def _count_json_document(self, view: object, output_format: str) -> None:
        if output_format != "json" or view is None or isinstance(view, Notice | QuitView):
            return
        if self.one_json_document and self.json_documents:
            raise SeveralJsonDocuments()
        self.json_documents += 1

    def report(self, exc: ExplorerError) -> None:
        """One line on the error stream; at the prompt, also a caret under the culprit."""
        if not self.context.interactive:
            self.errors.file.write(one_line(exc) + "\n")
            self.errors.file.flush()
            return
        self.errors.print(Text(one_line(exc), style="bold red"))
        if isinstance(exc, WhereError | CommandLineError):
            text, caret = exc.pointer().rsplit("\n", 1)
            self.errors.print(Text(safe_text(text), style="dim"))
            self.errors.print(Text(caret, style="red"))
