"""The connection flags, defined once for every command that takes them.

``weaviate-explorer``, ``repl`` and ``demo load`` take them to connect; ``profiles add`` takes
them to save a profile. :func:`connection_flags` applies the named ones in order; a command may
give a flag its own help text where the flag means something more there.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


def parse_header(
    _ctx: click.Context, _param: click.Parameter, values: tuple[str, ...]
) -> dict[str, str]:
    """``--header NAME=VALUE`` (repeatable) as a dict; a value without ``=`` is a usage error."""
    headers: dict[str, str] = {}
    for value in values:
        name, sep, content = value.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(f"{value!r}: write headers as NAME=VALUE")
        headers[name.strip()] = content
    return headers


# Parameter name -> (the flag's declarations, its click.option settings).
CONNECTION_FLAGS: dict[str, tuple[tuple[str, ...], dict[str, Any]]] = {
    "url": (
        ("--url",),
        {"help": "Weaviate REST URL [env WEAVIATE_URL; default http://localhost:8080]."},
    ),
    "grpc_host": (("--grpc-host",), {"help": "gRPC host [default: the URL's host]."}),
    "grpc_port": (
        ("--grpc-port",),
        {"type": click.IntRange(1, 65535), "help": "gRPC port [default 50051]."},
    ),
    "api_key": (("--api-key",), {"help": "API key [env WEAVIATE_API_KEY]."}),
    "headers": (
        ("--header", "headers"),
        {
            "multiple": True,
            "callback": parse_header,
            "metavar": "NAME=VALUE",
            "help": "Extra request header (e.g. a module's API key), repeatable.",
        },
    ),
    "read_only": (
        ("--read-only",),
        {
            "is_flag": True,
            "help": "Refuse every change to data or schema before anything is sent.",
        },
    ),
    "data_dir": (
        ("--data-dir",),
        {
            "type": click.Path(file_okay=False, path_type=Path),
            "help": "Data dir of the embedded server.",
        },
    ),
}


def connection_flags(*names: str, **help_texts: str) -> Callable[[F], F]:
    """Add the flags ``names`` (keys of :data:`CONNECTION_FLAGS`) in this order to a command.

    ``help_texts`` maps a name to the help that command shows for it instead of the default.
    """
    unknown = set(help_texts) - set(names)
    if unknown:
        raise ValueError(f"help for flags that are not added: {sorted(unknown)}")

    def decorate(func: F) -> F:
        for name in reversed(names):
            declarations, settings = CONNECTION_FLAGS[name]
            if name in help_texts:
                settings = {**settings, "help": help_texts[name]}
            func = click.option(*declarations, **settings)(func)
        return func

    return decorate
