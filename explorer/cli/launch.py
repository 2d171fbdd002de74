"""The connection flags every connecting command takes, and the launch plan they make.

Shared by the root command, ``repl``, ``demo load``, ``web`` and ``serve``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from explorer.cli.flag_placement import merge_root_flags
from explorer.cli.options import connection_flags

F = TypeVar("F", bound=Callable[..., Any])


def connection_options(func: F) -> F:
    """The connection flags shared by the app, the REPL and ``demo load``.

    A subcommand also receives these flags when they are given before it (``--read-only repl``).
    """

    @functools.wraps(func)
    def with_root_flags(*args: Any, **kwargs: Any) -> Any:
        return func(*args, **merge_root_flags(click.get_current_context(), kwargs))

    decorators = [
        click.option(
            "--profile",
            "profile_name",
            metavar="NAME",
            help="A saved connection profile (see `profiles list`); flags and env override it.",
        ),
        # The environment is read in profiles.resolve, so it can sit between flags and profile.
        connection_flags("url", "grpc_host", "grpc_port", "api_key", "headers", "read_only"),
        click.option(
            "--embedded", is_flag=True, help="Start (or reuse) a real local Weaviate server."
        ),
        click.option(
            "--demo",
            is_flag=True,
            help="Load the JeopardyQuestion demo (implies --embedded without --url).",
        ),
        connection_flags("data_dir"),
    ]
    wrapped: Any = with_root_flags
    for decorator in reversed(decorators):
        wrapped = decorator(wrapped)
    return wrapped


def launch_plan(
    *,
    url: str | None,
    grpc_host: str | None,
    grpc_port: int | None,
    api_key: str | None,
    headers: dict[str, str],
    embedded: bool,
    demo: bool,
    data_dir: Path | None,
    read_only: bool = False,
    profile_name: str | None = None,
) -> Any:
    import os

    from explorer.core.store.profiles import CliValues, get_profile
    from explorer.local.startup import plan_from_sources

    profile = get_profile(profile_name) if profile_name else None
    target_url = url or os.environ.get("WEAVIATE_URL")
    if demo and not target_url and not (profile is not None and not profile.embedded):
        embedded = True
    if embedded and url:
        raise click.UsageError("--embedded starts its own server: drop --url, or drop --embedded")
    cli = CliValues(
        url=url,
        grpc_host=grpc_host,
        grpc_port=grpc_port,
        api_key=api_key,
        headers=headers,
        read_only=read_only,
    )
    plan = plan_from_sources(
        cli, os.environ, profile, embedded=embedded, demo=demo, data_dir=data_dir
    )
    if plan.embedded:
        from dataclasses import replace

        from explorer.local.binary import find_server_binary

        # Provision before any UI starts, so a first build shows its progress in the terminal.
        plan = replace(plan, server_binary=find_server_binary())
    return plan
