"""``weaviate-explorer web`` and ``serve``: the app in a browser, and queries as an HTTP API.

Both bind loopback unless told otherwise; off loopback they need a token and say so loudly.
Their libraries are optional extras, imported only when the command runs.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
from typing import Any

import click

from explorer.cli.errors import handle_errors
from explorer.cli.launch import connection_options, launch_plan
from explorer.core.base.errors import ExplorerError


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _missing_extra(extra: str, exc: ImportError) -> ExplorerError:
    return ExplorerError(
        f"The {extra} extra is not installed",
        f"{exc.name or exc} is missing: pip install 'weaviate-explorer[{extra}]'",
    )


def _token_from_env(name: str | None) -> str | None:
    if name is None:
        return None
    token = os.environ.get(name, "")
    if not token.strip():
        raise click.UsageError(f"--token-env {name}: the environment variable {name} is empty")
    return token


@click.command("web")
@connection_options
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", type=click.IntRange(1, 65535), default=8765, show_default=True)
@click.option(
    "--public",
    is_flag=True,
    help="Allow binding an address other than loopback (a token is then required).",
)
@click.option(
    "--token-env",
    metavar="NAME",
    help="Read the access token from this environment variable (default: a random one).",
)
@click.option("--public-url", metavar="URL", help="The address browsers use, if not host:port.")
@click.option("--page-size", type=click.IntRange(1, 10_000), default=50, show_default=True)
@handle_errors
def web(
    host: str,
    port: int,
    public: bool,
    token_env: str | None,
    public_url: str | None,
    page_size: int,
    **options: Any,
) -> None:
    """The explorer in a browser: every tab gets the app with these connection flags."""
    if not is_loopback(host) and not public:
        raise click.UsageError(f"--host {host} is not loopback: add --public to allow it")
    token = _token_from_env(token_env)
    if not is_loopback(host) and token is None:
        token = secrets.token_urlsafe(24)
    plan = launch_plan(**options)
    try:
        from explorer.web.server import ExplorerWebServer, WebSettings
    except ImportError as exc:
        raise _missing_extra("web", exc) from exc
    server = ExplorerWebServer(
        WebSettings(
            plan,
            host=host,
            port=port,
            app_flags=("--page-size", str(page_size)),
            token=token,
            report=lambda line: click.echo(line, err=True),
        )
    )
    if public_url:
        server.public_url = public_url.rstrip("/")
    if not is_loopback(host):
        click.secho(
            f"Warning: serving on {host}: anyone who can reach port {port} and has the token "
            "can use this Weaviate connection.",
            fg="yellow",
            err=True,
        )
        if token_env is None:
            click.echo(f"Open: {server.public_url}/?token={token}", err=True)
    server.serve()


@click.command("serve")
@connection_options
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option(
    "--token-env",
    metavar="NAME",
    help="Require 'Authorization: Bearer <token>', the token read from this variable "
    "(required off loopback).",
)
@click.option(
    "--allow-writes", is_flag=True, help="Allow changes (the API is read-only without it)."
)
@handle_errors
def serve(host: str, port: int, token_env: str | None, allow_writes: bool, **options: Any) -> None:
    """Saved queries and searches as an HTTP API (OpenAPI docs at /docs)."""
    token = _token_from_env(token_env)
    if not is_loopback(host) and token is None:
        raise click.UsageError(
            f"--host {host} is not loopback: give --token-env NAME so requests need a token"
        )
    if allow_writes and options.get("read_only"):
        raise click.UsageError("--allow-writes and --read-only contradict each other: drop one")
    options["read_only"] = not allow_writes
    plan = launch_plan(**options)
    try:
        import uvicorn

        from explorer.serve.app import ServeSettings, create_app
    except ImportError as exc:
        raise _missing_extra("serve", exc) from exc
    if not is_loopback(host):
        click.secho(
            f"Warning: serving on {host}: anyone who can reach port {port} and has the token "
            "can query this Weaviate connection.",
            fg="yellow",
            err=True,
        )
    uvicorn.run(create_app(ServeSettings(plan, token=token)), host=host, port=port)
