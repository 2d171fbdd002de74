"""The REPL's commands; importing this package registers them all in ``REGISTRY``."""

from explorer.repl.handlers import catalog, cluster, meta, objects, search

__all__ = ["catalog", "cluster", "meta", "objects", "search"]
