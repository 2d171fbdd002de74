"""The REPL's commands; importing this package registers them all in ``REGISTRY``."""

from explorer.repl.handlers import backups, catalog, meta, objects, search

__all__ = ["backups", "catalog", "meta", "objects", "search"]
