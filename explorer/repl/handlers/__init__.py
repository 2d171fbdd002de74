"""The REPL's commands; importing this package registers them all in ``REGISTRY``."""

from explorer.repl.handlers import access, catalog, meta, objects, search

__all__ = ["access", "catalog", "meta", "objects", "search"]
