from __future__ import annotations

import pytest

from explorer.core.base.errors import ExplorerError
from explorer.core.client.connection import ConnectionOptions, mask_secret


def test_defaults() -> None:
    options = ConnectionOptions.from_sources(environ={})
    assert options.url == "http://localhost:8080"
    assert (options.http_host, options.http_port, options.http_secure) == ("localhost", 8080, False)
    assert options.grpc_address == "localhost:50051"


def test_flags_win_over_environment() -> None:
    env = {"WEAVIATE_URL": "https://env.example:9443", "WEAVIATE_API_KEY": "env-key-123"}
    from_env = ConnectionOptions.from_sources(environ=env)
    assert from_env.url == "https://env.example:9443"
    assert from_env.http_secure and from_env.resolved_grpc_secure
    assert from_env.api_key == "env-key-123"
    flagged = ConnectionOptions.from_sources(
        url="http://flag:1234", api_key="flag-key", environ=env
    )
    assert flagged.url == "http://flag:1234"
    assert flagged.api_key == "flag-key"


def test_https_without_port_uses_443() -> None:
    assert ConnectionOptions(url="https://cluster.example").http_port == 443


def test_secrets_are_masked_in_repr_and_description() -> None:
    options = ConnectionOptions(
        url="http://h:1", api_key="supersecretkey", headers=(("X-OpenAI-Api-Key", "sk-abcdef"),)
    )
    assert "supersecretkey" not in repr(options)
    assert "sk-abcdef" not in repr(options)
    assert "supersecretkey" not in options.describe()
    assert "supe…" in options.describe()
    assert mask_secret("abcdefgh") == "abcd…"
    assert mask_secret(None) == ""


@pytest.mark.parametrize("url", ["localhost:8080", "ftp://x", "http://", ""])
def test_bad_url_is_a_clear_error(url: str) -> None:
    with pytest.raises(ExplorerError, match="Invalid server URL"):
        ConnectionOptions(url=url)


def test_bad_grpc_port() -> None:
    with pytest.raises(ExplorerError, match="not a port number"):
        ConnectionOptions(grpc_port=70000)


def test_read_only_session_refuses_mutations_before_any_request() -> None:
    from explorer.core.base.errors import ReadOnlyRefused
    from explorer.core.client.session import ExplorerSession

    session = ExplorerSession(ConnectionOptions(read_only=True))
    with pytest.raises(ReadOnlyRefused, match="refused to delete 3 objects"):
        session.require_writable("delete 3 objects")
    ExplorerSession(ConnectionOptions()).require_writable("delete 3 objects")  # no error
