"""Importing the package or its core must not load a UI library (or, for the package, weaviate)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
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


def test_the_app_module_imports_only_what_the_first_frame_shows() -> None:
    """The skeleton first frame (header, an empty collections list, status bar) waits for no
    pane, screen or client code: each pane's module is imported when the pane is first needed,
    and the list's table just after the first frame."""
    statement = "import explorer.cli.main, explorer.tui.app"
    loaded = loaded_top_level_modules(statement)
    assert not loaded & {"numpy", "plotext", "textual_plotext", "weaviate", "grpc", "httpx"}
    code = f"{statement}\nimport sys\nprint('\\n'.join(sorted(sys.modules)))"
    modules = set(
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    for later in (
        "explorer.tui.panes.collections_pane",
        "explorer.tui.panes.objects_pane",
        "explorer.tui.panes.query_pane",
        "explorer.tui.panes.schema_pane",
        "explorer.tui.panes.aggregate_pane",
        "explorer.tui.panes.cluster_pane",
        "explorer.tui.lab.lab_pane",
        "explorer.core.client.session",
        "explorer.core.base.models",
    ):
        assert later not in modules, f"{later} is imported before the first frame"
    assert not [m for m in modules if m.startswith("explorer.tui.screens.")]
    # The tabs and the footer mount just after the first frame, and are imported then.
    assert "textual.widgets._tabbed_content" not in modules
    assert "textual.widgets._footer" not in modules
    assert "explorer.tui.status_bar" in modules  # in the first frame


def test_the_objects_pane_imports_its_editor_and_filter_builder_when_first_used() -> None:
    """The objects pane loads once the list shows, in every idle app; the object editor and
    the filter builder are imported when first opened (about 3 MB less memory at idle)."""
    code = "import explorer.tui.panes.objects_pane\nimport sys\nprint('\\n'.join(sys.modules))"
    modules = set(
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert "explorer.tui.panes.object_editing" in modules
    assert "explorer.tui.screens.object_editor" not in modules
    assert "explorer.tui.screens.filter_builder" not in modules


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
        "explorer.core.client.consistency",
        "explorer.core.query.aggregation",
        "explorer.core.admin.cluster",
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


def test_the_import_contracts_hold() -> None:
    """Layers, core without UI, and no cycles among siblings (pyproject's import-linter)."""
    lint_imports = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run(
        [str(lint_imports), "--no-cache"], capture_output=True, text=True, cwd=ROOT
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "4 kept, 0 broken" in done.stdout


def test_httpcore_is_imported_without_trio_and_trio_still_imports_after() -> None:
    """httpcore imports trio whenever it is installed (the development extras install it);
    the explorer runs on asyncio only, so its first HTTP client leaves trio out."""
    # The check means something only where trio is installed: the dev extras install it.
    assert importlib.util.find_spec("trio") is not None
    statement = (
        "from explorer.core.base.asyncio_http import import_httpcore_without_trio\n"
        "import_httpcore_without_trio()\n"
        "import httpx\n"
        "httpx.AsyncClient()"
    )
    loaded = loaded_top_level_modules(statement)
    assert "httpcore" in loaded
    assert "trio" not in loaded
    after = loaded_top_level_modules(f"{statement}\nimport trio")
    assert "trio" in after
