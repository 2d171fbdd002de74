"""Add or edit a connection profile. Secrets are never put back on screen.

Editing a profile leaves its API key, OIDC secrets and headers empty; an empty field keeps the
stored value (its placeholder shows it masked) and ``-`` clears it.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from explorer.core.base.errors import ExplorerError
from explorer.core.base.formatting import safe_text
from explorer.core.client.connection import OIDC_FLOWS, OidcCredentials, Timeouts, mask_secret
from explorer.core.store.profiles import PROFILE_KINDS, Profile
from explorer.tui.bindings import PROFILE_FORM_BINDINGS
from explorer.tui.screen_stack import ModalClosesOnlyItself
from explorer.tui.widgets.explorer_lists import ExplorerSelect
from explorer.tui.widgets.text_input import TextInput

CLEAR = "-"


class ProfileFormScreen(ModalClosesOnlyItself[Profile | None]):
    """Dismisses with the checked profile, or None when cancelled."""

    DEFAULT_CSS = """
    ProfileFormScreen { align: center middle; }
    ProfileFormScreen > VerticalScroll {
        width: 84; height: 90%; border: thick $primary; background: $surface; padding: 0 1;
    }
    ProfileFormScreen Label { margin-top: 1; }
    ProfileFormScreen Horizontal { height: auto; }
    ProfileFormScreen Horizontal > Input { width: 1fr; }
    ProfileFormScreen #profile-error { color: $error; }
    """
    BINDINGS: ClassVar[list[BindingType]] = list(PROFILE_FORM_BINDINGS)

    def __init__(self, existing: Profile | None = None) -> None:
        super().__init__()
        self.existing = existing

    def compose(self) -> ComposeResult:
        p = self.existing
        timeouts = p.timeouts if p else Timeouts()
        with VerticalScroll():
            yield Static(
                Text("Edit profile" if p else "New profile", style="bold"), id="profile-title"
            )
            yield Label("Name")
            yield TextInput(p.name if p else "", id="profile-name")
            yield Label("Kind")
            yield ExplorerSelect(
                [(kind, kind) for kind in PROFILE_KINDS],
                value=p.kind if p else "local",
                allow_blank=False,
                id="profile-kind",
            )
            yield Label("URL (cloud: https://…; custom: or host and port below)")
            yield TextInput(p.url or "" if p else "", id="profile-url")
            yield Label("HTTP host, port")
            with Horizontal():
                yield TextInput(p.http_host or "" if p else "", id="profile-http-host")
                yield TextInput(_text(p.http_port if p else None), id="profile-http-port")
            yield Checkbox("HTTPS", p.http_secure if p else False, id="profile-http-secure")
            yield Label("gRPC host, port")
            with Horizontal():
                yield TextInput(p.grpc_host or "" if p else "", id="profile-grpc-host")
                yield TextInput(_text(p.grpc_port if p else None), id="profile-grpc-port")
            yield Checkbox("gRPC over TLS", bool(p and p.grpc_secure), id="profile-grpc-secure")
            yield Label("API key")
            yield TextInput(
                password=True,
                placeholder=_kept(p.api_key if p else None),
                id="profile-api-key",
            )
            yield Label("OIDC (instead of an API key)")
            oidc = p.oidc if p else None
            yield ExplorerSelect(
                [("none", "none"), *((flow, flow) for flow in OIDC_FLOWS)],
                value=oidc.flow if oidc else "none",
                allow_blank=False,
                id="profile-oidc-flow",
            )
            with Horizontal():
                yield TextInput(
                    password=True,
                    placeholder="client secret"
                    + _kept_suffix(oidc.client_secret if oidc else None),
                    id="profile-oidc-secret",
                )
                yield TextInput(
                    oidc.username or "" if oidc else "",
                    placeholder="user name",
                    id="profile-oidc-username",
                )
                yield TextInput(
                    password=True,
                    placeholder="password" + _kept_suffix(oidc.password if oidc else None),
                    id="profile-oidc-password",
                )
            yield TextInput(
                " ".join(oidc.scopes) if oidc else "",
                placeholder="scopes, space-separated",
                id="profile-oidc-scopes",
            )
            yield Label("Extra headers: Name=value, Name=value (e.g. module API keys)")
            yield TextInput(placeholder=_kept_headers(p), id="profile-headers")
            yield Label("Timeouts in seconds: connect, query, insert")
            with Horizontal():
                yield TextInput(f"{timeouts.init:g}", id="profile-timeout-init")
                yield TextInput(f"{timeouts.query:g}", id="profile-timeout-query")
                yield TextInput(f"{timeouts.insert:g}", id="profile-timeout-insert")
            yield Checkbox("Read-only", p.read_only if p else False, id="profile-read-only")
            yield Checkbox("Protected", p.protected if p else False, id="profile-protected")
            yield Label("Data dir (embedded)")
            yield TextInput(p.data_dir or "" if p else "", id="profile-data-dir")
            yield Static("", id="profile-error")
            with Horizontal():
                yield Button("Cancel", id="profile-cancel")
                yield Button("Save", variant="primary", id="profile-save")

    # -- reading the form -------------------------------------------------------------------

    def _value(self, widget_id: str) -> str:
        return self.query_one(f"#{widget_id}", Input).value.strip()

    def _checked(self, widget_id: str) -> bool:
        return self.query_one(f"#{widget_id}", Checkbox).value

    def _select(self, widget_id: str) -> str:
        return str(self.query_one(f"#{widget_id}", Select).value)

    def _secret(self, widget_id: str, stored: str | None) -> str | None:
        typed = self._value(widget_id)
        if typed == CLEAR:
            return None
        return typed or stored

    def _port(self, widget_id: str, label: str) -> int | None:
        text = self._value(widget_id)
        if not text:
            return None
        try:
            return int(text)
        except ValueError:
            raise ExplorerError("Invalid port", f"{label}: {text!r} is not a number") from None

    def _seconds(self, widget_id: str, label: str) -> float:
        text = self._value(widget_id)
        try:
            return float(text)
        except ValueError:
            raise ExplorerError(
                "Invalid timeout", f"{label}: {text!r} is not a number of seconds"
            ) from None

    def _headers(self) -> tuple[tuple[str, str], ...]:
        text = self._value("profile-headers")
        if text == CLEAR:
            return ()
        if not text:
            return self.existing.headers if self.existing else ()
        headers: dict[str, str] = {}
        for item in text.split(","):
            name, sep, value = item.partition("=")
            if not sep or not name.strip():
                raise ExplorerError("Invalid header", f"{item.strip()!r}: write Name=value")
            headers[name.strip()] = value.strip()
        return tuple(sorted(headers.items()))

    def _oidc(self) -> OidcCredentials | None:
        flow = self._select("profile-oidc-flow")
        if flow == "none":
            return None
        stored = self.existing.oidc if self.existing else None
        return OidcCredentials(
            flow=flow,
            client_secret=self._secret(
                "profile-oidc-secret", stored.client_secret if stored else None
            ),
            username=self._value("profile-oidc-username") or None,
            password=self._secret("profile-oidc-password", stored.password if stored else None),
            scopes=tuple(self._value("profile-oidc-scopes").split()),
        )

    def build_profile(self) -> Profile:
        """The profile the form describes; an ExplorerError says what to fix."""
        stored = self.existing
        return Profile(
            name=self._value("profile-name"),
            kind=self._select("profile-kind"),
            url=self._value("profile-url") or None,
            http_host=self._value("profile-http-host") or None,
            http_port=self._port("profile-http-port", "HTTP port"),
            http_secure=self._checked("profile-http-secure"),
            grpc_host=self._value("profile-grpc-host") or None,
            grpc_port=self._port("profile-grpc-port", "gRPC port"),
            grpc_secure=True if self._checked("profile-grpc-secure") else None,
            api_key=self._secret("profile-api-key", stored.api_key if stored else None),
            oidc=self._oidc(),
            headers=self._headers(),
            timeouts=Timeouts(
                init=self._seconds("profile-timeout-init", "connect timeout"),
                query=self._seconds("profile-timeout-query", "query timeout"),
                insert=self._seconds("profile-timeout-insert", "insert timeout"),
            ),
            read_only=self._checked("profile-read-only"),
            protected=self._checked("profile-protected"),
            data_dir=self._value("profile-data-dir") or None,
        )

    # -- actions ------------------------------------------------------------------------------

    @on(Button.Pressed, "#profile-save")
    def action_save(self) -> None:
        try:
            profile = self.build_profile()
        except ExplorerError as error:
            self.query_one("#profile-error", Static).update(
                Text(f"{safe_text(error.title)}: {safe_text(error.message, 400)}")
            )
            return
        self.dismiss(profile)

    @on(Button.Pressed, "#profile-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


def _text(value: int | None) -> str:
    return "" if value is None else str(value)


def _kept(secret: str | None) -> str:
    return f"unchanged: {mask_secret(secret)} (type - to clear)" if secret else ""


def _kept_suffix(secret: str | None) -> str:
    return f" (unchanged: {mask_secret(secret)})" if secret else ""


def _kept_headers(profile: Profile | None) -> str:
    if profile is None or not profile.headers:
        return "X-OpenAI-Api-Key=…"
    shown = ", ".join(f"{name}={mask_secret(value)}" for name, value in profile.headers)
    return safe_text(f"unchanged: {shown} (type - to clear)", 200)
