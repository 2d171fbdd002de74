"""Commands about the REPL itself: ``help``, ``format`` and ``quit``."""

from __future__ import annotations

from explorer.repl.commands import (
    OUTPUT_FORMATS,
    REGISTRY,
    ParsedCommand,
    PositionalSpec,
    command,
    never,
)
from explorer.repl.context import ReplContext
from explorer.repl.views import HelpView, Notice, QuitView


@command(
    "help",
    "help [command]",
    "List the commands, or show one command's syntax and flags",
    aliases=("\\?", "?"),
    positionals=(PositionalSpec("command", required=False, completes="command"),),
)
async def help_command(_context: ReplContext, parsed: ParsedCommand) -> HelpView:
    word = parsed.positionals.get("command")
    if word is None:
        return HelpView(REGISTRY.commands)
    spec = REGISTRY.get(word.text)
    if spec is None:
        close = REGISTRY.suggest(word.text)
        hint = f"; did you mean {close}?" if close else ""
        raise parsed.error(word, f"there is no command {word.text!r}{hint}")
    return HelpView((spec,), detailed=True)


@command(
    "format",
    "format [table|json|jsonl]",
    "Show or set the output format of every following command",
    positionals=(PositionalSpec("format", required=False, completes="format"),),
    prints_data=never,
    sets_output_format=True,
)
async def output_format(context: ReplContext, parsed: ParsedCommand) -> Notice:
    word = parsed.positionals.get("format")
    if word is None:
        return Notice(f"Output format: {context.output_format}")
    if word.text not in OUTPUT_FORMATS:
        raise parsed.error(word, f"choose {', '.join(OUTPUT_FORMATS)}, not {word.text!r}")
    context.output_format = word.text
    return Notice(f"Output format: {word.text}")


@command(
    "quit",
    "quit",
    "Leave the REPL (Ctrl-D does too)",
    aliases=("exit", "\\q"),
    prints_data=never,
    ends_script=True,
)
async def quit_command(_context: ReplContext, _parsed: ParsedCommand) -> QuitView:
    return QuitView()
