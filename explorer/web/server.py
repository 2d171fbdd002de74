"""Serve the app to browsers: each tab runs ``weaviate-explorer`` with the flags given here.

An embedded or demo server is started once, here, and every tab connects to it by URL, so tabs
share one local Weaviate and closing a tab never stops it. Secrets reach the tabs' processes
through the environment, never on their command line. Off loopback a token is required: the
first request carries ``?token=…`` and gets a same-site cookie that the page's websocket sends.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import os
import re
import shlex
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from aiohttp import web
from textual_serve.server import Server

from explorer.local.startup import LaunchPlan, OpenedSession, open_session

TOKEN_COOKIE = "weaviate_explorer_token"
#: A token in a logged request line (``GET /?token=… HTTP/1.1``).
TOKEN_IN_URL = re.compile(r"(token=)[^&\s\"]+")
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass
class WebSettings:
    plan: LaunchPlan
    host: str = "127.0.0.1"
    port: int = 8765
    #: Flags every tab's app gets besides the connection (e.g. ``--page-size 100``).
    app_flags: tuple[str, ...] = ()
    token: str | None = None
    report: Callable[[str], None] = field(default=print)


def app_command(plan: LaunchPlan, app_flags: tuple[str, ...] = ()) -> tuple[str, dict[str, str]]:
    """The shell command a tab runs, and the environment that carries its secrets."""
    options = plan.connection
    words = [sys.executable, "-m", "explorer", "--url", options.url]
    if options.grpc_host:
        words += ["--grpc-host", options.grpc_host]
    if options.grpc_port:
        words += ["--grpc-port", str(options.grpc_port)]
    for name, value in sorted(options.headers):
        words += ["--header", f"{name}={value}"]
    if options.read_only:
        words.append("--read-only")
    words += list(app_flags)
    environment = {"WEAVIATE_API_KEY": options.api_key} if options.api_key else {}
    return shlex.join(words), environment


def _hide_tokens(record: logging.LogRecord) -> bool:
    """The access log keeps its lines, never the token in them."""
    message = record.getMessage()
    if "token=" in message:
        record.msg, record.args = TOKEN_IN_URL.sub(r"\1…", message), None
    return True


class ExplorerWebServer(Server):
    """textual-serve's server, with the shared local Weaviate and the token check."""

    def __init__(self, settings: WebSettings) -> None:
        self.settings = settings
        self.opened: OpenedSession | None = None
        #: The handlers of the open tabs' websockets, ended at shutdown.
        self._tabs: set[asyncio.Task[object]] = set()
        command, _ = app_command(settings.plan, settings.app_flags)
        super().__init__(command, host=settings.host, port=settings.port, title="weaviate-explorer")

    def initialize_logging(self) -> None:
        super().initialize_logging()
        logging.getLogger("aiohttp.access").addFilter(_hide_tokens)

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        if self.settings.token is not None:
            app.middlewares.append(self._require_token)
        app.middlewares.append(self._track_tabs)
        return app

    @web.middleware
    async def _track_tabs(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """Keep each open tab's websocket handler, so that shutdown can end it."""
        if request.headers.get("Upgrade", "").lower() != "websocket":
            return await handler(request)
        task = asyncio.current_task()
        assert task is not None
        self._tabs.add(task)
        try:
            return await handler(request)
        finally:
            self._tabs.discard(task)

    @web.middleware
    async def _require_token(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        token = self.settings.token or ""
        given = request.query.get("token")
        if given is not None and hmac.compare_digest(given.encode(), token.encode()):
            response = await handler(request)
            response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="Strict")
            return response
        cookie = request.cookies.get(TOKEN_COOKIE, "")
        if hmac.compare_digest(cookie.encode(), token.encode()):
            return await handler(request)
        raise web.HTTPUnauthorized(text="Open the address with ?token=<the token> once.\n")

    async def on_startup(self, app: web.Application) -> None:
        plan = self.settings.plan
        if plan.embedded or plan.demo:
            # One local server for every tab: start it (and load the demo) here, once.
            self.opened = await open_session(plan, self.settings.report)
            session = self.opened.session
            tab_plan = LaunchPlan(session.options)
            self.command, environment = app_command(tab_plan, self.settings.app_flags)
        else:
            _, environment = app_command(plan, self.settings.app_flags)
        os.environ.update(environment)
        self.settings.report(f"weaviate-explorer web: serving on http://{self.host}:{self.port}")

    async def on_shutdown(self, app: web.Application) -> None:
        # Open tabs would hold the exit for aiohttp's shutdown timeout (60 s): end them now
        # (textual-serve closes the websocket and stops the tab's app when cancelled).
        for task in list(self._tabs):
            task.cancel()
        if self.opened is not None:
            await self.opened.close()
