"""Shared by the panes: open the copy-as-code modal, and save a query under a name."""

from __future__ import annotations

import asyncio
from typing import Any, cast

from textual.app import App

from explorer.core.base.errors import ExplorerError
from explorer.core.base.models import CollectionConfig
from explorer.core.client.session import ExplorerSession
from explorer.core.codegen.queries import VARIANTS, Variant, request_code, several_searches_code
from explorer.core.query.codec import Request, request_kind
from explorer.core.query.requests import SearchRequest
from explorer.core.store.saved_queries import SavedQueries
from explorer.tui import workers
from explorer.tui.errors import show_error
from explorer.tui.host import ExplorerHost
from explorer.tui.screen_stack import open_screen


def open_code_screen(
    app: App[Any], request: Request, session: ExplorerSession, config: CollectionConfig | None
) -> None:
    """Generate the async and sync code (local, no request) and show them in a modal."""
    from explorer.tui.screens.code_screen import CodeScreen

    try:
        codes: dict[Variant, str] = {
            variant: request_code(request, session.options, variant=variant, config=config)
            for variant in VARIANTS
        }
    except ExplorerError as exc:
        show_error(app, exc)
        return
    kind = request_kind(request)
    open_screen(app, CodeScreen(f"{kind} on {request.collection}", codes, f"{kind}_query"))


def open_searches_code_screen(
    app: App[Any],
    what: str,
    searches: list[tuple[str, SearchRequest]],
    session: ExplorerSession,
    config: CollectionConfig | None,
) -> None:
    """The code of a lab run (several labelled searches), async and sync, in a modal."""
    from explorer.tui.screens.code_screen import CodeScreen

    try:
        codes: dict[Variant, str] = {
            variant: several_searches_code(
                searches, session.options, variant=variant, config=config, what=what
            )
            for variant in VARIANTS
        }
    except ExplorerError as exc:
        show_error(app, exc)
        return
    open_screen(app, CodeScreen(f"{what} on {searches[0][1].collection}", codes, f"{what}_queries"))


def ask_and_save(app: App[Any], request: Request) -> None:
    """Ask for a name, then save ``request`` under it (in a thread)."""
    from explorer.tui.screens.save_query_screen import SaveQueryScreen

    async def save(name: str) -> None:
        try:
            await asyncio.to_thread(SavedQueries().save, name, request)
        except ExplorerError as exc:
            show_error(app, exc)
            return
        app.notify(f"Saved as {name}", markup=False)

    def chosen(name: str | None) -> None:
        if name is not None:
            app.run_worker(save(name), group=workers.SAVED_QUERIES, exit_on_error=False)

    open_screen(app, SaveQueryScreen(), callback=chosen)


def open_config_code_screen(app: App[Any], config: CollectionConfig) -> None:
    """The code that creates this collection from its exported config."""
    from explorer.core.codegen.queries import collection_config_code
    from explorer.tui.screens.code_screen import CodeScreen

    session = cast(ExplorerHost, app).session
    if session is None:
        app.notify("Not connected yet.", markup=False)
        return
    try:
        codes: dict[Variant, str] = {
            variant: collection_config_code(config.raw, session.options, variant=variant)
            for variant in VARIANTS
        }
    except ExplorerError as exc:
        show_error(app, exc)
        return
    open_screen(app, CodeScreen(f"create {config.name}", codes, f"create_{config.name.lower()}"))
