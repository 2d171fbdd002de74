"""``weaviate-explorer profiles …`` and ``--profile``, run as a user would (subprocesses with
their own config dir), against the API-key + RBAC server."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from explorer.cli.main import main
from explorer.core.store.profiles import load_profiles
from explorer.local.server import LocalServer
from tests.access.conftest import ADMIN_KEY, VIEWER_KEY
from tests.repl.harness import run_cli


def test_profiles_add_list_remove(config_dir: Path) -> None:
    runner = CliRunner()
    added = runner.invoke(
        main,
        [
            "profiles",
            "add",
            "prod",
            "--kind",
            "cloud",
            "--url",
            "https://abc.weaviate.cloud",
            "--ask-api-key",
            "--header",
            "X-OpenAI-Api-Key=sk-hidden-1",
            "--read-only",
            "--protected",
        ],
        input="cloud-secret-key\n",
    )
    assert added.exit_code == 0, added.output
    assert "API key clou…" in added.output and "cloud-secret-key" not in added.output
    path = config_dir / "profiles.toml"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    prod = load_profiles()["prod"]
    assert prod.api_key == "cloud-secret-key" and prod.read_only and prod.protected

    again = runner.invoke(main, ["profiles", "add", "prod", "--kind", "local"])
    assert again.exit_code == 1 and "Profile exists" in again.output
    bad = runner.invoke(main, ["profiles", "add", "x", "--kind", "cloud", "--url", "http://x"])
    assert bad.exit_code == 1
    assert "profile 'x', field url: a Weaviate Cloud profile needs an https:// URL" in bad.output

    listed = runner.invoke(main, ["profiles", "list", "--format", "json"])
    assert json.loads(listed.output) == [
        {
            "name": "prod",
            "kind": "cloud",
            "url": "https://abc.weaviate.cloud",
            "api_key": "clou…",
            "oidc": None,
            "read_only": True,
            "protected": True,
        }
    ]
    assert "sk-hidden-1" not in listed.output
    removed = runner.invoke(main, ["profiles", "remove", "prod"])
    assert removed.exit_code == 0 and load_profiles() == {}
    missing = runner.invoke(main, ["profiles", "remove", "prod"])
    assert missing.exit_code == 1 and "there is no profile 'prod'" in missing.output


async def test_profiles_test_and_connect_with_a_profile(
    rbac_server: LocalServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = {"WEAVIATE_EXPLORER_CONFIG_DIR": str(tmp_path / "cfg")}
    for variable in ("WEAVIATE_URL", "WEAVIATE_API_KEY"):
        monkeypatch.delenv(variable, raising=False)
    grpc = str(rbac_server.grpc_port)
    for name, key in (("rbac-admin", ADMIN_KEY), ("rbac-bad", "bad-key-000")):
        added = await run_cli(
            "profiles",
            "add",
            name,
            "--kind",
            "custom",
            "--url",
            rbac_server.url,
            "--grpc-port",
            grpc,
            "--api-key",
            key,
            env=env,
        )
        assert added.returncode == 0, added.stderr

    ok = await run_cli("profiles", "test", "rbac-admin", env=env)
    assert ok.returncode == 0 and "rbac-admin: OK, Weaviate 1.38.11" in ok.stdout
    assert ADMIN_KEY not in ok.stdout and "admi…" in ok.stdout
    failed = await run_cli("profiles", "test", "rbac-bad", env=env, timeout=60)
    assert failed.returncode == 1 and "Traceback" not in failed.stderr
    assert f"Authentication failed\n{rbac_server.url} rejected the credentials" in failed.stderr

    whoami = await run_cli("repl", "--profile", "rbac-admin", "-c", "whoami --format json", env=env)
    assert whoami.returncode == 0, whoami.stderr
    assert json.loads(whoami.stdout)["user"] == "admin"
    assert ADMIN_KEY not in whoami.stdout + whoami.stderr

    # The environment beats the profile, and a flag beats the environment.
    as_viewer = await run_cli(
        "repl",
        "--profile",
        "rbac-admin",
        "-c",
        "whoami --format json",
        env={**env, "WEAVIATE_API_KEY": VIEWER_KEY},
    )
    assert json.loads(as_viewer.stdout)["user"] == "viewer"
    flagged = await run_cli(
        "repl",
        "--profile",
        "rbac-admin",
        "--api-key",
        ADMIN_KEY,
        "-c",
        "whoami --format json",
        env={**env, "WEAVIATE_API_KEY": VIEWER_KEY},
    )
    assert json.loads(flagged.stdout)["user"] == "admin"

    denied = await run_cli(
        "repl",
        "--profile",
        "rbac-admin",
        "--api-key",
        VIEWER_KEY,
        "-c",
        "user create someone",
        env=env,
    )
    assert denied.returncode != 0 and "Permission denied: create users" in denied.stderr
    assert "Traceback" not in denied.stderr

    unknown = await run_cli("repl", "--profile", "nope", "-c", "ls", env=env)
    assert unknown.returncode == 1 and "there is no profile 'nope'" in unknown.stderr


async def test_whoami_and_roles_print_no_client_warning(rbac_server: LocalServer) -> None:
    """Issue 15 item 16: `whoami` and `roles` printed "UserWarning: RBAC001: …" to stderr."""
    done = await run_cli(
        "repl",
        "--url",
        rbac_server.url,
        "--grpc-port",
        str(rbac_server.grpc_port),
        "--api-key",
        ADMIN_KEY,
        "-c",
        "whoami; roles",
    )
    assert done.returncode == 0, done.stderr
    assert "root" in done.stdout or "admin" in done.stdout
    assert done.stderr == ""


async def test_no_key_on_an_auth_server_says_no_key_was_given(rbac_server: LocalServer) -> None:
    """Issue 15 item 15: with no key at all, the refusal said "rejected the credentials"."""
    target = ["--url", rbac_server.url, "--grpc-port", str(rbac_server.grpc_port)]
    done = await run_cli("repl", *target, "-c", "ls", env={"WEAVIATE_API_KEY": ""})
    assert done.returncode == 1
    assert "no API key was given" in done.stderr, done.stderr
    assert "rejected the credentials" not in done.stderr
