"""Ask before destructive commands: the user types the name of what is about to go."""

from __future__ import annotations

from explorer.core.base.errors import ExplorerError
from explorer.core.base.typed_confirmation import note_confirmed_by_typing
from explorer.repl.context import ReplContext


class NotConfirmed(ExplorerError):
    """The user did not confirm, or could not be asked; nothing was changed."""


async def confirm_by_typing(
    context: ReplContext, what: str, expected: str, *, assume_yes: bool
) -> None:
    """Return when confirmed; raise :class:`NotConfirmed` (nothing done) otherwise.

    ``--yes`` (``assume_yes``) skips the question, for scripts. Without a terminal to ask on,
    and without ``--yes``, the command is refused rather than guessed. A typed answer is also
    the protected-connection approval for the rest of the command (it is not asked again);
    ``--yes`` is not.
    """
    if assume_yes:
        return
    if context.ask is None:
        raise NotConfirmed("Confirmation needed", f"{what}: add --yes to confirm without a prompt")
    answer = await context.ask(f"{what}\nType {expected} to confirm: ")
    if answer.strip() != expected:
        raise NotConfirmed(
            "Not confirmed", f"you typed {answer.strip()!r}, not {expected!r}; nothing was changed"
        )
    note_confirmed_by_typing(context.session)  # the runner ends it with the command


def ask_before_protected_changes(context: ReplContext) -> None:
    """On a protected connection, every change asks at the prompt (``yes`` goes ahead)."""
    ask = context.ask
    if ask is None:
        return

    async def confirm(action: str) -> bool:
        answer = await ask(f"This connection is protected: {action}?\nType yes to go ahead: ")
        return answer.strip().lower() == "yes"

    context.session.confirm_mutation = confirm
