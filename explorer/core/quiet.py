"""Keep third-party import-time warnings off the user's terminal (they would corrupt a TUI)."""

from __future__ import annotations

import warnings


def quiet_client_warnings() -> None:
    """Silence authlib's deprecation warning, which it forces on with ``simplefilter("always")``.

    Also the client's RBAC001 warning about permissions newer than it knows (the explorer shows
    the permissions it can read; a warning on stderr would corrupt a TUI).
    """
    warnings.filterwarnings("ignore", message="RBAC001")
    try:
        import authlib.deprecate  # noqa: F401  (its import installs the "always" filter first)
    except ImportError:
        return
    warnings.filterwarnings("ignore", message="The httpx module is deprecated")
