"""Profile the loaded app's UI thread (pyinstrument) in a real terminal, as keystroke_echo runs it.

``.ci/in-private-network .venv/bin/python -m tests.benchmarks.profile_loaded_app [OUT.txt]``
"""

from __future__ import annotations

import asyncio
import shlex
import sys
import tempfile
import time
from pathlib import Path

from tests.benchmarks.keystroke_echo import _terminal
from tests.benchmarks.loaded_app import PROFILE_ENV, PROFILE_SECONDS
from tests.benchmarks.server import bench_server


def _written(path: Path) -> bool:
    return path.exists() and path.stat().st_size > 0


async def main(out: str) -> None:
    target = Path.cwd() / out
    await asyncio.to_thread(target.unlink, missing_ok=True)
    async with bench_server(lambda message: print(message, file=sys.stderr)) as server:
        with tempfile.TemporaryDirectory() as config_dir:
            command = (
                f"env WEAVIATE_EXPLORER_CONFIG_DIR={shlex.quote(config_dir)} "
                f"{PROFILE_ENV}={shlex.quote(str(target))} {shlex.quote(sys.executable)} -m "
                f"tests.benchmarks.loaded_app {server.url} {server.grpc_port}"
            )
            with _terminal(command):
                deadline = time.monotonic() + PROFILE_SECONDS + 180
                while not await asyncio.to_thread(_written, target):
                    if time.monotonic() > deadline:
                        raise TimeoutError("the loaded app wrote no profile")
                    await asyncio.sleep(0.5)
                await asyncio.sleep(1.0)  # let it finish writing
    print(f"wrote {target}", file=sys.stderr)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1] if len(sys.argv) > 1 else "loaded-app-profile.txt"))
