"""A change the user confirmed by typing its name is not asked about again.

Destructive operations ask the user to type the name of what goes (the REPL's
``confirm_by_typing``, the app's ``ConfirmTypedScreen``). On a protected connection that answer
is also the protected approval: :meth:`ExplorerSession.approve` does not ask a second question
for a change made inside :func:`confirmed_by_typing` (or after :func:`note_confirmed_by_typing`
within a :func:`typed_confirmation_scope`). The approval lives in a context variable, so it
covers the task that asked and the tasks it starts (a Textual worker started inside the block),
and nothing else. It never lifts ``--read-only``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_confirmed_on: ContextVar[object | None] = ContextVar("explorer_confirmed_by_typing", default=None)


def is_confirmed_by_typing(session: object) -> bool:
    """True when the change under way on ``session`` was confirmed by typing its name."""
    return _confirmed_on.get() is session


def note_confirmed_by_typing(session: object) -> None:
    """The user typed the name: the rest of the enclosing scope counts as approved."""
    _confirmed_on.set(session)


@contextmanager
def typed_confirmation_scope() -> Iterator[None]:
    """A confirmation noted inside this block ends with it (e.g. one REPL command)."""
    token = _confirmed_on.set(None)
    try:
        yield
    finally:
        _confirmed_on.reset(token)


@contextmanager
def confirmed_by_typing(session: object) -> Iterator[None]:
    """Changes on ``session`` made in this block, or by tasks started in it, are approved."""
    with typed_confirmation_scope():
        note_confirmed_by_typing(session)
        yield
