"""Worker group names, defined once: panes start workers in them, the app cancels by group."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.dom import DOMNode
from textual.worker import Worker

CONNECT = "connect"
PREVIEW = "preview"
COLLECTIONS = "collections"
COLLECTION_COUNTS = "collection-counts"
OBJECTS = "objects"
QUERY = "query"
LAB = "lab"
AGGREGATE = "aggregate"
DETAIL = "detail"
CONFIG = "config"
TENANTS = "tenants"
CLUSTER = "cluster"
HEALTH = "health"
EDIT = "edit"
EDITOR = "editor"
SCHEMA_CHANGE = "schema-change"
SCHEMA_EXPORT = "schema-export"
SCHEMA_DIFF = "schema-diff"
COPY = "copy"
SAVED_QUERIES = "saved-queries"
SETTINGS = "settings"
ALIASES = "aliases"
ALIASES_CHANGE = "aliases-change"
ACCESS = "access"
ACCESS_CHANGE = "access-change"
HISTORY = "history"
EXPORT = "export"
IMPORT = "import"
BACKUPS_LIST = "backups-list"
BACKUP_OUTCOME = "backup-outcome"
BACKUP_RUN = "backup-run"
CREATE_COLLECTION = "create-collection"
CODE_FILE = "code-file"
TENANTS_PAGE = "tenants-page"
TENANTS_CHANGE = "tenants-change"
PROFILES = "profiles"
PROFILE_TEST = "profile-test"
LAB_MAP = "lab-map"
LAB_MAP_PLOT = "lab-map-plot"
LAB_MAP_POINT = "lab-map-point"
LAB_HEALTH = "lab-health"
LAB_RECALL = "lab-recall"
LAB_CONFIG = "lab-config"

#: What Esc cancels: the reads a user waits for.
CANCELLABLE = frozenset({QUERY, LAB, OBJECTS, DETAIL, AGGREGATE})

#: Every group whose workers use the current session: a connection switch cancels them all,
#: so no answer from the old server lands in a pane after the switch.
SESSION_GROUPS = frozenset(
    {
        COLLECTIONS,
        COLLECTION_COUNTS,
        OBJECTS,
        QUERY,
        LAB,
        AGGREGATE,
        DETAIL,
        CONFIG,
        TENANTS,
        CLUSTER,
        HEALTH,
        EDIT,
        EDITOR,
        SCHEMA_EXPORT,
        SCHEMA_DIFF,
        COPY,
        ALIASES,
        ACCESS,
        HISTORY,
        BACKUPS_LIST,
        TENANTS_PAGE,
        LAB_MAP,
        LAB_MAP_POINT,
        LAB_HEALTH,
        LAB_RECALL,
        LAB_CONFIG,
    }
)


def reads_in_flight(running: Iterable[Worker[Any]]) -> bool:
    """True while a read that Esc cancels is running (``running``: e.g. ``app.workers``)."""
    return any(w.group in CANCELLABLE and w.is_running for w in running)


def cancel_workers_of(node: DOMNode) -> None:
    """Cancel every worker ``node`` started (a pane resetting itself for a new session)."""
    for worker in node.app.workers:
        if worker.node is node:
            worker.cancel()


def running_in(running: Iterable[Worker[Any]], group: str) -> bool:
    """True while a worker of ``group`` is running (``running``: e.g. ``app.workers``)."""
    return any(w.group == group and w.is_running for w in running)
