"""One error type with a title and a message a user can act on."""

from __future__ import annotations

import ast
import re


class ExplorerError(Exception):
    """An error the user can act on: a short title and a message that says what to do."""

    def __init__(self, title: str, message: str) -> None:
        super().__init__(f"{title}: {message}")
        self.title = title
        self.message = message

    def __str__(self) -> str:
        return f"{self.title}: {self.message}"


class ConnectionFailed(ExplorerError):
    """The server (REST or gRPC) could not be reached or refused the connection."""


class AuthenticationFailed(ExplorerError):
    """The server rejected the credentials (a wrong or revoked API key, a failed OIDC login)."""


class PermissionDenied(ExplorerError):
    """The server refused an operation the user has no right to perform."""


class NotFound(ExplorerError):
    """The server answered 404: what was asked for does not exist."""


class ReadOnlyRefused(ExplorerError):
    """A mutation was refused before any request because the connection is read-only."""


class TargetVectorRequired(ExplorerError):
    """A vector search on a collection with several named vectors did not say which to search."""


class WrongVectorLength(ExplorerError):
    """A query vector whose length is not the dimension of the vector index it searches."""


class NotMultiTenant(ExplorerError):
    """A tenant operation on a collection whose multi-tenancy is off."""

    def __init__(self, collection: str) -> None:
        super().__init__(
            "No tenants",
            f"{collection} has no tenants: multi-tenancy is off for this collection, "
            "so open it without choosing a tenant",
        )


class ServerProvisionError(ExplorerError):
    """No local Weaviate server binary could be found, built or downloaded."""


class ServerStartError(ExplorerError):
    """A local Weaviate server process did not start or did not become ready."""


#: The OS refusing the server a write in its data dir ("open /…/proplengths.tmp: permission
#: denied" when the data dir turned read-only under a running Weaviate 1.38).
STORAGE_REFUSED = re.compile(
    r"(?:open|mkdir|rename|remove|create|write|sync)\w* /\S*: (?:permission denied|read-only file system)",
    re.IGNORECASE,
)


def translate_error(exc: BaseException, *, server: str = "the server") -> ExplorerError:
    """Turn an exception from weaviate-client (or the network) into an :class:`ExplorerError`."""
    translated = _translate(exc, server)
    if type(translated) is ExplorerError and STORAGE_REFUSED.search(translated.message):
        return storage_refused(translated.message, server)
    return translated


def storage_refused(server_message: str, server: str = "the server") -> ExplorerError:
    """The server could not write its data dir: its own words, and what to do."""
    return ExplorerError(
        "Weaviate cannot write its data",
        f"{server} could not write to its data dir: {server_message}. Make the server's data "
        "dir writable, then check what was stored before retrying: Weaviate 1.38 may keep "
        "objects it reported as failed.",
    )


def _translate(exc: BaseException, server: str) -> ExplorerError:
    if isinstance(exc, ExplorerError):
        return exc
    import asyncio

    import httpx
    from weaviate import exceptions as wx

    if isinstance(exc, wx.WeaviateGRPCUnavailableError):
        return ConnectionFailed(
            "gRPC unreachable", f"{server} answers over HTTP but not over gRPC. {_first_line(exc)}"
        )
    if isinstance(exc, wx.InsufficientPermissionsError):
        return PermissionDenied("Permission denied", _server_message(exc))
    if isinstance(exc, wx.AuthenticationFailedError):
        return AuthenticationFailed("Authentication failed", f"{server} rejected the credentials")
    if isinstance(exc, wx.UnexpectedStatusCodeError):
        status = exc.status_code
        if status == 401:
            return AuthenticationFailed(
                "Authentication failed", f"{server} rejected the credentials"
            )
        if status == 403:
            return PermissionDenied("Permission denied", _server_message(exc))
        if status == 404:
            return NotFound("Not found", _server_message(exc))
        return ExplorerError(f"Rejected by Weaviate (HTTP {status})", _server_message(exc))
    if isinstance(exc, wx.WeaviateClosedClientError):
        return ConnectionFailed("Not connected", f"the connection to {server} is closed")
    if isinstance(exc, wx.WeaviateStartUpError | wx.WeaviateConnectionError | httpx.ConnectError):
        return ConnectionFailed("Cannot reach Weaviate", f"{server}: {connection_failure(exc)}")
    if isinstance(exc, wx.WeaviateTimeoutError | httpx.TimeoutException | asyncio.TimeoutError):
        return ExplorerError("Timed out", f"{server} did not answer in time")
    if isinstance(exc, wx.WeaviateQueryError):
        message = _server_message(exc)
        if "multi-tenancy enabled, but request was without tenant" in message:
            return ExplorerError(
                "Tenant needed",
                "this collection is multi-tenant: choose a tenant first "
                "(in the app press t; in the REPL: use <Collection> @<tenant>)",
            )
        if "could not vectorize input" in message and "nearText" in message:
            return ExplorerError(
                "near_text not supported here",
                "this collection's vectorizer cannot turn a near_text query into a vector "
                "(text2vec-bigram, for one, has no nearText support). Use hybrid with alpha 1 "
                "for a pure vector search on text.",
            )
        return ExplorerError("Query failed", message)
    if isinstance(exc, wx.WeaviateInvalidInputError):
        return ExplorerError("Invalid input", _first_line(exc))
    if isinstance(exc, wx.WeaviateBaseError):
        return ExplorerError("Weaviate error", _first_line(exc))
    return ExplorerError(type(exc).__name__, _first_line(exc))


def connection_failure(exc: BaseException) -> str:
    """What failed under a connection error, in words: refused, DNS, TLS or a timeout.

    The client's own text ends in "Details: ." — the cause is further down the chain.
    """
    import socket
    import ssl

    import httpx

    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    for link in chain:
        if isinstance(link, ConnectionRefusedError):
            return "the connection was refused: nothing listens on that host and port (is the server running, and is the port right?)"
        if isinstance(link, socket.gaierror):
            return f"the host name could not be resolved (DNS: {link.strerror or link})"
        if isinstance(link, ssl.SSLError):
            reason = getattr(link, "reason", None) or _first_line(link)
            return f"the TLS handshake failed ({reason}); check http:// or https:// in the URL"
        if isinstance(link, TimeoutError | httpx.TimeoutException):
            return "no answer in time (timed out); check the host, the port and any firewall"
    texts = [_first_line(link) for link in chain]
    useful = [t for t in texts if t and not t.rstrip(". ").endswith("Details:")]
    return useful[-1] if useful else texts[0]


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _server_message(exc: BaseException) -> str:
    """The server's whole explanation, without the client's boilerplate around it, inert."""
    from explorer.core.base.formatting import safe_text

    text = str(getattr(exc, "message", "") or exc).strip()
    message = _quoted_message(text)
    return safe_text(message if message is not None else " ".join(text.split())[:500])


def _quoted_message(text: str) -> str | None:
    """The message inside the client's wrapping, which quotes it three ways: gRPC's
    ``details = "..."`` line (quotes inside unescaped), a Python dict's repr, and JSON."""
    if 'details = "' in text:
        line = text.split('details = "', 1)[1].split("\n", 1)[0].rstrip()
        return line[:-1] if line.endswith('"') else line
    for marker in ("'message': ", '"message":', '"message": '):
        if marker not in text:
            continue
        tail = text.split(marker, 1)[1].lstrip()
        literal = _STRING_LITERAL.match(tail)
        if literal is None:
            continue
        try:
            value = ast.literal_eval(literal.group())
        except (ValueError, SyntaxError):
            continue
        if isinstance(value, str):
            return value
    return None


#: A Python or JSON string literal in single or double quotes, with backslash escapes.
_STRING_LITERAL = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")
