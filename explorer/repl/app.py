"""The REPL's front door: the interactive prompt, ``-c`` commands, or commands read from stdin.

Everything runs on one asyncio loop with one ExplorerSession, like the TUI. At the prompt,
Ctrl-C cancels the running command (its task), not the REPL; Ctrl-D leaves.
"""

from __future__ import annotations

import asyncio
import signal
import sys
from collections.abc import AsyncIterable, AsyncIterator, Awaitable, Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar
from urllib.parse import urlsplit

from rich.text import Text

from explorer.core.base.paths import data_dir
from explorer.repl.cmdline import is_complete
from explorer.repl.confirm import ask_before_protected_changes
from explorer.repl.context import ReplContext
from explorer.repl.render import make_console
from explorer.repl.runner import CommandRunner, Outcome, SeveralJsonDocuments
from explorer.repl.schema_cache import SchemaCache

if TYPE_CHECKING:
    from prompt_toolkit.formatted_text import StyleAndTextTuples
    from rich.console import Console

    from explorer.core.client.health import Health
    from explorer.local.startup import LaunchPlan

T = TypeVar("T")
HISTORY_FILE = "repl-history"


def history_path() -> Path:
    """The history file in the user data dir, shared by every REPL session."""
    return data_dir() / HISTORY_FILE


async def run_repl(plan: LaunchPlan, *, commands: str | None, output_format: str) -> int:
    """Open the session, run the commands (or the prompt), close; the process exit code."""
    from explorer.local.startup import open_session

    interactive = commands is None and sys.stdin.isatty()
    errors = make_console(sys.stderr)

    def report(line: str) -> None:
        if interactive or plan.embedded:
            errors.print(Text(line, style="dim"))

    from explorer.local.terminal_confirm import terminal_confirmation

    # `--demo` is a change: on a protected connection it asks on the terminal (if there is one).
    opened = await open_session(plan, report, terminal_confirmation() if interactive else None)
    context = ReplContext(opened.session, SchemaCache(opened.session), output_format, interactive)
    opened.watch_health(on_change=_health_reporter(errors), on_recovered=_refresh_schema(context))
    context.opened = opened  # `connect PROFILE` swaps it
    try:
        if commands is not None:
            return await run_lines(context, [commands])
        if not interactive:
            return await run_lines(context, _stdin_lines())
        return await interactive_loop(context)
    finally:
        await context.schema.close()
        await (context.opened or opened).close()


def _refresh_schema(context: ReplContext) -> Callable[[], None]:
    def refresh() -> None:
        if context.interactive:
            context.schema.refresh_in_background()

    return refresh


def _health_reporter(errors: Console) -> Callable[[Health], None]:
    """Say once when the server goes away and once when it is back."""
    last = ["up"]

    def changed(health: Health) -> None:
        if health.state == last[0]:
            return
        last[0] = health.state
        if health.state == "up":
            errors.print(Text("Reconnected.", style="green"))
        elif health.state in ("down", "grpc-down"):
            errors.print(Text(f"Connection lost: {health.detail}. Reconnecting…", style="yellow"))

    return changed


async def run_lines(context: ReplContext, lines: Iterable[str] | AsyncIterable[str]) -> int:
    """Run commands without a prompt: stop at the first failure and return 1, else 0.

    ``lines`` is an iterable or async iterable of text; a statement may span lines while a quote
    or a ``[`` is open; blank lines and lines starting with ``#`` are skipped.
    """
    runner = CommandRunner(
        context, make_console(), make_console(sys.stderr), one_json_document=True
    )
    statements = _statements(lines)
    if context.output_format == "json":
        # One document in all: read the whole script, so that a second document is refused
        # before anything runs.
        whole = [statement async for statement in statements]
        try:
            runner.refuse_several_json_documents(whole)
        except SeveralJsonDocuments as exc:
            runner.report(exc)
            return 1
        statements = _aiter(whole)
    async for statement in statements:
        outcome = await runner.run(statement)
        if not outcome.ok:
            return 1
        if outcome.quit:
            return 0
    return 0


async def _statements(lines: Iterable[str] | AsyncIterable[str]) -> AsyncIterator[str]:
    """The script's lines joined where a statement spans lines (a quote or a ``[`` is open);
    blank lines and lines starting with ``#`` are skipped."""
    pending = ""
    async for line in _aiter(lines):
        if not pending and (not line.strip() or line.lstrip().startswith("#")):
            continue
        pending += line
        if not is_complete(pending):
            pending += "\n"
            continue
        yield pending
        pending = ""
    if pending.strip():
        yield pending


async def _aiter(lines: Iterable[str] | AsyncIterable[str]) -> AsyncIterator[str]:
    if isinstance(lines, AsyncIterable):
        async for line in lines:
            yield line
    else:
        for line in lines:
            yield line


async def _stdin_lines() -> AsyncIterator[str]:
    """Lines of stdin, read in a thread so the loop stays free."""
    while True:
        line = await asyncio.to_thread(sys.stdin.readline)
        if not line:
            return
        yield line.rstrip("\n")


async def run_cancellable(work: Awaitable[T]) -> T | None:
    """Await ``work`` as a task that Ctrl-C (SIGINT) cancels; None when it was cancelled."""
    loop = asyncio.get_running_loop()
    task = asyncio.ensure_future(work)
    previous = signal.getsignal(signal.SIGINT)

    def cancel(_signum: int, _frame: object) -> None:
        loop.call_soon_threadsafe(task.cancel)

    signal.signal(signal.SIGINT, cancel)
    try:
        return await task
    except asyncio.CancelledError:
        current = asyncio.current_task()
        if current is not None and current.cancelling():
            raise
        return None
    finally:
        signal.signal(signal.SIGINT, previous)


def prompt_text(context: ReplContext) -> StyleAndTextTuples:
    """``host:port/Collection@tenant>``: the server and what commands act on."""
    session = context.session
    netloc = urlsplit(session.options.display_url).netloc
    parts: StyleAndTextTuples = [("class:server", netloc)]
    if session.current_collection:
        parts.append(("", "/"))
        parts.append(("class:collection", session.current_collection))
    if session.current_tenant:
        parts.append(("class:tenant", f"@{session.current_tenant}"))
    parts.append(("", "> "))
    return parts


async def interactive_loop(context: ReplContext) -> int:
    """Prompt, run, print, until quit or Ctrl-D; the exit code is 0."""
    from prompt_toolkit import PromptSession
    from prompt_toolkit.application.current import get_app
    from prompt_toolkit.filters import Condition
    from prompt_toolkit.history import FileHistory
    from prompt_toolkit.patch_stdout import patch_stdout
    from prompt_toolkit.styles import Style

    from explorer.repl.commands import REGISTRY
    from explorer.repl.completer import ReplCompleter

    path = history_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    completer = ReplCompleter(
        REGISTRY, lambda: context.schema.snapshot, lambda: context.session.current_collection
    )
    prompt: PromptSession[str] = PromptSession(
        history=FileHistory(str(path)),
        completer=completer,
        complete_while_typing=False,
        multiline=Condition(lambda: not is_complete(get_app().current_buffer.text)),
        prompt_continuation=lambda width, _line, _soft: "." * (width - 1) + " ",
        style=Style.from_dict(
            {"server": "ansicyan", "collection": "bold", "tenant": "ansimagenta"}
        ),
    )
    context.schema.refresh_in_background()
    question: PromptSession[str] = PromptSession()

    async def ask(text: str) -> str:
        try:
            return await question.prompt_async(text)
        except (KeyboardInterrupt, EOFError):
            return ""  # Ctrl-C or Ctrl-D at a question answers "no"

    context.ask = ask
    ask_before_protected_changes(context)
    with patch_stdout(raw=True):
        runner = CommandRunner(context, make_console(), make_console(sys.stderr))
        runner.console.print(
            Text("Type help for the commands, Tab to complete, Ctrl-D to leave.", style="dim")
        )
        while True:
            try:
                line = await prompt.prompt_async(lambda: prompt_text(context))
            except KeyboardInterrupt:
                continue
            except EOFError:
                break
            if not line.strip():
                continue
            outcome: Outcome | None = await run_cancellable(runner.run(line))
            if outcome is None:
                runner.errors.print(Text("Cancelled.", style="yellow"))
            elif outcome.quit:
                break
    return 0
