"""The objects pane's changing keys: insert, edit, delete one, delete by filter, filter builder.

A mixin, so the pane module stays about browsing; every change refuses up front on a read-only
connection, asks before deleting, and reloads the pane afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import work
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input

from explorer.core.base.formatting import format_value, safe_text
from explorer.core.base.models import CollectionConfig, ObjectRecord
from explorer.core.client.session import ExplorerSession
from explorer.core.objects.mutations import (
    ObjectChanged,
    delete_many,
    delete_object,
    describe_delete_many,
    preview_delete_many,
)
from explorer.core.where.filters import FilterExpr
from explorer.core.where.parser import format_where
from explorer.tui import workers
from explorer.tui.errors import guarded
from explorer.tui.screen_stack import open_screen
from explorer.tui.screens.confirm_typed import ConfirmTypedScreen, when_confirmed

#: Properties a delete confirmation shows per object.
SHOWN_PROPERTIES = 3


def object_line(record: ObjectRecord, limit: int = SHOWN_PROPERTIES) -> str:
    """``uuid  name=value, …``: one inert line about an object, for a confirmation."""
    values = [
        f"{safe_text(name, 30)}={safe_text(format_value(value), 40)}"
        for name, value in list(record.properties.items())[:limit]
        if value is not None
    ]
    return f"{record.uuid}  {', '.join(values)}".rstrip()


class ObjectEditing(Widget):
    """Mixed into the objects pane, which provides the state and the reload."""

    session: ExplorerSession | None
    config: CollectionConfig | None
    filters: FilterExpr | None

    @dataclass
    class ObjectsChanged(Message):
        """Objects were inserted or deleted: counts elsewhere are stale."""

        collection: str

    # -- provided by the pane --------------------------------------------------------------------

    def _record_under_cursor(self) -> ObjectRecord | None:
        raise NotImplementedError

    def reload(self, *, from_start: bool) -> None:
        raise NotImplementedError

    def apply_where_text(self, text: str) -> None:
        raise NotImplementedError

    # -- helpers ---------------------------------------------------------------------------------

    def _writable(self, action: str) -> tuple[ExplorerSession, str] | None:
        """The session and collection to change; refuses on a read-only connection."""
        if self.session is None or self.config is None:
            self.notify("Pick a collection first (1).", markup=False)
            return None
        where = self._where()
        self.session.require_writable(f"{action} {where}")
        return self.session, self.config.name

    def _where(self, name: str | None = None) -> str:
        """``Collection@tenant`` (inert) of ``name``, else of the collection on screen."""
        assert self.session is not None
        if name is None:
            assert self.config is not None
            name = self.config.name
        tenant = self.session.current_tenant
        return safe_text(name) + (f"@{safe_text(tenant)}" if tenant else "")

    def _changed(self, change: ObjectChanged | None) -> None:
        if change is None:
            return
        preposition = {"inserted": "into", "deleted": "from"}.get(change.action, "in")
        where = safe_text(change.collection) + (f"@{change.tenant}" if change.tenant else "")
        self.notify(
            f"{change.action.capitalize()} {change.uuid} {preposition} {where}", markup=False
        )
        self.reload(from_start=change.action == "inserted")
        if change.action in ("inserted", "deleted"):
            self.post_message(self.ObjectsChanged(change.collection))

    # -- actions ---------------------------------------------------------------------------------

    @guarded
    def action_insert_object(self) -> None:
        target = self._writable("insert an object into")
        if target is not None:
            session, name = target
            from explorer.tui.screens.object_editor import ObjectEditorScreen  # when first used

            editor = ObjectEditorScreen(session, name, session.current_tenant)
            open_screen(self.app, editor, callback=self._changed)

    @guarded
    def action_edit_object(self) -> None:
        record = self._record_under_cursor()
        if record is None:
            self.notify("No object here to edit.", markup=False)
            return
        target = self._writable("edit an object of")
        if target is not None:
            session, name = target
            from explorer.tui.screens.object_editor import ObjectEditorScreen  # when first used

            editor = ObjectEditorScreen(session, name, session.current_tenant, record.uuid)
            open_screen(self.app, editor, callback=self._changed)

    @guarded
    def action_delete_object(self) -> None:
        record = self._record_under_cursor()
        if record is None:
            self.notify("No object here to delete.", markup=False)
            return
        target = self._writable("delete an object of")
        if target is None:
            return
        session, name = target
        screen = ConfirmTypedScreen(
            f"Delete object {record.uuid} of {self._where()}?", name, object_line(record)
        )
        open_screen(
            self.app,
            screen,
            callback=when_confirmed(session, lambda: self.delete_one(name, record.uuid)),
        )

    @work(exclusive=True, group=workers.EDIT, exit_on_error=False)
    async def delete_one(self, name: str, object_id: str) -> None:
        assert self.session is not None
        change = await delete_object(
            self.session, name, object_id, tenant=self.session.current_tenant
        )
        self._changed(change)

    @guarded
    def action_delete_matching(self) -> None:
        target = self._writable("delete objects of")
        if target is None:
            return
        if self.filters is None:
            self.notify(
                "Set a filter first (f to write one, b to build one): "
                "D deletes every object it matches.",
                markup=False,
            )
            return
        self.preview_delete(target[1], self.filters)

    @work(exclusive=True, group=workers.EDIT, exit_on_error=False)
    async def preview_delete(self, name: str, filters: FilterExpr) -> None:
        assert self.session is not None
        tenant = self.session.current_tenant
        preview = await preview_delete_many(self.session, name, filters, tenant=tenant)
        if preview.matches == 0:
            self.notify("No object matches the filter; nothing to delete.", markup=False)
            return
        lines = [object_line(record) for record in preview.examples]
        if preview.matches > len(lines):
            lines.append(f"… and {preview.matches - len(lines):,} more")
        count = preview.matches
        what = (
            f"Delete {count:,} object{'s' if count != 1 else ''} of {self._where()} "
            f"matching {format_where(filters)}?"
        )
        # A callback, not push_screen_wait: no worker stays parked while the user decides.
        open_screen(
            self.app,
            ConfirmTypedScreen(what, name, "\n".join(lines)),
            callback=when_confirmed(self.session, lambda: self.run_delete_many(name, filters)),
        )

    @work(exclusive=True, group=workers.EDIT, exit_on_error=False)
    async def run_delete_many(self, name: str, filters: FilterExpr) -> None:
        assert self.session is not None
        tenant = self.session.current_tenant
        result = await delete_many(self.session, name, filters, tenant=tenant)
        problem = bool(result.failed or result.remaining)
        self.notify(
            describe_delete_many(result),
            severity="warning" if problem else "information",
            timeout=12 if problem else 5,
            markup=False,
        )
        self.reload(from_start=True)
        self.post_message(self.ObjectsChanged(name))

    @guarded
    def action_build_filter(self) -> None:
        if self.config is None:
            self.notify("Pick a collection first (1).", markup=False)
            return
        current = self.query_one("#objects-where", Input).value

        def built(text: str | None) -> None:
            if text is not None:
                self.apply_where_text(text)

        from explorer.tui.screens.filter_builder import FilterBuilderScreen  # when first used

        open_screen(self.app, FilterBuilderScreen(self.config, current), callback=built)
