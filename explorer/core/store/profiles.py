"""Connection profiles: named servers in a TOML file in the user config dir.

The file can hold API keys and OIDC secrets, so it is written with mode 0600 (a temporary file
created 0600 in the same directory, then renamed over the old one) and secrets never appear in
a profile's ``repr``. Reading and writing are blocking: front ends call them from a thread.

:func:`resolve` turns command-line values, the environment and a profile into
:class:`ConnectionOptions`: flags first, then ``WEAVIATE_URL``/``WEAVIATE_API_KEY``, then the
profile, then defaults.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from explorer.core.base.errors import ExplorerError
from explorer.core.base.paths import config_dir
from explorer.core.client.connection import (
    DEFAULT_GRPC_PORT,
    DEFAULT_URL,
    OIDC_FLOWS,
    ConnectionOptions,
    OidcCredentials,
    Timeouts,
)

PROFILE_KINDS = ("local", "custom", "cloud", "embedded")
PROFILES_FILE = "profiles.toml"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
_TIMEOUT_NAMES = ("init", "query", "insert")


class ProfileError(ExplorerError):
    """A profile is missing, or its settings are not valid."""


@dataclass(frozen=True)
class Profile:
    """One named connection. Which fields matter depends on ``kind``:

    - ``local``: a server on this machine (``http_port``, ``grpc_port``);
    - ``custom``: any server (``http_host``/``http_port``/``http_secure`` and the gRPC trio);
    - ``cloud``: Weaviate Cloud (``url`` and ``api_key``; gRPC is ``grpc-<host>:443``);
    - ``embedded``: a local server this program starts (``data_dir``).
    """

    name: str
    kind: str = "local"
    url: str | None = None
    http_host: str | None = None
    http_port: int | None = None
    http_secure: bool = False
    grpc_host: str | None = None
    grpc_port: int | None = None
    grpc_secure: bool | None = None
    api_key: str | None = field(default=None, repr=False)
    oidc: OidcCredentials | None = field(default=None, repr=False)
    headers: tuple[tuple[str, str], ...] = field(default=(), repr=False)
    timeouts: Timeouts = field(default_factory=Timeouts)
    read_only: bool = False
    protected: bool = False
    data_dir: str | None = None

    def __post_init__(self) -> None:
        if not _NAME.match(self.name):
            raise ProfileError(
                "Invalid profile name",
                f"{self.name!r}: use letters, digits, '-', '_' or '.' (at most 64 characters)",
            )
        if self.kind not in PROFILE_KINDS:
            raise self._error("kind", f"{self.kind!r} is not one of {', '.join(PROFILE_KINDS)}")
        if self.kind == "cloud":
            if not self.url or urlsplit(self.url).scheme != "https":
                raise self._error("url", "a Weaviate Cloud profile needs an https:// URL")
            if not self.api_key and self.oidc is None:
                raise self._error("api_key", "a Weaviate Cloud profile needs an API key")
        if self.kind == "custom" and not (self.http_host or self.url):
            raise self._error("http_host", "a custom profile needs an http_host (or a url)")
        for port_field in ("http_port", "grpc_port"):
            port = getattr(self, port_field)
            if port is not None and not 0 < port < 65536:
                raise self._error(port_field, f"{port} is not a port number")
        for name in _TIMEOUT_NAMES:
            if getattr(self.timeouts, name) <= 0:
                raise self._error(f"timeouts.{name}", "must be a positive number of seconds")
        self._options_without_overrides()  # the URL and ports must make valid options

    def _error(self, field_name: str, detail: str) -> ProfileError:
        return ProfileError(
            "Invalid profile", f"profile {self.name!r}, field {field_name}: {detail}"
        )

    @property
    def embedded(self) -> bool:
        return self.kind == "embedded"

    @property
    def base_url(self) -> str:
        """The REST URL this profile points at (embedded: decided when the server starts)."""
        if self.url:
            return self.url.rstrip("/")
        if self.kind == "custom":
            scheme = "https" if self.http_secure else "http"
            port = self.http_port or (443 if self.http_secure else 8080)
            return f"{scheme}://{self.http_host}:{port}"
        if self.kind == "local":
            return f"http://localhost:{self.http_port or 8080}"
        return DEFAULT_URL

    def default_grpc(self, url: str) -> tuple[str | None, int, bool | None]:
        """gRPC host, port and TLS for ``url`` unless the profile names them."""
        host, port, secure = self.grpc_host, self.grpc_port, self.grpc_secure
        if self.kind == "cloud":
            hostname = urlsplit(url).hostname or ""
            host = host or f"grpc-{hostname}"
            port = port or 443
            secure = True if secure is None else secure
        return host, port or DEFAULT_GRPC_PORT, secure

    def _options_without_overrides(self) -> ConnectionOptions:
        try:
            return resolve(CliValues(), {}, self)
        except ProfileError:
            raise
        except ExplorerError as exc:
            raise self._error("url", exc.message) from None

    def describe(self) -> str:
        """A line that is safe to show: no secret in it."""
        flags = [
            word
            for word, on in (("read-only", self.read_only), ("protected", self.protected))
            if on
        ]
        auth = ""
        if self.api_key:
            from explorer.core.client.connection import mask_secret

            auth = f", API key {mask_secret(self.api_key)}"
        elif self.oidc is not None:
            auth = f", {self.oidc.describe()}"
        where = "a local server started here" if self.embedded else self.base_url
        extra = f" [{', '.join(flags)}]" if flags else ""
        return f"{self.name}: {self.kind}, {where}{auth}{extra}"


@dataclass(frozen=True)
class CliValues:
    """What the command line said (None: not given)."""

    url: str | None = None
    grpc_host: str | None = None
    grpc_port: int | None = None
    api_key: str | None = field(default=None, repr=False)
    headers: Mapping[str, str] = field(default_factory=dict, repr=False)
    read_only: bool = False


def resolve(
    cli: CliValues, environ: Mapping[str, str], profile: Profile | None = None
) -> ConnectionOptions:
    """Each setting from the first source that has it: flags, environment, profile, defaults.

    An API key from the flags or the environment replaces the profile's credentials (its API
    key or OIDC settings). ``read_only`` is on if the flag or the profile turns it on; headers
    from the flags add to (and override) the profile's. gRPC settings come from the profile only
    while the URL does too, since they describe the profile's server.
    """
    url = cli.url or environ.get("WEAVIATE_URL") or None
    url_from_profile = url is None and profile is not None
    if url is None:
        url = profile.base_url if profile is not None else DEFAULT_URL
    grpc_host: str | None = None
    grpc_port = DEFAULT_GRPC_PORT
    grpc_secure: bool | None = None
    if profile is not None and url_from_profile:
        grpc_host, grpc_port, grpc_secure = profile.default_grpc(url)
    grpc_host = cli.grpc_host or environ.get("WEAVIATE_GRPC_HOST") or grpc_host
    env_port = environ.get("WEAVIATE_GRPC_PORT")
    if cli.grpc_port:
        grpc_port = cli.grpc_port
    elif env_port:
        try:
            grpc_port = int(env_port)
        except ValueError:
            raise ExplorerError(
                "Invalid gRPC port", f"WEAVIATE_GRPC_PORT={env_port!r} is not a number"
            ) from None
    api_key = cli.api_key or environ.get("WEAVIATE_API_KEY") or None
    oidc = None
    if api_key is None and profile is not None:
        api_key, oidc = profile.api_key, profile.oidc
    headers = dict(profile.headers) if profile is not None else {}
    headers.update(cli.headers)
    return ConnectionOptions(
        url=url,
        grpc_host=grpc_host,
        grpc_port=grpc_port,
        grpc_secure=grpc_secure,
        api_key=api_key,
        headers=tuple(sorted(headers.items())),
        timeouts=profile.timeouts if profile is not None else Timeouts(),
        read_only=cli.read_only or (profile.read_only if profile is not None else False),
        oidc=oidc,
        protected=profile.protected if profile is not None else False,
        profile=profile.name if profile is not None else None,
    )


# -- TOML ------------------------------------------------------------------------------------


def profiles_path() -> Path:
    return config_dir() / PROFILES_FILE


def profile_from_toml(name: str, raw: Mapping[str, Any]) -> Profile:
    """Build and validate a profile from its TOML table; errors name the profile and field."""
    reader = _Fields(name, raw)
    oidc = None
    oidc_raw = reader.table("oidc")
    if oidc_raw:
        sub = _Fields(name, oidc_raw, prefix="oidc.")
        flow = sub.string("flow") or "client_credentials"
        if flow not in OIDC_FLOWS:
            raise reader.error("oidc.flow", f"{flow!r} is not one of {', '.join(OIDC_FLOWS)}")
        try:
            oidc = OidcCredentials(
                flow=flow,
                client_secret=sub.string("client_secret"),
                username=sub.string("username"),
                password=sub.string("password"),
                scopes=tuple(sub.strings("scopes")),
            )
        except ExplorerError as exc:
            raise reader.error("oidc", exc.message) from None
        sub.reject_unknown({"flow", "client_secret", "username", "password", "scopes"})
    headers_raw = reader.table("headers")
    headers = []
    for header, value in headers_raw.items():
        if not isinstance(value, str):
            raise reader.error(f"headers.{header}", "must be a string")
        headers.append((str(header), value))
    timeouts_raw = reader.table("timeouts")
    timeout_reader = _Fields(name, timeouts_raw, prefix="timeouts.")
    timeout_values = {
        key: timeout_reader.number(key) for key in _TIMEOUT_NAMES if key in timeouts_raw
    }
    timeout_reader.reject_unknown(set(_TIMEOUT_NAMES))
    profile = Profile(
        name=name,
        kind=reader.string("kind") or "local",
        url=reader.string("url"),
        http_host=reader.string("http_host"),
        http_port=reader.integer("http_port"),
        http_secure=bool(reader.boolean("http_secure")),
        grpc_host=reader.string("grpc_host"),
        grpc_port=reader.integer("grpc_port"),
        grpc_secure=reader.boolean("grpc_secure"),
        api_key=reader.string("api_key"),
        oidc=oidc,
        headers=tuple(sorted(headers)),
        timeouts=replace(Timeouts(), **timeout_values),
        read_only=bool(reader.boolean("read_only")),
        protected=bool(reader.boolean("protected")),
        data_dir=reader.string("data_dir"),
    )
    reader.reject_unknown(
        {
            "kind",
            "url",
            "http_host",
            "http_port",
            "http_secure",
            "grpc_host",
            "grpc_port",
            "grpc_secure",
            "api_key",
            "oidc",
            "headers",
            "timeouts",
            "read_only",
            "protected",
            "data_dir",
        }
    )
    return profile


def profile_to_toml(profile: Profile) -> dict[str, Any]:
    """The profile's TOML table, without the settings left at their defaults."""
    table: dict[str, Any] = {"kind": profile.kind}
    for name in ("url", "http_host", "http_port", "grpc_host", "grpc_port", "grpc_secure"):
        value = getattr(profile, name)
        if value is not None:
            table[name] = value
    if profile.http_secure:
        table["http_secure"] = True
    if profile.api_key:
        table["api_key"] = profile.api_key
    if profile.data_dir:
        table["data_dir"] = profile.data_dir
    if profile.read_only:
        table["read_only"] = True
    if profile.protected:
        table["protected"] = True
    if profile.timeouts != Timeouts():
        table["timeouts"] = {n: getattr(profile.timeouts, n) for n in _TIMEOUT_NAMES}
    if profile.headers:
        table["headers"] = dict(profile.headers)
    if profile.oidc is not None:
        oidc: dict[str, Any] = {"flow": profile.oidc.flow}
        for name in ("client_secret", "username", "password"):
            value = getattr(profile.oidc, name)
            if value:
                oidc[name] = value
        if profile.oidc.scopes:
            oidc["scopes"] = list(profile.oidc.scopes)
        table["oidc"] = oidc
    return table


def load_profiles(path: Path | None = None) -> dict[str, Profile]:
    """Every profile in the file, by name (none when there is no file yet)."""
    path = path or profiles_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise ProfileError("Cannot read profiles", f"{path}: {exc.strerror}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError("Invalid profiles file", f"{path}: {exc}") from None
    tables = data.get("profiles", {})
    if not isinstance(tables, dict):
        raise ProfileError("Invalid profiles file", f"{path}: [profiles] must be a table")
    profiles: dict[str, Profile] = {}
    for name, raw in tables.items():
        if not isinstance(raw, dict):
            raise ProfileError("Invalid profile", f"profile {name!r} in {path} must be a table")
        profiles[name] = profile_from_toml(name, raw)
    return profiles


def save_profiles(profiles: Mapping[str, Profile], path: Path | None = None) -> Path:
    """Write every profile atomically, the file readable by its owner only (0600)."""
    import tomli_w

    path = path or profiles_path()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    text = tomli_w.dumps(
        {"profiles": {name: profile_to_toml(p) for name, p in sorted(profiles.items())}}
    )
    # mkstemp creates the file with mode 0600, so the secrets are never readable by others.
    descriptor, temporary = tempfile.mkstemp(prefix=".profiles-", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return path


def get_profile(name: str, path: Path | None = None) -> Profile:
    profiles = load_profiles(path)
    if name not in profiles:
        known = ", ".join(sorted(profiles)) or "none yet"
        raise ProfileError(
            "Unknown profile",
            f"there is no profile {name!r} (profiles: {known}); "
            "add one with `weaviate-explorer profiles add`",
        )
    return profiles[name]


def save_profile(
    profile: Profile, path: Path | None = None, *, replace_existing: bool = True
) -> Path:
    """Add a profile, or replace the one with the same name."""
    profiles = load_profiles(path)
    if not replace_existing and profile.name in profiles:
        raise ProfileError(
            "Profile exists", f"there is already a profile {profile.name!r}; remove it first"
        )
    profiles[profile.name] = profile
    return save_profiles(profiles, path)


def remove_profile(name: str, path: Path | None = None) -> Profile:
    profiles = load_profiles(path)
    if name not in profiles:
        get_profile(name, path)  # raises the "Unknown profile" error
    removed = profiles.pop(name)
    save_profiles(profiles, path)
    return removed


class _Fields:
    """Typed reads from one TOML table; errors name the profile and the field."""

    def __init__(self, profile: str, raw: Mapping[str, Any], prefix: str = "") -> None:
        self.profile = profile
        self.raw = raw
        self.prefix = prefix

    def error(self, field_name: str, detail: str) -> ProfileError:
        return ProfileError(
            "Invalid profile", f"profile {self.profile!r}, field {field_name}: {detail}"
        )

    def _get(self, key: str, types: tuple[type, ...], what: str) -> Any:
        value = self.raw.get(key)
        if value is None:
            return None
        if isinstance(value, bool) and bool not in types:
            raise self.error(self.prefix + key, f"must be {what}, not {value!r}")
        if not isinstance(value, types):
            raise self.error(self.prefix + key, f"must be {what}, not {value!r}")
        return value

    def string(self, key: str) -> str | None:
        value: str | None = self._get(key, (str,), "a string")
        return value or None

    def integer(self, key: str) -> int | None:
        value: int | None = self._get(key, (int,), "a whole number")
        return value

    def number(self, key: str) -> float:
        value = self._get(key, (int, float), "a number of seconds")
        return float(value)

    def boolean(self, key: str) -> bool | None:
        value: bool | None = self._get(key, (bool,), "true or false")
        return value

    def strings(self, key: str) -> list[str]:
        value = self._get(key, (list,), "a list of strings") or []
        if not all(isinstance(item, str) for item in value):
            raise self.error(self.prefix + key, "must be a list of strings")
        return list(value)

    def table(self, key: str) -> Mapping[str, Any]:
        value: Mapping[str, Any] | None = self._get(key, (dict,), "a table")
        return value or {}

    def reject_unknown(self, known: set[str]) -> None:
        unknown = sorted(set(self.raw) - known)
        if unknown:
            raise self.error(
                self.prefix + unknown[0], f"unknown setting; known: {', '.join(sorted(known))}"
            )
