"""User keymaps: ``[keymap]`` in settings.toml (binding id = "keys"), applied with set_keymap.

Every binding in :mod:`explorer.tui.bindings` has an id. A user file like::

    [keymap]
    "app.refresh" = "f5"
    "objects.next_page" = "right,n"

moves those actions to other keys. An unknown id, a clash with another key of the same scope or
with a key that works everywhere (``app.*``), or a file that is not valid TOML is reported once,
at start, with the file and the line.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from textual.binding import Binding

from explorer.core.base.paths import config_dir
from explorer.tui.bindings import ALL_SCOPES, EVERYWHERE

KEYMAP_TABLE = "keymap"


def user_settings_path() -> Path:
    """The settings the user writes (the TUI's own remembered ones are in tui.json)."""
    return config_dir() / "settings.toml"


@dataclass(frozen=True)
class UserKeymap:
    """Binding id -> keys (comma-separated, as Textual writes them), and what was wrong."""

    keys: dict[str, str] = field(default_factory=dict)
    problems: tuple[str, ...] = ()

    def key_of(self, binding: Binding) -> str:
        """The keys shown for ``binding``: the user's, or the table's."""
        if binding.id is not None and binding.id in self.keys:
            return self.keys[binding.id]
        return binding.key_display or binding.key

    def warning(self, path: Path) -> str | None:
        """One message for every problem, naming the file, or None when there is none."""
        if not self.problems:
            return None
        return f"{path}: " + "; ".join(self.problems) + ". Those entries are ignored."


def load_user_keymap(path: Path | None = None) -> tuple[UserKeymap, Path]:
    path = path or user_settings_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return UserKeymap(), path
    except OSError as exc:
        return UserKeymap(problems=(f"cannot be read ({exc.strerror})",)), path
    return parse_keymap(text), path


def parse_keymap(text: str) -> UserKeymap:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return UserKeymap(problems=(f"not valid TOML ({exc})",))
    table = data.get(KEYMAP_TABLE, {})
    if not isinstance(table, dict):
        return UserKeymap(problems=(f"line {_line_of(text, KEYMAP_TABLE)}: [keymap] is a table",))
    known = {b.id: b for bindings in ALL_SCOPES.values() for b in bindings if b.id}
    keys: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, value in table.items():
        line = _line_of(text, binding_id)
        if binding_id not in known:
            problems.append(f"line {line}: no binding has the id {binding_id!r}")
        elif not isinstance(value, str) or not _keys(value):
            problems.append(f'line {line}: {binding_id!r} needs keys as text, e.g. "f5" or "f5,r"')
        else:
            keys[binding_id] = ",".join(_keys(value))
    everywhere = ALL_SCOPES[EVERYWHERE]

    def newly(binding_id: str, key: str) -> bool:
        """Whether the user gave ``key`` to the binding (a clash the tables have is theirs)."""
        return binding_id in keys and key not in _keys(known[binding_id].key)

    for scope, bindings in ALL_SCOPES.items():
        # A scope's keys clash among themselves and with the keys that work everywhere.
        together = bindings if scope == EVERYWHERE else [*everywhere, *bindings]
        owner: dict[str, str] = {}
        for binding in together:
            if binding.id is None:
                continue
            for key in _keys(keys.get(binding.id, binding.key)):
                other = owner.setdefault(key, binding.id)
                if other != binding.id and (newly(binding.id, key) or newly(other, key)):
                    moved = binding.id if newly(binding.id, key) else other
                    problem = (
                        f"line {_line_of(text, moved)}: {key!r} is both {other!r} and "
                        f"{binding.id!r} ({scope})"
                    )
                    if problem not in problems:
                        problems.append(problem)
                    keys.pop(moved, None)
    return UserKeymap(keys, tuple(problems))


def _keys(value: str) -> list[str]:
    return [k.strip() for k in value.split(",") if k.strip()]


def _line_of(text: str, name: str) -> int:
    """The line where ``name`` is given (1-based; 0 when it cannot be found)."""
    pattern = re.compile(rf"""^\s*(\[\s*)?["']?{re.escape(name)}["']?\s*(=|\])""")
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.match(line):
            return number
    return 0
