"""The REPL's commands; importing this package registers them all in ``REGISTRY``."""

from explorer.repl.handlers import (
    access,
    admin,
    aliases,
    backups,
    catalog,
    cluster,
    edit,
    history,
    lab,
    meta,
    objects,
    retrieval_lab,
    search,
    servers,
    tenants,
    transfer,
)

__all__ = [
    "access",
    "admin",
    "aliases",
    "backups",
    "catalog",
    "cluster",
    "edit",
    "history",
    "lab",
    "meta",
    "objects",
    "retrieval_lab",
    "search",
    "servers",
    "tenants",
    "transfer",
]
