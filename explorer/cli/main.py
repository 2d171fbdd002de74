"""The ``weaviate-explorer`` command: the app by default, plus ``server`` and ``demo`` commands.

Front ends and weaviate-client are imported lazily, inside the command that needs them.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from explorer import __version__
from explorer.cli.errors import handle_errors
from explorer.cli.flag_placement import RootGroup
from explorer.cli.launch import connection_options, launch_plan
from explorer.core.base.errors import ExplorerError

F = TypeVar("F", bound=Callable[..., Any])


@click.group(
    cls=RootGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(__version__, prog_name="weaviate-explorer")
@connection_options
@click.option(
    "--page-size",
    type=click.IntRange(1, 10_000),
    default=50,
    show_default=True,
    help="Objects per page in the objects pane.",
)
@click.pass_context
@handle_errors
def main(ctx: click.Context, page_size: int, **options: Any) -> None:
    """A keyboard-driven terminal explorer for Weaviate.

    Without a command, opens the explorer app.
    """
    from explorer.core.base.quiet import quiet_client_warnings

    quiet_client_warnings()
    if ctx.invoked_subcommand is not None:
        return
    plan = launch_plan(**options)
    from explorer.tui.app import ExplorerApp

    ExplorerApp(plan, page_size=page_size).run()


# -- server ----------------------------------------------------------------------------------


@main.group()
def server() -> None:
    """Provision, start and stop a real local Weaviate server."""


def _default_data_dir() -> Path:
    from explorer.core.base.paths import embedded_data_dir

    return embedded_data_dir()


@server.command("install")
@handle_errors
def server_install() -> None:
    """Find, build or download the pinned Weaviate server binary."""
    from explorer.local.binary import PINNED_WEAVIATE_VERSION, find_server_binary

    path = find_server_binary()
    click.echo(f"Weaviate server v{PINNED_WEAVIATE_VERSION}: {path}")


@server.command("start")
@click.option("--port", type=click.IntRange(1, 65535), help="HTTP port [default: a free one].")
@click.option("--grpc-port", type=click.IntRange(1, 65535), help="gRPC port [default: a free one].")
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Data dir [default: the embedded one].",
)
@click.option("--detach", is_flag=True, help="Return once ready and leave the server running.")
@handle_errors
def server_start(
    port: int | None, grpc_port: int | None, data_dir: Path | None, detach: bool
) -> None:
    """Start a local Weaviate server on 127.0.0.1."""
    from explorer.local.binary import find_server_binary
    from explorer.local.server import LocalServer

    binary = find_server_binary()
    local = LocalServer(
        binary, data_dir or _default_data_dir(), http_port=port, grpc_port=grpc_port, detach=detach
    )

    async def run() -> None:
        await local.start()
        click.echo(f"Weaviate {local.version} ready")
        click.echo(f"HTTP URL:  {local.url}")
        click.echo(f"gRPC port: {local.grpc_port}")
        click.echo(f"Data dir:  {local.data_dir}")
        if detach:
            click.echo(
                f"PID:       {local.pid} (stop with `weaviate-explorer server stop --data-dir {local.data_dir}`)"
            )
            return
        click.echo("Press Ctrl-C to stop.")
        try:
            assert local.process is not None
            await local.process.wait()
            raise ExplorerError("Weaviate server exited", f"see {local.log_path}")
        finally:
            await local.stop()

    try:
        asyncio.run(run())
    except KeyboardInterrupt:
        click.echo("Stopped.")


@server.command("stop")
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Data dir [default: the embedded one].",
)
@handle_errors
def server_stop(data_dir: Path | None) -> None:
    """Stop the server started with --detach on a data dir."""
    from explorer.local.server import stop_detached

    directory = data_dir or _default_data_dir()
    stopped = stop_detached(directory)
    if stopped is None:
        click.echo(f"No server is recorded in {directory}.")
    else:
        click.echo(f"Stopped the Weaviate server (pid {stopped.pid}) on {stopped.url}.")


@server.command("status")
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Data dir [default: the embedded one].",
)
@handle_errors
def server_status(data_dir: Path | None) -> None:
    """Say whether a server runs on a data dir, and where."""
    from explorer.core.client.probes import http_ready
    from explorer.local.server import running_state

    directory = data_dir or _default_data_dir()
    state = running_state(directory)
    if state is None:
        click.echo(f"Not running ({directory}).")
        sys.exit(3)
    ready = asyncio.run(http_ready(state.url))
    click.echo(
        f"Running: pid {state.pid}, {state.url}, gRPC port {state.ports.grpc}, "
        f"{'ready' if ready else 'not ready'} ({directory})"
    )


# -- demo ------------------------------------------------------------------------------------


@main.group()
def demo() -> None:
    """The JeopardyQuestion demo dataset."""


@demo.command("load")
@connection_options
@handle_errors
def demo_load(**options: Any) -> None:
    """Load 1,000 JeopardyQuestion objects with two named vectors (idempotent)."""
    options["demo"] = False  # load explicitly below, with progress on the terminal
    plan = launch_plan(**options)
    from explorer.core.transfer.demo import load_demo_into
    from explorer.local.startup import open_session
    from explorer.local.terminal_confirm import terminal_confirmation

    def progress(done: int, total: int) -> None:
        click.echo(f"\rLoading JeopardyQuestion: {done}/{total}", nl=done == total, err=True)

    async def run() -> None:
        opened = await open_session(
            plan, lambda line: click.echo(line, err=True), terminal_confirmation()
        )
        try:
            report = await load_demo_into(opened.session, progress)
        finally:
            await opened.close()
        created = "created and " if report.created_collection else ""
        click.echo(
            f"{report.collection}: {created}loaded {report.loaded} objects; "
            f"{report.total_in_collection} in the collection."
        )

    asyncio.run(run())


# -- repl ------------------------------------------------------------------------------------


@main.command("repl")
@connection_options
@click.option(
    "-c",
    "--command",
    "commands",
    metavar="'CMD; CMD'",
    help="Run these ;-separated commands and exit (non-zero if one fails).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json", "jsonl"]),
    default="table",
    show_default=True,
    help="Output format of every command (each command can override it with --format). "
    "json prints one JSON document, so a script with several commands that print must use "
    "jsonl (one JSON value per line).",
)
@handle_errors
def repl(commands: str | None, output_format: str, **options: Any) -> None:
    """An interactive prompt over the same session as the app.

    Without -c, reads commands from stdin when it is not a terminal, one per line.
    """
    plan = launch_plan(**options)
    from explorer.repl.app import run_repl

    sys.exit(asyncio.run(run_repl(plan, commands=commands, output_format=output_format)))
