"""Flags given before a subcommand mean what they mean after it, or they are a usage error.

``weaviate-explorer --read-only repl`` must be read-only: the root group's connection and safety
flags are handed to a subcommand that takes them, merged with its own, and refused before any
subcommand that does not take them. A flag is never dropped silently.
"""

from __future__ import annotations

import importlib
from typing import Any, ClassVar

import click
from click.core import ParameterSource

#: The root's flags given on the command line, by parameter name (in ``ctx.meta``, shared by
#: every context of one invocation).
ROOT_FLAGS_KEY = "weaviate_explorer.root_flags"


def _flag_label(command: click.Command, name: str) -> str:
    param = next(p for p in command.params if p.name == name)
    return param.opts[0]


def takes_connection_flags(command: click.Command) -> bool:
    """True for commands built with ``connection_options`` (the app, ``repl``, ``demo load``)."""
    return "profile_name" in {p.name for p in command.params}


def _leaf(
    ctx: click.Context, name: str, command: click.Command, rest: list[str]
) -> tuple[click.Command, str]:
    """The command that will run and its path: nested groups (``server start``) are followed."""
    path = [name]
    while isinstance(command, click.Group) and rest:
        sub = command.get_command(ctx, rest[0])
        if sub is None:
            break
        path.append(rest[0])
        command, rest = sub, rest[1:]
    return command, " ".join(path)


class RootGroup(click.Group):
    """The root group: checks where its flags may go once the subcommand is known.

    Subcommands in ``LAZY_COMMANDS`` are imported when named (or listed by ``--help``), so
    opening the app does not import them first (the "lazy group" of click's documentation).
    """

    #: Subcommand name -> "module:attribute".
    LAZY_COMMANDS: ClassVar[dict[str, str]] = {
        "profiles": "explorer.cli.profiles:profiles",
        "serve": "explorer.cli.network:serve",
        "web": "explorer.cli.network:web",
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        lazy = self.LAZY_COMMANDS.get(cmd_name)
        if lazy is None:
            return super().get_command(ctx, cmd_name)
        module_name, attribute = lazy.split(":")
        command = getattr(importlib.import_module(module_name), attribute)
        assert isinstance(command, click.Command)
        return command

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name, command, rest = super().resolve_command(ctx, args)
        given = {
            param.name: ctx.params[param.name]
            for param in self.params
            if param.name is not None
            and param.name in ctx.params
            and ctx.get_parameter_source(param.name) is ParameterSource.COMMANDLINE
        }
        if given and command is not None:
            leaf, path = _leaf(ctx, name or "", command, rest)
            taken = {p.name for p in leaf.params} if takes_connection_flags(leaf) else set()
            refused = [flag for flag in given if flag not in taken]
            if refused:
                raise click.UsageError(_refusal(self, leaf, path, refused), ctx=ctx)
        ctx.meta[ROOT_FLAGS_KEY] = given
        return name, command, rest


def _refusal(root: click.Command, leaf: click.Command, path: str, refused: list[str]) -> str:
    labels = [_flag_label(root, name) for name in refused]
    own = {p.name for p in leaf.params}
    movable = [_flag_label(root, name) for name in refused if name in own]
    text = f"{', '.join(labels)} before `{path}` would be ignored: `{path}` takes no such flag."
    if movable:
        text = (
            f"{', '.join(labels)} before `{path}` would be ignored: `{path}` has its own "
            f"{', '.join(movable)}; put it after `{path}` (see `{path} --help`)."
        )
    return text


def merge_root_flags(ctx: click.Context, options: dict[str, Any]) -> dict[str, Any]:
    """``options`` of a subcommand with the root's flags added; the same flag twice must agree.

    Switches (``--read-only``, ``--embedded``) are on when given on either side; headers merge.
    """
    if ctx.parent is None:
        return options
    given: dict[str, Any] = ctx.meta.get(ROOT_FLAGS_KEY, {})
    merged = dict(options)
    for name, root_value in given.items():
        if name not in options:
            continue
        if ctx.get_parameter_source(name) is not ParameterSource.COMMANDLINE:
            merged[name] = root_value
            continue
        own_value = options[name]
        if isinstance(root_value, bool):
            merged[name] = root_value or own_value
        elif isinstance(root_value, dict):
            clashes = [k for k in root_value if k in own_value and root_value[k] != own_value[k]]
            if clashes:
                raise click.UsageError(
                    f"--header {clashes[0]} is given twice with different values "
                    f"(before and after `{ctx.info_name}`): give it once",
                    ctx=ctx,
                )
            merged[name] = {**root_value, **own_value}
        elif root_value != own_value:
            label = _flag_label(ctx.command, name)
            raise click.UsageError(
                f"{label} is given twice with different values, before `{ctx.info_name}` and "
                f"after it: give it once",
                ctx=ctx,
            )
    return merged
