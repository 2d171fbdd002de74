"""httpx for asyncio only: httpcore imported without trio, which the explorer never runs on.

httpcore imports ``trio`` whenever it is installed, only to pick its locks when it runs under
trio. Every front end here runs on asyncio, and on a plain install trio is not there at all; but
where something else brings it (selenium, in the development extras) the first HTTP client
imported it too: about 4 MB of memory, and import time on whichever loop made the first client.
httpcore then says "trio is not installed" if it is ever run under trio, so nothing is lost.
"""

from __future__ import annotations

import ssl
import sys
import threading
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import httpx

_importing = threading.Lock()


def import_httpcore_without_trio() -> None:
    """Import httpcore (once) as if trio were not installed; call it before httpx is used.

    Only httpcore's own import sees trio hidden: ``import trio`` anywhere afterwards works."""
    with _importing:
        if "httpcore" not in sys.modules and "trio" not in sys.modules:
            sys.modules["trio"] = None  # type: ignore[assignment]  # "import trio" fails
            try:
                import httpcore  # noqa: F401
            finally:
                del sys.modules["trio"]


def async_http_client(url: str, **options: Any) -> httpx.AsyncClient:
    """An ``httpx.AsyncClient`` for a server at ``url``, with httpcore imported as above.

    httpx builds the default TLS context (the CA bundle loaded: about 30 ms of CPU) for every
    client, though a plain ``http://`` server never speaks TLS: a health probe's client, made
    again after every failed check, cost more than the checks. For ``http://`` the client gets a
    context that trusts no certificate at all, so TLS it never expects fails closed; ``https://``
    keeps the default verification (or the caller's ``verify``)."""
    import_httpcore_without_trio()
    import httpx

    if not url.lower().startswith("https://"):
        options.setdefault("verify", _no_tls())
    return httpx.AsyncClient(**options)


def _no_tls() -> ssl.SSLContext:
    """A client TLS context with no trusted certificate: every handshake fails."""
    return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)  # hostname check, certificate required
