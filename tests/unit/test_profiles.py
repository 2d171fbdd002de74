"""Connection profiles: TOML round trip, file mode, precedence, validation, OIDC credentials."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from weaviate.auth import _APIKey, _ClientCredentials, _ClientPassword

from explorer.core.base.errors import ExplorerError
from explorer.core.client.auth import auth_credentials
from explorer.core.client.connection import (
    ConnectionOptions,
    OidcCredentials,
    Timeouts,
    redact_secrets,
)
from explorer.core.store.profiles import (
    CliValues,
    Profile,
    ProfileError,
    get_profile,
    load_profiles,
    remove_profile,
    resolve,
    save_profile,
    save_profiles,
)
from explorer.local.startup import plan_from_sources

CLOUD = Profile(
    name="prod",
    kind="cloud",
    url="https://abc123.c0.europe-west3.gcp.weaviate.cloud",
    api_key="cloudkey-abcdef",
    headers=(("X-Cohere-Api-Key", "co-secret"),),
    timeouts=Timeouts(init=3, query=20, insert=40),
    read_only=True,
    protected=True,
)
CUSTOM = Profile(
    name="lab",
    kind="custom",
    http_host="weaviate.lab",
    http_port=8443,
    http_secure=True,
    grpc_host="grpc.lab",
    grpc_port=50443,
    grpc_secure=True,
    oidc=OidcCredentials(
        flow="password", username="ann", password="pw-123456", scopes=("openid", "email")
    ),
)
LOCAL = Profile(name="here", kind="local", http_port=8081, grpc_port=50052)
EMBEDDED = Profile(name="emb", kind="embedded", data_dir="/tmp/somewhere")


def test_round_trip_keeps_every_setting(tmp_path: Path) -> None:
    path = tmp_path / "cfg" / "profiles.toml"
    profiles = {p.name: p for p in (CLOUD, CUSTOM, LOCAL, EMBEDDED)}
    save_profiles(profiles, path)
    assert load_profiles(path) == profiles
    assert "cloudkey-abcdef" in path.read_text()  # stored (0600), but never in a repr
    assert "cloudkey" not in repr(CLOUD) and "pw-123456" not in repr(CUSTOM)


def test_file_is_written_0600_and_atomically(tmp_path: Path) -> None:
    path = tmp_path / "profiles.toml"
    save_profile(CLOUD, path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    save_profile(LOCAL, path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert set(load_profiles(path)) == {"prod", "here"}
    assert [p.name for p in tmp_path.iterdir()] == ["profiles.toml"]  # no temporary left
    with pytest.raises(ProfileError, match="already a profile 'here'"):
        save_profile(LOCAL, path, replace_existing=False)
    assert remove_profile("here", path) == LOCAL
    assert set(load_profiles(path)) == {"prod"}
    with pytest.raises(ProfileError, match=r"no profile 'here' \(profiles: prod\)"):
        get_profile("here", path)


def test_default_location_is_the_config_dir(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("WEAVIATE_EXPLORER_CONFIG_DIR", str(tmp_path / "c"))
    assert load_profiles() == {}
    written = save_profile(LOCAL)
    assert written == tmp_path / "c" / "profiles.toml"
    assert get_profile("here") == LOCAL


ENV = {"WEAVIATE_URL": "http://env-host:7000", "WEAVIATE_API_KEY": "envkey-999"}


@pytest.mark.parametrize(
    ("cli", "environ", "profile", "url", "api_key"),
    [
        (CliValues(), {}, None, "http://localhost:8080", None),
        (CliValues(), {}, LOCAL, "http://localhost:8081", None),
        (CliValues(), ENV, None, "http://env-host:7000", "envkey-999"),
        (CliValues(), ENV, CLOUD, "http://env-host:7000", "envkey-999"),
        (CliValues(), {}, CLOUD, CLOUD.url, "cloudkey-abcdef"),
        (CliValues(url="http://flag:1", api_key="flagkey"), ENV, CLOUD, "http://flag:1", "flagkey"),
        (CliValues(api_key="flagkey"), {}, CLOUD, CLOUD.url, "flagkey"),
        (CliValues(url="http://flag:1"), {}, CLOUD, "http://flag:1", "cloudkey-abcdef"),
    ],
)
def test_precedence_flags_then_env_then_profile_then_defaults(
    cli: CliValues, environ: dict[str, str], profile: Profile | None, url: str, api_key: str | None
) -> None:
    options = resolve(cli, environ, profile)
    assert options.url == url
    assert options.api_key == api_key


def test_profile_settings_reach_the_options() -> None:
    options = resolve(CliValues(headers={"X-Extra": "1"}), {}, CLOUD)
    assert (options.resolved_grpc_host, options.grpc_port) == (
        "grpc-abc123.c0.europe-west3.gcp.weaviate.cloud",
        443,
    )
    assert options.resolved_grpc_secure and options.http_secure
    assert dict(options.headers) == {"X-Cohere-Api-Key": "co-secret", "X-Extra": "1"}
    assert options.timeouts == Timeouts(init=3, query=20, insert=40)
    assert options.read_only and options.protected and options.profile == "prod"

    custom = resolve(CliValues(), {}, CUSTOM)
    assert custom.url == "https://weaviate.lab:8443"
    assert custom.grpc_address == "grpc.lab:50443" and custom.resolved_grpc_secure
    assert custom.oidc == CUSTOM.oidc and custom.api_key is None
    # A key from the environment replaces the profile's OIDC login.
    assert resolve(CliValues(), {"WEAVIATE_API_KEY": "k-1"}, CUSTOM).oidc is None
    # gRPC settings describe the profile's server: a URL from a flag drops them.
    moved = resolve(CliValues(url="http://other:9"), {}, CUSTOM)
    assert moved.grpc_address == "other:50051"
    # Flags override the gRPC port; the read-only flag adds to the profile.
    flagged = resolve(CliValues(grpc_port=7777, read_only=True), {}, LOCAL)
    assert flagged.grpc_port == 7777 and flagged.read_only
    assert not resolve(CliValues(), {}, LOCAL).read_only


def test_embedded_profile_makes_an_embedded_plan() -> None:
    plan = plan_from_sources(CliValues(), ENV, EMBEDDED)
    assert plan.embedded and plan.data_dir == Path("/tmp/somewhere")
    assert plan.connection.api_key is None  # the environment is for remote servers
    remote = plan_from_sources(CliValues(url="http://x:1"), {}, EMBEDDED)
    assert not remote.embedded and remote.connection.url == "http://x:1"


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('[profiles.a]\nkind = "moon"', "profile 'a', field kind: 'moon' is not one of"),
        ('[profiles.a]\nkind = "cloud"\nurl = "http://x"', "profile 'a', field url: "),
        (
            '[profiles.a]\nkind = "cloud"\nurl = "https://x.io"',
            "profile 'a', field api_key: a Weaviate Cloud profile needs an API key",
        ),
        ('[profiles.a]\nhttp_port = "80"', "profile 'a', field http_port: must be a whole number"),
        ("[profiles.a]\nhttp_port = 70000", "profile 'a', field http_port: 70000 is not a port"),
        ("[profiles.a]\nread_only = 1", "profile 'a', field read_only: must be true or false"),
        ("[profiles.a]\ncolour = 1", "profile 'a', field colour: unknown setting"),
        (
            "[profiles.a.timeouts]\nquery = -1",
            "profile 'a', field timeouts.query: must be a positive number",
        ),
        (
            '[profiles.a.oidc]\nflow = "password"\nusername = "u"',
            "profile 'a', field oidc: the password flow needs a username and a password",
        ),
        ('[profiles."bad name"]\nkind = "local"', "'bad name': use letters, digits"),
        ("[profiles.a\n", "Invalid profiles file"),
    ],
)
def test_validation_errors_name_the_profile_and_field(
    tmp_path: Path, toml: str, message: str
) -> None:
    path = tmp_path / "profiles.toml"
    path.write_text(toml)
    with pytest.raises(ExplorerError) as caught:
        load_profiles(path)
    assert message in str(caught.value)


def test_auth_objects_for_api_key_and_oidc() -> None:
    assert auth_credentials(ConnectionOptions()) is None
    key = auth_credentials(ConnectionOptions(api_key="k-123"))
    assert isinstance(key, _APIKey) and key.api_key == "k-123"
    password = auth_credentials(resolve(CliValues(), {}, CUSTOM))
    assert isinstance(password, _ClientPassword)
    assert (password.username, password.password) == ("ann", "pw-123456")
    assert password.scope_list == ["openid", "email"]
    secret = auth_credentials(
        ConnectionOptions(oidc=OidcCredentials(client_secret="cs-1", scopes=("s1",)))
    )
    assert isinstance(secret, _ClientCredentials)
    assert secret.client_secret == "cs-1" and secret.scope_list == ["s1"]
    with pytest.raises(ExplorerError, match="needs a client_secret"):
        OidcCredentials(flow="client_credentials")


def test_descriptions_mask_secrets() -> None:
    assert "clou…" in CLOUD.describe() and "cloudkey-abcdef" not in CLOUD.describe()
    options = resolve(CliValues(), {}, CLOUD)
    assert "cloudkey-abcdef" not in repr(options) and "co-secret" not in repr(options)
    assert "OIDC user ann" in resolve(CliValues(), {}, CUSTOM).describe()


def test_secrets_are_redacted_from_crash_text() -> None:
    options = resolve(CliValues(api_key="flagkey-12345"), {}, CLOUD)
    text = "boom: flagkey-12345 and co-secret, not cloudkey"
    assert redact_secrets(text, options) == "boom: flag… and co-s…, not cloudkey"
    oidc = resolve(CliValues(), {}, CUSTOM)
    assert redact_secrets("pw-123456 x", oidc) == "pw-1… x"
    assert redact_secrets("same", None) == "same"
