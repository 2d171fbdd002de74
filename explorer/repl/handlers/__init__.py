"""The REPL's commands; importing this package registers them all in ``REGISTRY``."""

from explorer.repl.handlers import catalog, history, meta, objects, search

__all__ = ["catalog", "history", "meta", "objects", "search"]
