"""``weaviate-explorer web`` in a real browser: Debian's chromium under selenium.

The page draws the terminal on a canvas, so the test reads what the app sent the page: a
script installed before the page loads keeps every text frame of the app's websocket. The
screenshot is kept in ``test-artifacts/web.png`` for a person to look at.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver

from explorer.core.client.connection import ConnectionOptions
from explorer.core.client.session import ExplorerSession
from explorer.core.transfer.demo import load_demo_into
from explorer.local.server import LocalServer
from tests.listening import free_port, listening_process

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
#: Keeps the text the app sends (text and binary frames, in order), before the page's own
#: script opens its websocket.
RECORD_FRAMES = """
window.__frames = [];
const NativeWebSocket = window.WebSocket;
window.WebSocket = function (...args) {
  const socket = new NativeWebSocket(...args);
  const decoder = new TextDecoder("utf-8", { fatal: false });
  socket.addEventListener("message", (event) => {
    const slot = window.__frames.length;
    window.__frames.push("");
    if (typeof event.data === "string") {
      window.__frames[slot] = event.data;
    } else if (event.data instanceof ArrayBuffer) {
      window.__frames[slot] = decoder.decode(event.data);
    } else if (event.data instanceof Blob) {
      event.data.arrayBuffer().then((buffer) => {
        window.__frames[slot] = decoder.decode(buffer);
      });
    }
  });
  return socket;
};
window.WebSocket.prototype = NativeWebSocket.prototype;
Object.assign(window.WebSocket, NativeWebSocket);
"""
ESCAPES = re.compile(
    r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-B]"
)


def _chromium() -> tuple[str, str]:
    browser = shutil.which("chromium")
    driver = shutil.which("chromedriver")
    if browser is None or driver is None:
        pytest.fail(
            "The browser test needs Debian's chromium and chromium-driver "
            "(apt-get install chromium chromium-driver; .ci/run installs them)",
            pytrace=False,
        )
    return browser, driver


@pytest.fixture(scope="module")
async def demo_server(
    server_binary: Path, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[LocalServer]:
    """A server of its own holding only the demo, so JeopardyQuestion is the first row."""
    server = LocalServer(server_binary, tmp_path_factory.mktemp("web-weaviate"))
    await server.start()
    try:
        options = ConnectionOptions(url=server.url, grpc_port=server.grpc_port)
        async with ExplorerSession(options) as session:
            await load_demo_into(session)
        yield server
    finally:
        await server.stop()


@contextmanager
def web_process(
    server: LocalServer, tmp_path: Path, *flags: str, env: dict[str, str] | None = None
) -> Iterator[str]:
    """``weaviate-explorer web`` on a free loopback port: its address, once it listens."""
    port = free_port()
    log = tmp_path / "web.log"
    env = {**os.environ, "WEAVIATE_EXPLORER_CONFIG_DIR": str(tmp_path / "config"), **(env or {})}
    command = [sys.executable, "-m", "explorer", "web", "--url", server.url]
    command += ["--grpc-port", str(server.grpc_port), "--port", str(port), *flags]
    with listening_process(command, port, env, log):
        yield f"http://127.0.0.1:{port}/"


@pytest.fixture
def web_url(demo_server: LocalServer, tmp_path: Path) -> Iterator[str]:
    with web_process(demo_server, tmp_path, "--read-only") as url:
        yield url


@pytest.fixture
def browser() -> Iterator[WebDriver]:
    binary, driver_path = _chromium()
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for argument in ("--headless=new", "--no-sandbox", "--window-size=1400,900"):
        options.add_argument(argument)
    options.add_argument("--disable-dev-shm-usage")
    driver = webdriver.Chrome(options=options, service=Service(driver_path))
    try:
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_FRAMES})
        yield driver
    finally:
        driver.quit()


def screen_text(driver: WebDriver) -> str:
    """Everything the app has sent the page so far, with the terminal escapes taken out."""
    frames = driver.execute_script("return (window.__frames || []).join('')")
    return ESCAPES.sub("", str(frames))


def wait_for(driver: WebDriver, what: str, condition: Callable[[str], bool], within: float = 90):
    deadline = time.monotonic() + within
    while True:
        text = screen_text(driver)
        if condition(text):
            return text
        if time.monotonic() > deadline:
            ARTIFACTS.mkdir(exist_ok=True)
            driver.save_screenshot(str(ARTIFACTS / "web-failed.png"))
            raise AssertionError(f"{what} not within {within} s; the page got: {text[-2000:]!r}")
        time.sleep(0.25)


def press(driver: WebDriver, *keys: str) -> None:
    """Type into the terminal the way a person does: the focused xterm text area."""
    area = driver.find_element(By.CSS_SELECTOR, ".xterm-helper-textarea")
    for key in keys:
        area.send_keys(key)
        time.sleep(0.15)  # a person's pace: one key, then the next


def test_the_app_in_a_browser_runs_a_bm25_query(browser: WebDriver, web_url: str) -> None:
    browser.get(web_url)
    wait_for(browser, "the collections list", lambda text: "JeopardyQuestion" in text)
    wait_for(browser, "the object count", lambda text: "1,000" in text)
    seen = len(screen_text(browser))
    press(browser, Keys.ENTER)  # open the highlighted collection: JeopardyQuestion
    wait_for(browser, "the objects page", lambda text: "page 1" in text[seen:])
    press(browser, "3")  # the query tab, focus on its first field (Kind)
    press(browser, Keys.ENTER, Keys.DOWN, Keys.ENTER)  # Kind: BM25 (keyword)
    press(browser, Keys.TAB)  # Query text
    seen = len(screen_text(browser))
    press(browser, *"dog breed", Keys.ENTER)
    # The results' title, and the best match: "Hey, Lassie, the name of this dog breed…" (its
    # answer: Collie). The title may be drawn after the rows: wait for both.
    wait_for(
        browser,
        "BM25 results",
        lambda text: (
            "results · bm25 on JeopardyQuestion" in text[seen:] and "Lassie" in text[seen:]
        ),
    )
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "web.png"))
    assert (ARTIFACTS / "web.png").stat().st_size > 10_000


def test_the_page_needs_the_token_off_loopback_and_the_banner_warns(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "explorer", "web", "--host", "0.0.0.0", "--port", "1"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "--public" in done.stderr


def test_a_token_guards_the_page_and_its_websocket(
    demo_server: LocalServer, tmp_path: Path
) -> None:
    secret = "web-token-for-the-test"
    with web_process(
        demo_server,
        tmp_path,
        "--token-env",
        "EXPLORER_WEB_TOKEN",
        env={"EXPLORER_WEB_TOKEN": secret},
    ) as url:
        anonymous = httpx.get(url, timeout=30)
        wrong = httpx.get(url, params={"token": "nope"}, timeout=30)
        websocket = httpx.get(f"{url}ws", timeout=30)
        with httpx.Client(timeout=30) as client:
            allowed = client.get(url, params={"token": secret})
            again = client.get(url)  # the cookie carries the token from now on
    assert anonymous.status_code == 401 and "?token=" in anonymous.text
    assert wrong.status_code == 401
    assert websocket.status_code == 401
    assert allowed.status_code == 200 and "textual" in allowed.text.lower()
    assert again.status_code == 200
    assert secret not in (tmp_path / "web.log").read_text()
