"""The one place where errors become notifications, and surprises become a details modal."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from textual.app import App
from textual.worker import Worker, WorkerState

from explorer.core.base.errors import ExplorerError
from explorer.core.base.formatting import safe_multiline, safe_text
from explorer.tui.messages import StatusChanged, UnexpectedError

P = ParamSpec("P")
R = TypeVar("R")


def show_error(app: App[Any], error: BaseException) -> None:
    """An ExplorerError becomes a notification; anything else opens the details modal."""
    if isinstance(error, ExplorerError):
        # Messages often quote the server: shown inert, never as markup or escapes.
        app.notify(
            safe_multiline(error.message),
            title=safe_text(error.title),
            severity="error",
            timeout=12,
            markup=False,
        )
        return
    app.post_message(UnexpectedError(error))


def guarded(handler: Callable[P, R]) -> Callable[P, R | None]:
    """For sync handlers and actions: a surprise opens the details modal and the app goes on."""

    @functools.wraps(handler)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R | None:
        try:
            return handler(*args, **kwargs)
        except Exception as error:
            node = args[0]
            show_error(node.app, error)  # type: ignore[attr-defined]
            return None

    return wrapper


def report_worker_state(app: App[Any], worker: Worker[Any], state: WorkerState) -> None:
    """Called by every pane for its workers: errors are shown, the status bar is refreshed."""
    if state == WorkerState.ERROR and worker.error is not None:
        show_error(app, worker.error)
    app.post_message(StatusChanged())
