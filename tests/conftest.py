"""Fixtures: one real Weaviate server per test run, a connected session, unique collections.

If no server can be provisioned the run fails and says why; it never skips.
"""

from __future__ import annotations

import gc
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from explorer.core.base.quiet import quiet_client_warnings

quiet_client_warnings()

# One hypothesis profile for the suite: no per-example deadline (the machine is shared), new
# examples every run (not derandomized). HYPOTHESIS_PROFILE=thorough runs ten times as many.
settings.register_profile("explorer", max_examples=100, deadline=None)
settings.register_profile("thorough", max_examples=1000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "explorer"))

from explorer.core.base.errors import ExplorerError  # noqa: E402
from explorer.core.base.gc_pauses import DEFERRED_THRESHOLD  # noqa: E402
from explorer.core.client.connection import ConnectionOptions  # noqa: E402
from explorer.core.client.session import ExplorerSession  # noqa: E402
from explorer.local.binary import find_server_binary  # noqa: E402
from explorer.local.ports import PORT_RANGE_ENV  # noqa: E402
from explorer.local.server import LocalServer  # noqa: E402
from tests.integration.books import Book, create_books  # noqa: E402
from tests.integration.inventory import create_inventory  # noqa: E402
from tests.many_tenants import ManyTenants, many_tenants_collection  # noqa: E402
from tests.scheduling import DurationRecorder, make_scheduler  # noqa: E402

# Every server of the run, in any xdist worker or in a subprocess a test starts, takes its ports
# from this range through one shared cursor (explorer/local/ports.py), so no two get the same port.
# It sits below the kernel's ephemeral ports, which client connections use.
os.environ.setdefault(PORT_RANGE_ENV, "20000-32767")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--store-durations",
        action="store_true",
        help="write each test module's seconds to tests/durations.json (xdist's scheduler reads it)",
    )


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("store_durations") and not hasattr(config, "workerinput"):
        config.pluginmanager.register(DurationRecorder(), "duration-recorder")


def pytest_sessionstart(session: pytest.Session) -> None:
    """Full garbage collections between test modules, not in the middle of tests. With the
    default thresholds a worker ran 27 full collections in 16 TUI tests (10.8 s of 62 s, a
    heap made of finished apps); deferred to module ends, 2 (3.2 s of 52 s). The apps defer
    them too while they run (explorer/core/base/gc_pauses.py)."""
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, DEFERRED_THRESHOLD)


def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> None:
    if nextitem is None or getattr(nextitem, "module", None) is not getattr(item, "module", None):
        gc.collect()


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """``--dist loadgroup``: modules and groups as units, the longest first (tests/scheduling.py)."""
    if config.getvalue("dist") == "loadgroup":
        return make_scheduler(config, log)
    return None


@pytest.fixture(scope="session")
def server_binary() -> Path:
    try:
        return find_server_binary()
    except ExplorerError as exc:
        pytest.fail(f"Cannot provision a Weaviate server for the tests: {exc}", pytrace=False)


@pytest.fixture(scope="session")
async def weaviate_server(
    server_binary: Path, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[LocalServer]:
    server = LocalServer(server_binary, tmp_path_factory.mktemp("weaviate-data"))
    try:
        await server.start()
    except ExplorerError as exc:
        pytest.fail(f"The Weaviate test server did not start: {exc}", pytrace=False)
    yield server
    await server.stop()


@pytest.fixture(scope="session")
def server_options(weaviate_server: LocalServer) -> ConnectionOptions:
    return ConnectionOptions(url=weaviate_server.url, grpc_port=weaviate_server.grpc_port)


@pytest.fixture(scope="session")
async def session(server_options: ConnectionOptions) -> AsyncIterator[ExplorerSession]:
    async with ExplorerSession(server_options) as connected:
        yield connected


@pytest.fixture
def collection_name(request: pytest.FixtureRequest) -> str:
    """A collection name no other test uses."""
    base = "".join(ch for ch in request.node.name.title() if ch.isalnum())[:40]
    return f"T{base}{uuid.uuid4().hex[:8]}"


@pytest.fixture
async def cleanup_collections(session: ExplorerSession) -> AsyncIterator[list[str]]:
    """Names appended here are deleted after the test."""
    names: list[str] = []
    yield names
    for name in names:
        await session.client.collections.delete(name)


@pytest.fixture
async def books(
    session: ExplorerSession, collection_name: str, cleanup_collections: list[str]
) -> tuple[str, list[Book]]:
    """A fresh, fully known collection (tests/integration/books.py), deleted afterwards."""
    cleanup_collections.append(collection_name)
    return collection_name, await create_books(session, collection_name)


@pytest.fixture(autouse=True)
def isolated_user_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test keeps its query history and saved queries (data and config dirs) in a temp dir."""
    monkeypatch.setenv("WEAVIATE_EXPLORER_DATA_DIR", str(tmp_path / "user-data"))
    monkeypatch.setenv("WEAVIATE_EXPLORER_CONFIG_DIR", str(tmp_path / "user-config"))


@pytest.fixture
async def own_server(server_binary: Path, tmp_path: Path) -> AsyncIterator[LocalServer]:
    """A server of this test's own, so killing or restarting it harms no other test."""
    server = LocalServer(server_binary, tmp_path / "own-server")
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
async def inventory(
    session: ExplorerSession, collection_name: str, cleanup_collections: list[str]
) -> tuple[str, list[dict[str, Any]]]:
    """A fresh collection of every aggregatable type (tests/integration/inventory.py)."""
    cleanup_collections.append(collection_name)
    return collection_name, await create_inventory(session, collection_name)


@pytest.fixture
def isolated_dirs(tmp_path: Path) -> Iterator[dict[str, str]]:
    """Point the explorer's data and cache dirs at a temp dir, keeping the built server."""
    env = {
        "WEAVIATE_EXPLORER_DATA_DIR": str(tmp_path / "data"),
        "WEAVIATE_SERVER_BINARY": str(find_server_binary()),
    }
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    yield env
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture(scope="module")
async def many_tenants(session: ExplorerSession) -> AsyncIterator[ManyTenants]:
    """1,000 tenants, most INACTIVE, a few known ones (tests/many_tenants.py); one per module."""
    async with many_tenants_collection(session, 1_000) as collection:
        yield collection
