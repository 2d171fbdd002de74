"""The weaviate-client credentials for a connection: an API key, or OIDC through ``Auth``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from explorer.core.client.connection import ConnectionOptions

if TYPE_CHECKING:
    from weaviate.auth import AuthCredentials


def auth_credentials(options: ConnectionOptions) -> AuthCredentials | None:
    """An API key wins; then OIDC client credentials or user + password; else anonymous."""
    from weaviate.classes.init import Auth

    if options.api_key:
        return Auth.api_key(options.api_key)
    oidc = options.oidc
    if oidc is None:
        return None
    scope = list(oidc.scopes) or None
    if oidc.flow == "password":
        assert oidc.username is not None and oidc.password is not None  # checked on creation
        return Auth.client_password(username=oidc.username, password=oidc.password, scope=scope)
    assert oidc.client_secret is not None  # checked on creation
    return Auth.client_credentials(client_secret=oidc.client_secret, scope=scope)
