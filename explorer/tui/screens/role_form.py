"""Create a role or change its permissions: a name and one permission string a line.

Every line is checked as it is typed (:mod:`explorer.core.admin.permissions`); the form saves
only when all of them are good, so nothing half-right is ever sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static, TextArea

from explorer.core.admin.permissions import (
    DOMAINS,
    InvalidPermission,
    PermissionSpec,
    check_role_name,
    parse_permission,
)
from explorer.core.base.formatting import safe_text
from explorer.tui.bindings import ROLE_FORM_BINDINGS
from explorer.tui.screen_stack import ModalClosesOnlyItself
from explorer.tui.widgets.text_input import TextInput

_EXAMPLE = "collections:read:Jeopardy*\ndata:read,update:Jeopardy*\ntenants:read:Jeopardy*:acme*"


@dataclass(frozen=True)
class RoleDraft:
    """What the form gives back: a checked name and checked permissions."""

    name: str
    permissions: tuple[PermissionSpec, ...]


def check_lines(text: str) -> tuple[tuple[PermissionSpec, ...], list[str]]:
    """The permissions of every non-empty line, and one error a bad line (with its number)."""
    specs: list[PermissionSpec] = []
    errors: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            specs.append(parse_permission(line))
        except InvalidPermission as exc:
            errors.append(f"line {number}: {exc.message}")
    return tuple(specs), errors


class RoleFormScreen(ModalClosesOnlyItself[RoleDraft | None]):
    DEFAULT_CSS = """
    RoleFormScreen { align: center middle; }
    RoleFormScreen > Vertical {
        width: 96; height: auto; max-height: 90%; border: thick $primary; background: $surface;
        padding: 0 1;
    }
    RoleFormScreen #role-permissions { height: 10; }
    RoleFormScreen #role-errors { color: $error; height: auto; max-height: 8; }
    RoleFormScreen #role-help { color: $text-muted; }
    RoleFormScreen Horizontal { height: auto; align-horizontal: right; }
    """
    BINDINGS: ClassVar[list[BindingType]] = list(ROLE_FORM_BINDINGS)

    def __init__(self, name: str = "", permissions: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.editing = bool(name)
        self.role_name = name
        self.initial = "\n".join(permissions)

    def compose(self) -> ComposeResult:
        title = f"Permissions of {safe_text(self.role_name)}" if self.editing else "New role"
        with Vertical():
            yield Static(Text(title, style="bold"))
            yield TextInput(
                value=self.role_name,
                placeholder="role name: a letter, then letters, digits, - or _",
                id="role-name",
                disabled=self.editing,
            )
            yield Static(
                Text(
                    "One permission a line: DOMAIN:ACTIONS[:RESOURCE…] (* for all). Domains: "
                    + ", ".join(DOMAINS)
                ),
                id="role-help",
            )
            yield TextArea(self.initial or "", id="role-permissions")
            yield Static("", id="role-errors")
            with Horizontal():
                yield Button("Cancel", id="role-cancel")
                yield Button("Save", variant="primary", id="role-save")

    def on_mount(self) -> None:
        area = self.query_one("#role-permissions", TextArea)
        if not self.initial:
            area.text = ""
            self.query_one("#role-errors", Static).update(Text(f"For example:\n{_EXAMPLE}"))
        (area if self.editing else self.query_one("#role-name", Input)).focus()

    @on(TextArea.Changed, "#role-permissions")
    def permissions_changed(self) -> None:
        _specs, errors = check_lines(self.query_one("#role-permissions", TextArea).text)
        self.query_one("#role-errors", Static).update(Text("\n".join(errors)))

    @on(Button.Pressed, "#role-save")
    def action_save(self) -> None:
        errors_view = self.query_one("#role-errors", Static)
        try:
            name = check_role_name(self.query_one("#role-name", Input).value)
        except InvalidPermission as exc:
            errors_view.update(Text(exc.message))
            return
        specs, errors = check_lines(self.query_one("#role-permissions", TextArea).text)
        if errors:
            errors_view.update(Text("\n".join(errors)))
            return
        if not specs and not self.editing:
            errors_view.update(Text("Give the role at least one permission, e.g. cluster:read"))
            return
        self.dismiss(RoleDraft(name, specs))

    @on(Button.Pressed, "#role-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
