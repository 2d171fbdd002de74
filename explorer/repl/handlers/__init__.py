"""The REPL's commands; importing this package registers them all in ``REGISTRY``."""

from explorer.repl.handlers import catalog, meta, objects, search, transfer

__all__ = ["catalog", "meta", "objects", "search", "transfer"]
