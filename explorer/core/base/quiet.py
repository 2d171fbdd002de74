"""Keep third-party import-time warnings off the user's terminal (they would corrupt a TUI)."""

from __future__ import annotations

import logging
import warnings

#: The client's logger: its batch stream logs each failed object and a lost server on it.
CLIENT_LOGGER = "weaviate-client"


def quiet_client_warnings() -> None:
    """Silence authlib's deprecation warning, which it forces on with ``simplefilter("always")``.

    Also the client's RBAC001 warning about permissions newer than it knows (the explorer shows
    the permissions it can read; a warning on stderr would corrupt a TUI), and the client's log
    records: without a handler Python prints them to stderr ("Socket hang up detected in batch
    receive thread…" when the server dies during an import); the explorer reports those itself.
    Importing weaviate calls ``simplefilter("default")``, which wins over filters set before it,
    so the session calls this again once weaviate is imported.
    """
    client_logger = logging.getLogger(CLIENT_LOGGER)
    if not client_logger.handlers:
        client_logger.addHandler(logging.NullHandler())
    warnings.filterwarnings("ignore", message="RBAC001")
    try:
        import authlib.deprecate  # noqa: F401  (its import installs the "always" filter first)
    except ImportError:
        return
    warnings.filterwarnings("ignore", message="The httpx module is deprecated")
