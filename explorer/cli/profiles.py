"""``weaviate-explorer profiles list|add|remove|test``: the saved connection profiles.

Secrets are never printed: a profile shows its API key as the first four characters and "…".
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import click

from explorer.cli.errors import handle_errors
from explorer.cli.options import connection_flags
from explorer.core.client.connection import OIDC_FLOWS, OidcCredentials, Timeouts
from explorer.core.store.profiles import PROFILE_KINDS, Profile


@click.group()
def profiles() -> None:
    """Saved connections, in profiles.toml in the user config dir (mode 0600)."""


@profiles.command("list")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
)
@handle_errors
def profiles_list(output_format: str) -> None:
    """List the profiles (API keys masked)."""
    from explorer.core.client.connection import mask_secret
    from explorer.core.store.profiles import load_profiles, profiles_path

    saved = load_profiles()
    if output_format == "json":
        rows = [
            {
                "name": p.name,
                "kind": p.kind,
                "url": None if p.embedded else p.base_url,
                "api_key": mask_secret(p.api_key) or None,
                "oidc": p.oidc.flow if p.oidc else None,
                "read_only": p.read_only,
                "protected": p.protected,
            }
            for p in saved.values()
        ]
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    if not saved:
        click.echo(f"No profiles yet ({profiles_path()}); add one with `profiles add NAME`.")
        return
    for profile in saved.values():
        click.echo(profile.describe())


@profiles.command("add")
@click.argument("name")
@click.option("--kind", type=click.Choice(PROFILE_KINDS), default="local", show_default=True)
@connection_flags("url", url="REST URL (cloud: https://…; custom: instead of --http-host).")
@click.option("--http-host", help="custom: the REST host.")
@click.option("--http-port", type=click.IntRange(1, 65535), help="The REST port.")
@click.option("--http-secure", is_flag=True, help="custom: REST over TLS.")
@connection_flags("grpc_host", "grpc_port")
@click.option("--grpc-secure/--grpc-insecure", default=None, help="gRPC over TLS.")
@connection_flags(
    "api_key",
    api_key="API key (stored in the 0600 file; --ask-api-key keeps it out of shell history).",
)
@click.option("--ask-api-key", is_flag=True, help="Ask for the API key without echoing it.")
@click.option("--oidc-flow", type=click.Choice(OIDC_FLOWS), help="OIDC instead of an API key.")
@click.option("--oidc-client-secret", help="OIDC client_credentials: the client secret.")
@click.option("--oidc-username", help="OIDC password flow: the user name.")
@click.option("--ask-oidc-password", is_flag=True, help="OIDC password flow: ask for the password.")
@click.option("--oidc-scope", "oidc_scopes", multiple=True, help="OIDC scope, repeatable.")
@connection_flags("headers")
@click.option("--timeout-init", type=click.FloatRange(min=0.1), help="Seconds to connect.")
@click.option("--timeout-query", type=click.FloatRange(min=0.1), help="Seconds per query.")
@click.option("--timeout-insert", type=click.FloatRange(min=0.1), help="Seconds per insert.")
@connection_flags("read_only")
@click.option("--protected", is_flag=True, help="Mark as protected (e.g. production).")
@connection_flags("data_dir")
@click.option("--replace", is_flag=True, help="Replace a profile of the same name.")
@handle_errors
def profiles_add(
    name: str,
    kind: str,
    url: str | None,
    http_host: str | None,
    http_port: int | None,
    http_secure: bool,
    grpc_host: str | None,
    grpc_port: int | None,
    grpc_secure: bool | None,
    api_key: str | None,
    ask_api_key: bool,
    oidc_flow: str | None,
    oidc_client_secret: str | None,
    oidc_username: str | None,
    ask_oidc_password: bool,
    oidc_scopes: tuple[str, ...],
    headers: dict[str, str],
    timeout_init: float | None,
    timeout_query: float | None,
    timeout_insert: float | None,
    read_only: bool,
    protected: bool,
    data_dir: Path | None,
    replace: bool,
) -> None:
    """Add (or with --replace, change) the profile NAME."""
    from explorer.core.store.profiles import save_profile

    if ask_api_key:
        api_key = click.prompt("API key", hide_input=True)
    oidc = None
    if oidc_flow:
        password = click.prompt("OIDC password", hide_input=True) if ask_oidc_password else None
        oidc = OidcCredentials(
            flow=oidc_flow,
            client_secret=oidc_client_secret,
            username=oidc_username,
            password=password,
            scopes=oidc_scopes,
        )
    defaults = Timeouts()
    profile = Profile(
        name=name,
        kind=kind,
        url=url,
        http_host=http_host,
        http_port=http_port,
        http_secure=http_secure,
        grpc_host=grpc_host,
        grpc_port=grpc_port,
        grpc_secure=grpc_secure,
        api_key=api_key or None,
        oidc=oidc,
        headers=tuple(sorted(headers.items())),
        timeouts=Timeouts(
            init=timeout_init or defaults.init,
            query=timeout_query or defaults.query,
            insert=timeout_insert or defaults.insert,
        ),
        read_only=read_only,
        protected=protected,
        data_dir=str(data_dir) if data_dir else None,
    )
    path = save_profile(profile, replace_existing=replace)
    click.echo(f"Saved {profile.describe()} in {path}")


@profiles.command("remove")
@click.argument("name")
@handle_errors
def profiles_remove(name: str) -> None:
    """Remove the profile NAME."""
    from explorer.core.store.profiles import remove_profile

    removed = remove_profile(name)
    click.echo(f"Removed the profile {removed.name}.")


@profiles.command("test")
@click.argument("name")
@handle_errors
def profiles_test(name: str) -> None:
    """Connect with the profile NAME (ignoring flags and environment) and report the server."""
    from explorer.core.base.quiet import quiet_client_warnings
    from explorer.core.store.profiles import CliValues, get_profile, resolve
    from explorer.local.startup import check_connection

    quiet_client_warnings()
    profile = get_profile(name)
    if profile.embedded:
        click.echo(f"{name}: starts a local Weaviate server when used; nothing to test.")
        return
    options = resolve(CliValues(), {}, profile)
    info = asyncio.run(check_connection(options))
    click.echo(f"{name}: OK, Weaviate {info.version} at {options.describe()}")
