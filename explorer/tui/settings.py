"""What the TUI remembers between runs (the theme), in the user config dir."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from explorer.core.base.paths import config_dir

#: Objects per page in the objects pane (``--page-size``).
DEFAULT_PAGE_SIZE = 50


def settings_path() -> Path:
    return config_dir() / "tui.json"


def load_settings() -> dict[str, Any]:
    try:
        data = json.loads(settings_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save_setting(key: str, value: Any) -> None:
    """Blocking file write: call it from a thread."""
    path = settings_path()
    data = load_settings()
    data[key] = value
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".part")
    temporary.write_text(json.dumps(data, indent=2), encoding="utf-8")
    temporary.replace(path)
