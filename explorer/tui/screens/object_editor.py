"""Write an object as JSON: checked against the schema as you type, sent with Ctrl+S.

Editing sends only the properties you changed (an update) unless you switch to replace, which
sends the whole object and removes what you left out.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.widgets import Static, TextArea
from textual.worker import Worker

from explorer.core.base.errors import ExplorerError
from explorer.core.base.formatting import safe_multiline, safe_text, to_json
from explorer.core.base.models import CollectionConfig, ObjectRecord
from explorer.core.client.session import ExplorerSession
from explorer.core.objects.mutations import ObjectChanged, insert_object, update_object
from explorer.core.objects.validation import (
    JsonSyntaxError,
    editable_properties,
    is_full_form,
    parse_json_object,
    problems_of,
)
from explorer.core.query.vector_dimensions import vector_dimensions
from explorer.tui import workers
from explorer.tui.bindings import EDITOR_BINDINGS
from explorer.tui.errors import guarded, report_worker_state, show_error
from explorer.tui.screen_stack import ModalClosesOnlyItself
from explorer.tui.widgets.keys_footer import KeysFooter

#: How many problems the status line lists before "… and N more".
SHOWN_PROBLEMS = 6


def insert_template(config: CollectionConfig) -> str:
    """A new object: every property named, with null for "no value"."""
    return to_json({"properties": {p.name: None for p in config.properties}})


def edit_document(record: ObjectRecord, config: CollectionConfig) -> dict[str, Any]:
    """An object as the editor shows it: its properties and its single-target references."""
    document: dict[str, Any] = {"properties": editable_properties(record.properties, config)}
    targets = dict(config.references)
    references = {
        name: list(uuids)
        for name, uuids in record.references.items()
        if len(targets.get(name, ())) == 1
    }
    if references:
        document["references"] = references
    return document


def changed_part(edited: dict[str, Any], original: dict[str, Any]) -> dict[str, Any]:
    """What an update sends: the properties and references that differ, and any vectors."""
    out: dict[str, Any] = {"properties": {}}
    for key in ("properties", "references"):
        before = original.get(key) or {}
        after = edited.get(key) or {}
        if not isinstance(after, dict):
            out[key] = after  # wrong shape: validation will say so
            continue
        changed = {name: value for name, value in after.items() if before.get(name, ...) != value}
        if changed:
            out.setdefault(key, {}).update(changed)
    for key in ("vector", "vectors"):
        if key in edited:
            out[key] = edited[key]
    for key in edited:
        if key not in ("properties", "references", "vector", "vectors", "uuid", "id"):
            out[key] = edited[key]  # an unknown key: validation will say so
    return out


class ObjectEditorScreen(ModalClosesOnlyItself[ObjectChanged | None]):
    """Insert (``object_id`` None) or edit one object; dismisses with what was done, or None."""

    DEFAULT_CSS = """
    ObjectEditorScreen { align: center middle; }
    ObjectEditorScreen > Vertical {
        width: 90%; height: 90%; border: thick $primary; background: $surface;
    }
    ObjectEditorScreen #editor-title { height: 1; padding: 0 1; text-style: bold; }
    ObjectEditorScreen #editor-schema { height: auto; max-height: 3; padding: 0 1; color: $text-muted; }
    ObjectEditorScreen #editor-text { height: 1fr; }
    ObjectEditorScreen #editor-status { height: auto; max-height: 9; padding: 0 1; }
    ObjectEditorScreen #editor-status.problems { color: $error; }
    ObjectEditorScreen #editor-status.valid { color: $success; }
    """
    BINDINGS: ClassVar[list[BindingType]] = list(EDITOR_BINDINGS)

    def __init__(
        self,
        session: ExplorerSession,
        collection: str,
        tenant: str | None = None,
        object_id: str | None = None,
    ) -> None:
        super().__init__()
        self.session = session
        self.collection = collection
        self.tenant = tenant
        self.object_id = object_id
        self.config: CollectionConfig | None = None
        self.dimensions: dict[str, int] = {}
        #: For an edit: the object as first shown, to send only what changed.
        self.original: dict[str, Any] | None = None
        self.replace_mode = False
        self.ready = False
        self.saving = False

    @property
    def editing(self) -> bool:
        return self.object_id is not None

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self._title()), id="editor-title")
            yield Static("", id="editor-schema")
            yield TextArea(
                "",
                language="json",
                id="editor-text",
                tab_behavior="indent",
                show_line_numbers=True,
                disabled=True,
            )
            yield Static("loading…", id="editor-status")
        yield KeysFooter()

    def _title(self) -> str:
        where = safe_text(self.collection) + (f"@{safe_text(self.tenant)}" if self.tenant else "")
        if not self.editing:
            return f"Insert into {where}"
        mode = "replace: sends the whole object" if self.replace_mode else "update: sends changes"
        return f"Edit {self.object_id} of {where} · {mode}"

    @property
    def text_area(self) -> TextArea:
        return self.query_one("#editor-text", TextArea)

    def on_mount(self) -> None:
        self.load()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_worker_state(self.app, event.worker, event.state)

    @work(exclusive=True, group=workers.EDITOR, exit_on_error=False)
    async def load(self) -> None:
        session = self.session
        self.config = config = await session.collection_config(self.collection)
        self.dimensions = await vector_dimensions(session, self.collection, self.tenant)
        if self.object_id is None:
            text = insert_template(config)
        else:
            record = await session.get_object(
                self.collection, self.object_id, tenant=self.tenant, include_vector=False
            )
            if record is None:
                show_error(
                    self.app,
                    ExplorerError(
                        "Not found", f"{self.collection} has no object {self.object_id} any more"
                    ),
                )
                self.dismiss(None)
                return
            self.original = edit_document(record, config)
            text = to_json(self.original)
        self.query_one("#editor-schema", Static).update(Text(self._schema_hint(config)))
        area = self.text_area
        area.load_text(text)
        area.disabled = False
        area.focus()
        self.ready = True
        self.check()

    def _schema_hint(self, config: CollectionConfig) -> str:
        types = ", ".join(f"{p.name}: {p.data_type}" for p in config.properties)
        references = ", ".join(f"{n} → {'/'.join(t)}" for n, t in config.references)
        vectors = ", ".join(
            f"{v.name}" + (f" ({self.dimensions[v.name]}-d)" if v.name in self.dimensions else "")
            for v in config.vectors
        )
        parts = [types or "no properties"]
        if references:
            parts.append("references: " + references)
        if vectors:
            key = "vectors" if config.named_vectors else "vector"
            parts.append(f"{key}: {vectors}")
        return safe_text(" · ".join(parts))

    # -- checking ------------------------------------------------------------------------------

    @on(TextArea.Changed, "#editor-text")
    def edited(self) -> None:
        if self.ready:
            self.check()

    def document_to_send(self) -> dict[str, Any]:
        """The JSON as it would be sent (raises JsonSyntaxError); for an update, the changes."""
        assert self.config is not None
        document = parse_json_object(self.text_area.text)
        if self.original is None or self.replace_mode:
            return document
        if not is_full_form(document, self.config):
            document = {"properties": document}
        return changed_part(document, self.original)

    def check(self) -> bool:
        """Show what is wrong (or what would be sent) in the status line; True when valid."""
        if self.config is None:
            return False
        status = self.query_one("#editor-status", Static)
        try:
            document = self.document_to_send()
        except JsonSyntaxError as exc:
            self._status(status, f"JSON: {exc.message}", ok=False)
            return False
        problems = problems_of(document, self.config, self.dimensions)
        if problems:
            lines = [str(p) for p in problems[:SHOWN_PROBLEMS]]
            if len(problems) > SHOWN_PROBLEMS:
                lines.append(f"… and {len(problems) - SHOWN_PROBLEMS} more")
            self._status(status, "\n".join(lines), ok=False)
            return False
        self._status(status, self._summary(document), ok=True)
        return True

    def _summary(self, document: dict[str, Any]) -> str:
        if not self.editing:
            return "✓ valid · Ctrl+S inserts it"
        if self.replace_mode:
            return "✓ valid · Ctrl+S replaces the whole object (properties left out are removed)"
        names = [*(document.get("properties") or {}), *(document.get("references") or {})]
        names += [k for k in ("vector", "vectors") if k in document]
        kept = self._left_out()
        note = f" · left out, so kept: {', '.join(kept)}" if kept else ""
        if not names:
            return f"✓ nothing changed yet{note} · Ctrl+R switches to replace"
        return f"✓ valid · Ctrl+S updates {', '.join(names)}{note} · Ctrl+R switches to replace"

    def _left_out(self) -> list[str]:
        """Properties of the original that the text no longer has (an update keeps them)."""
        if self.original is None or self.config is None:
            return []
        try:
            document = parse_json_object(self.text_area.text)
        except JsonSyntaxError:
            return []
        edited = document.get("properties") if is_full_form(document, self.config) else document
        if not isinstance(edited, dict):
            return []
        return [name for name in self.original.get("properties", {}) if name not in edited]

    def _status(self, status: Static, text: str, *, ok: bool) -> None:
        status.set_class(not ok, "problems")
        status.set_class(ok, "valid")
        status.update(Text(safe_multiline(text)))

    # -- actions ---------------------------------------------------------------------------------

    @guarded
    def action_save(self) -> None:
        if not self.ready or self.saving:
            return
        if not self.check():
            self.notify("Fix the problems shown first; nothing was sent.", markup=False)
            return
        self.save()

    @work(exclusive=True, group=workers.EDITOR, exit_on_error=False)
    async def save(self) -> None:
        document = self.document_to_send()
        self.saving = True
        try:
            if self.object_id is None:
                change = await insert_object(
                    self.session, self.collection, document, tenant=self.tenant
                )
            else:
                change = await update_object(
                    self.session,
                    self.collection,
                    self.object_id,
                    document,
                    tenant=self.tenant,
                    replace=self.replace_mode,
                )
        except ExplorerError as exc:
            show_error(self.app, exc)  # the editor stays open with the text as it was
            return
        finally:
            self.saving = False
        self.dismiss(change)

    @guarded
    def action_toggle_replace(self) -> None:
        if not self.editing:
            self.notify("Replace is for editing an existing object.", markup=False)
            return
        self.replace_mode = not self.replace_mode
        self.query_one("#editor-title", Static).update(Text(self._title()))
        self.check()

    @guarded
    def action_cancel(self) -> None:
        self.dismiss(None)
