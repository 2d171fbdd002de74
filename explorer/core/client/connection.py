"""Connection options: where the server is and how to talk to it.

Secrets never appear in ``repr`` or logs; :func:`mask_secret` is how they are shown.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from explorer.core.base.errors import ExplorerError

DEFAULT_URL = "http://localhost:8080"
DEFAULT_GRPC_PORT = 50051


def mask_secret(secret: str | None) -> str:
    """Show only the first four characters of a secret."""
    if not secret:
        return ""
    return secret[:4] + "…"


def redact_secrets(text: str, options: ConnectionOptions | None) -> str:
    """``text`` with every secret of ``options`` masked (for crash reports and error lines)."""
    if options is None:
        return text
    for secret in sorted(options.secrets, key=len, reverse=True):
        if len(secret) >= 4:
            text = text.replace(secret, mask_secret(secret))
    return text


@dataclass(frozen=True)
class Timeouts:
    """Seconds allowed for connecting, for queries and for inserts."""

    init: float = 5.0
    query: float = 60.0
    insert: float = 120.0


OIDC_FLOWS = ("client_credentials", "password")


@dataclass(frozen=True)
class OidcCredentials:
    """OIDC through weaviate-client's ``Auth`` classes: client credentials or user + password."""

    flow: str = "client_credentials"
    client_secret: str | None = field(default=None, repr=False)
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    scopes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.flow not in OIDC_FLOWS:
            raise ExplorerError(
                "Invalid OIDC settings",
                f"flow {self.flow!r} is not one of {', '.join(OIDC_FLOWS)}",
            )
        if self.flow == "client_credentials" and not self.client_secret:
            raise ExplorerError(
                "Invalid OIDC settings", "the client_credentials flow needs a client_secret"
            )
        if self.flow == "password" and not (self.username and self.password):
            raise ExplorerError(
                "Invalid OIDC settings", "the password flow needs a username and a password"
            )

    def describe(self) -> str:
        if self.flow == "password":
            return f"OIDC user {self.username}"
        return f"OIDC client secret {mask_secret(self.client_secret)}"


@dataclass(frozen=True)
class ConnectionOptions:
    url: str = DEFAULT_URL
    grpc_host: str | None = None
    grpc_port: int = DEFAULT_GRPC_PORT
    grpc_secure: bool | None = None
    api_key: str | None = field(default=None, repr=False)
    headers: tuple[tuple[str, str], ...] = field(default=(), repr=False)
    timeouts: Timeouts = Timeouts()
    #: Refuse every mutation before any request is sent.
    read_only: bool = False
    #: OIDC credentials, used when there is no API key.
    oidc: OidcCredentials | None = field(default=None, repr=False)
    #: Ask before every mutation, even with --yes (a production connection).
    protected: bool = False
    #: The connection profile these options came from, if any.
    profile: str | None = None

    def __post_init__(self) -> None:
        parts = urlsplit(self.url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ExplorerError(
                "Invalid server URL",
                f"{self.url!r} is not an http(s) URL; use e.g. http://localhost:8080",
            )
        if not 0 < self.grpc_port < 65536:
            raise ExplorerError("Invalid gRPC port", f"{self.grpc_port} is not a port number")

    @property
    def secrets(self) -> tuple[str, ...]:
        """Every secret these options carry: API key, header values, OIDC secrets."""
        found = [self.api_key, *(value for _name, value in self.headers)]
        if self.oidc is not None:
            found += [self.oidc.client_secret, self.oidc.password]
        return tuple(secret for secret in found if secret)

    @property
    def http_host(self) -> str:
        host = urlsplit(self.url).hostname
        assert host is not None
        return host

    @property
    def http_secure(self) -> bool:
        return urlsplit(self.url).scheme == "https"

    @property
    def http_port(self) -> int:
        port = urlsplit(self.url).port
        return port if port is not None else (443 if self.http_secure else 80)

    @property
    def resolved_grpc_host(self) -> str:
        return self.grpc_host or self.http_host

    @property
    def resolved_grpc_secure(self) -> bool:
        return self.http_secure if self.grpc_secure is None else self.grpc_secure

    @property
    def grpc_address(self) -> str:
        return f"{self.resolved_grpc_host}:{self.grpc_port}"

    @property
    def display_url(self) -> str:
        return self.url.rstrip("/")

    def describe(self) -> str:
        """A one-line description that is safe to show and to log."""
        key = f", API key {mask_secret(self.api_key)}" if self.api_key else ""
        if not key and self.oidc is not None:
            key = f", {self.oidc.describe()}"
        return f"{self.display_url} (gRPC {self.grpc_address}{key})"

    @classmethod
    def from_sources(
        cls,
        *,
        url: str | None = None,
        grpc_host: str | None = None,
        grpc_port: int | None = None,
        api_key: str | None = None,
        headers: dict[str, str] | None = None,
        timeouts: Timeouts | None = None,
        read_only: bool = False,
        environ: dict[str, str] | None = None,
    ) -> ConnectionOptions:
        """Explicit values first, then ``WEAVIATE_URL``/``WEAVIATE_API_KEY``, then defaults."""
        env = os.environ if environ is None else environ
        return cls(
            url=url or env.get("WEAVIATE_URL") or DEFAULT_URL,
            grpc_host=grpc_host or env.get("WEAVIATE_GRPC_HOST") or None,
            grpc_port=grpc_port or int(env.get("WEAVIATE_GRPC_PORT") or DEFAULT_GRPC_PORT),
            api_key=api_key or env.get("WEAVIATE_API_KEY") or None,
            headers=tuple(sorted((headers or {}).items())),
            timeouts=timeouts or Timeouts(),
            read_only=read_only,
        )
