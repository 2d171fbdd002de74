"""A Weaviate server that obeys file modes, so a read-only data dir stops its writes.

The tests run as root, and root writes through any mode (CAP_DAC_OVERRIDE). The launcher drops
that capability (and CAP_DAC_READ_SEARCH, CAP_FOWNER) from the server's bounding set with
util-linux's ``setpriv`` before it execs the real binary, so the server's PID is the server's.
"""

from __future__ import annotations

import os
import shlex
import stat
from pathlib import Path

DROPPED_CAPABILITIES = "-dac_override,-dac_read_search,-fowner"


def obeying_file_modes(binary: Path, directory: Path) -> Path:
    """An executable that runs ``binary`` without the capabilities that ignore file modes."""
    launcher = directory / "weaviate-obeying-file-modes"
    launcher.write_text(
        "#!/bin/sh\n"
        f"exec setpriv --bounding-set={DROPPED_CAPABILITIES} -- "
        f'{shlex.quote(str(binary))} "$@"\n'
    )
    launcher.chmod(0o755)
    return launcher


def set_writable(path: Path, writable: bool) -> None:
    """Add or take away the write bits of ``path`` and everything under it."""
    write = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH
    for root, dirs, files in os.walk(path):
        for name in [*dirs, *files]:
            _chmod(Path(root) / name, write, writable)
    _chmod(path, write, writable)


def _chmod(path: Path, bits: int, add: bool) -> None:
    if path.is_symlink():
        return
    mode = path.stat().st_mode
    path.chmod((mode | (bits & stat.S_IWUSR)) if add else (mode & ~bits))
