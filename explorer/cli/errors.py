"""Every command's error handling: an :class:`ExplorerError` is a clear message, never a traceback."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from explorer.core.base.errors import ExplorerError

F = TypeVar("F", bound=Callable[..., Any])


def handle_errors(func: F) -> F:
    """Print an :class:`ExplorerError` as a clear message and exit 1, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ExplorerError as exc:
            click.secho(f"Error: {exc.title}", fg="red", err=True, bold=True)
            click.echo(exc.message, err=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]
