"""httpx for asyncio only: httpcore imported without trio, which the explorer never runs on.

httpcore imports ``trio`` whenever it is installed, only to pick its locks when it runs under
trio. Every front end here runs on asyncio, and on a plain install trio is not there at all; but
where something else brings it (selenium, in the development extras) the first HTTP client
imported it too: about 4 MB of memory, and import time on whichever loop made the first client.
httpcore then says "trio is not installed" if it is ever run under trio, so nothing is lost.
"""

from __future__ import annotations

import sys
import threading

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
