"""What every runnable lab view shares: a form on the left, results on the right, one worker
group, the session bound from above, Esc, Run, Open and Code."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.reactive import var
from textual.widgets import Button, Input
from textual.worker import Worker

from explorer.core.base.errors import ExplorerError
from explorer.core.base.models import CollectionConfig
from explorer.core.client.session import ExplorerSession
from explorer.core.query.requests import SearchRequest
from explorer.tui.bindings import LAB_BINDINGS
from explorer.tui.code_actions import open_searches_code_screen
from explorer.tui.errors import guarded, report_worker_state, show_error
from explorer.tui.messages import CancelRequested, ObjectOpenRequested
from explorer.tui.workers import cancel_workers_of, reads_in_flight

NO_COLLECTION = "Pick a collection (1), fill in the form, press Enter."


class FormLabView(Horizontal):
    """A lab view: subclasses compose ``.lab-form`` and ``.lab-results`` and implement
    :meth:`start`, :meth:`reset`, :meth:`highlighted_uuid` and :meth:`results_widget`."""

    DEFAULT_CSS = """
    FormLabView { height: 1fr; }
    FormLabView .lab-form { width: 32; padding: 0 1; border-right: solid $primary; }
    FormLabView .lab-form Label { color: $text-muted; }
    FormLabView .lab-form Input, FormLabView .lab-form Select { width: 100%; }
    FormLabView .lab-results { width: 1fr; }
    FormLabView .lab-summary { height: auto; padding: 0 1; }
    FormLabView .hidden { display: none; }
    """
    BINDINGS: ClassVar[list[BindingType]] = list(LAB_BINDINGS)
    #: The app's session (bound by the Lab pane).
    session: var[ExplorerSession | None] = var(None)
    #: What the code of a run is called ("compare", "rag").
    WHAT = "lab"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.config: CollectionConfig | None = None
        #: The labelled searches of the last run, for copy as code.
        self.last_searches: tuple[tuple[str, SearchRequest], ...] = ()

    def on_mount(self) -> None:
        # The form scrolls, but keys go to its fields: Tab never stops on the container.
        for form in self.query(".lab-form"):
            form.can_focus = False

    # -- attributes down -----------------------------------------------------------------------

    def watch_session(self, old: ExplorerSession | None, new: ExplorerSession | None) -> None:
        if old is None or old is new:
            return
        cancel_workers_of(self)
        self.config, self.last_searches = None, ()
        self.reset(NO_COLLECTION)

    def show_collection(self, config: CollectionConfig) -> None:
        same = self.config is not None and self.config.name == config.name
        self.config = config
        self.collection_shown(config, same)
        if not same:
            self.last_searches = ()
            self.reset(f"Lab on {config.name}: fill in the form, press Enter.")

    def collection_shown(self, config: CollectionConfig, same: bool) -> None:
        """Subclasses fill their form's choices (targets, properties)."""

    def reset(self, summary: str) -> None:
        raise NotImplementedError

    def start(self) -> None:
        """Build the run from the form (raising ExplorerError) and start its worker."""
        raise NotImplementedError

    def highlighted_uuid(self) -> str | None:
        raise NotImplementedError

    def results_widget(self) -> str:
        """The selector Esc moves the focus to."""
        raise NotImplementedError

    # -- running -------------------------------------------------------------------------------

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_worker_state(self.app, event.worker, event.state)

    @on(Input.Submitted)
    @on(Button.Pressed, ".lab-run")
    @guarded
    def submitted(self, event: Message) -> None:
        event.stop()
        self.action_run()

    @guarded
    def action_run(self) -> None:
        if self.config is None or self.session is None:
            self.notify("Pick a collection first (1).", markup=False)
            return
        try:
            self.start()
        except ExplorerError as exc:
            show_error(self.app, exc)

    @guarded
    def action_escape(self) -> None:
        if reads_in_flight(self.app.workers):
            self.post_message(CancelRequested())
        else:
            self.query_one(self.results_widget()).focus()

    @guarded
    def action_open_result(self) -> None:
        uuid = self.highlighted_uuid()
        if uuid is not None and self.config is not None:
            self.post_message(ObjectOpenRequested(self.config.name, uuid))

    @guarded
    def action_copy_as_code(self) -> None:
        if not self.last_searches or self.session is None:
            self.notify("Run it first: there is no code yet.", markup=False)
            return
        open_searches_code_screen(
            self.app, self.WHAT, list(self.last_searches), self.session, self.config
        )
