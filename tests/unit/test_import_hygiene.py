"""Importing the package or its core must not load a UI library (or, for the package, weaviate)."""

from __future__ import annotations

import subprocess
import sys

import pytest

UI_LIBRARIES = ("textual", "prompt_toolkit", "rich")


def loaded_top_level_modules(statement: str) -> set[str]:
    code = f"{statement}\nimport sys\nprint('\\n'.join(sorted({{m.split('.')[0] for m in sys.modules}})))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    return set(out.split())


def test_import_explorer_is_cheap() -> None:
    loaded = loaded_top_level_modules("import explorer")
    assert not loaded & {"textual", "prompt_toolkit", "weaviate", "grpc", "httpx"}


@pytest.mark.parametrize(
    "module",
    [
        "explorer.core.client.session",
        "explorer.core.transfer.demo",
        "explorer.core.client.convert",
        "explorer.core.where.filters",
        "explorer.core.where.parser",
        "explorer.core.query.requests",
        "explorer.core.base.errors",
        "explorer.local.server",
        "explorer.local.binary",
        "explorer.local.startup",
    ],
)
def test_core_loads_no_ui_library(module: str) -> None:
    loaded = loaded_top_level_modules(f"import {module}")
    assert not loaded & set(UI_LIBRARIES), f"{module} pulled in {loaded & set(UI_LIBRARIES)}"


def test_core_still_loads_no_ui_after_connecting_code_runs() -> None:
    # Importing weaviate-client itself must not drag a UI library in through the core.
    loaded = loaded_top_level_modules(
        "import explorer.core.client.session as s; import weaviate; import weaviate.classes.query"
    )
    assert not loaded & {"textual", "prompt_toolkit"}
