"""In a real terminal (tmux): escape sequences stored in an object never reach the terminal.

tmux turns an application's OSC 52 into a paste buffer when ``set-clipboard`` is ``on`` (its
default, ``external``, ignores it), so the test switches it on and first proves, in the same
tmux server, that a raw OSC 52 does create a buffer. Then the app shows an object whose value
holds OSC 52, CSI 2J (clear screen) and an OSC 8 hyperlink: the pane shows them escaped, the
screen was not cleared, and no buffer was created.
"""

from __future__ import annotations

import shlex
import subprocess
import sys
import time
from pathlib import Path

from explorer.core.client.connection import ConnectionOptions
from explorer.core.client.session import ExplorerSession
from tests.terminal.tmux import Tmux, tmux_session

INSTALLED_APP = Path(sys.executable).parent / "weaviate-explorer"
HOSTILE_VALUE = "\x1b]52;c;aGk=\x07 \x1b[2J \x1b]8;;http://evil\x1b\\x\x1b]8;;\x1b\\ end"
SHOWN_VALUE = "\\x1b]52;c;aGk=\\x07 \\x1b[2J \\x1b]8;;http://evil\\x1b\\x\\x1b]8;;\\x1b\\ end"


def buffers(tmux: Tmux) -> str:
    return subprocess.run(
        ["tmux", "-L", tmux.socket_name, "list-buffers"], capture_output=True, text=True
    ).stdout


def wait_for_buffer(tmux: Tmux, timeout: float = 20.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        listed = buffers(tmux)
        if listed:
            return listed
        time.sleep(0.1)
    raise AssertionError("the control OSC 52 never made a tmux buffer")


async def test_escapes_in_a_value_never_reach_the_terminal(
    session: ExplorerSession,
    server_options: ConnectionOptions,
    collection_name: str,
    cleanup_collections: list[str],
    tmp_path: Path,
) -> None:
    from weaviate.classes.config import DataType, Property

    cleanup_collections.append(collection_name)
    await session.client.collections.create(
        collection_name, properties=[Property(name="body", data_type=DataType.TEXT)]
    )
    await session.client.collections.use(collection_name).data.insert({"body": HOSTILE_VALUE})
    command = (
        f"WEAVIATE_EXPLORER_CONFIG_DIR={shlex.quote(str(tmp_path))} "
        f"{shlex.quote(str(INSTALLED_APP))} --url {server_options.url} "
        f"--grpc-port {server_options.grpc_port}"
    )
    with tmux_session(command) as tmux:
        tmux.run("set-option", "-s", "set-clipboard", "on")
        # The control: in this tmux server a raw OSC 52 does become a buffer.
        tmux.run("new-window", "-d", "printf '\\033]52;c;Y29udHJvbA==\\007'; sleep 2")
        assert '"control"' in wait_for_buffer(tmux)
        tmux.run("delete-buffer")
        assert buffers(tmux) == ""

        tmux.wait_for("● connected")
        tmux.wait_for(collection_name[:16])
        tmux.send("C-p")
        tmux.wait_for("Search for commands")
        tmux.send(collection_name, literal=True)
        tmux.wait_for(f"Open collection {collection_name}")
        tmux.send("Enter")
        tmux.wait_for("· page 1")
        # The cell, escaped: at least its start (the column may still be as narrow as its
        # header); the value screen below shows the whole value.
        tmux.wait_for("\\x1b")
        # The palette may hand the focus back to the collections list as it closes: 2 takes it.
        tmux.send("2")
        tmux.wait_for("v View value")  # the objects table's keys in the footer
        tmux.send("l")
        tmux.send("v")
        screen = tmux.wait_for(SHOWN_VALUE)
        # Not cleared by CSI 2J: the app's header and the collections list are still there.
        assert "weaviate-explorer" in screen and "Collections" in screen
        tmux.send("Escape")
        tmux.wait_for("· page 1")
        tmux.send("q")
        assert buffers(tmux) == "", "OSC 52 from the object reached the terminal"
