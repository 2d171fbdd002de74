"""Find, build or download the Weaviate server binary, in that order.

Routes, tried in turn:
1. ``$WEAVIATE_SERVER_BINARY``;
2. a cached build of :data:`PINNED_WEAVIATE_VERSION` in the user cache dir;
3. ``go install github.com/weaviate/weaviate/cmd/weaviate-server@<pinned>`` with the machine's
   Go toolchain, under a file lock so two processes never build at once;
4. the official release binary, through weaviate-client's embedded-mode downloader.

This module blocks (it runs compilers and downloads): call it before the event loop starts or
through ``asyncio.to_thread``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from explorer.core.base.errors import ServerProvisionError
from explorer.core.base.paths import server_binaries_dir

#: The one place the Weaviate server version is pinned.
PINNED_WEAVIATE_VERSION = "1.38.11"
#: The Go release that the pinned server's go.mod declares.
MINIMUM_GO_VERSION = (1, 26)
SERVER_GO_PACKAGE = "github.com/weaviate/weaviate/cmd/weaviate-server"
BINARY_ENV_VAR = "WEAVIATE_SERVER_BINARY"

Progress = Callable[[str], None]


def _stderr_progress(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def cached_binary_path(version: str = PINNED_WEAVIATE_VERSION) -> Path:
    return server_binaries_dir() / f"v{version}" / "weaviate-server"


def _is_executable(path: Path) -> bool:
    return path.is_file() and os.access(path, os.X_OK)


def find_server_binary(
    progress: Progress | None = None, *, version: str = PINNED_WEAVIATE_VERSION
) -> Path:
    """Return a runnable Weaviate server binary, building or downloading it if needed."""
    report = progress or _stderr_progress
    from_env = os.environ.get(BINARY_ENV_VAR)
    if from_env:
        path = Path(from_env).expanduser()
        if _is_executable(path):
            return path
        raise ServerProvisionError(
            "Weaviate server binary not usable",
            f"${BINARY_ENV_VAR} points at {path}, which is not an executable file. "
            f"Fix the path or unset {BINARY_ENV_VAR}.",
        )

    cached = cached_binary_path(version)
    if _is_executable(cached):
        return cached

    failures: list[str] = []
    try:
        return build_with_go(version, report)
    except ServerProvisionError as exc:
        failures.append(f"building with Go: {exc.message}")
    try:
        return download_release_binary(version, report)
    except ServerProvisionError as exc:
        failures.append(f"downloading the release binary: {exc.message}")

    raise ServerProvisionError(
        "No Weaviate server available",
        "Install Go "
        + ".".join(map(str, MINIMUM_GO_VERSION))
        + " or newer and put `go` on PATH (weaviate-explorer then builds the server once and "
        f"caches it in {cached.parent}), or set {BINARY_ENV_VAR} to a weaviate-server binary. "
        "Tried: " + "; ".join(failures),
    )


def go_version(go: str) -> tuple[int, int] | None:
    try:
        out = subprocess.run(
            [go, "env", "GOVERSION"], capture_output=True, text=True, timeout=30, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r"go(\d+)\.(\d+)", out)
    return (int(match.group(1)), int(match.group(2))) if match else None


def build_with_go(version: str = PINNED_WEAVIATE_VERSION, progress: Progress | None = None) -> Path:
    """Build the server with ``go install`` into the cache, showing progress as it compiles."""
    from filelock import FileLock

    report = progress or _stderr_progress
    go = shutil.which("go")
    if go is None:
        raise ServerProvisionError("Go not found", "`go` is not on PATH")
    found = go_version(go)
    if found is None or found < MINIMUM_GO_VERSION:
        have = ".".join(map(str, found)) if found else "an unknown version"
        need = ".".join(map(str, MINIMUM_GO_VERSION))
        raise ServerProvisionError("Go too old", f"found Go {have}; the server needs Go {need}+")

    target = cached_binary_path(version)
    target.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(target.parent / ".build.lock")):
        if _is_executable(target):  # another process built it while we waited for the lock
            return target
        report(
            f"Building the Weaviate server v{version} with {go} "
            "(once; later runs use the cache). This takes a few minutes…"
        )
        with tempfile.TemporaryDirectory(dir=target.parent, prefix=".build-") as gobin:
            env = {**os.environ, "GOBIN": gobin, "GOFLAGS": "-buildvcs=false"}
            command = [go, "install", "-v", f"{SERVER_GO_PACKAGE}@v{version}"]
            try:
                _run_with_progress(command, env, report)
            except ServerProvisionError:
                offline = _module_cache_proxy(go, version)
                if offline is None:
                    raise
                # Air-gapped, but Go's module cache has the sources: build from it alone.
                report("  … no module proxy reachable; building from Go's module cache")
                _run_with_progress(command, {**env, "GOPROXY": offline}, report)
            built = Path(gobin) / "weaviate-server"
            if not _is_executable(built):
                raise ServerProvisionError(
                    "Server build failed", f"`go install` produced no binary at {built}"
                )
            os.replace(built, target)  # atomic: a half-written binary is never visible
        report(f"Weaviate server v{version} built: {target}")
        return target


def _module_cache_proxy(go: str, version: str) -> str | None:
    """A ``file://`` GOPROXY over Go's module cache, if the pinned server's sources are in it."""
    try:
        modcache = subprocess.run(
            [go, "env", "GOMODCACHE"], capture_output=True, text=True, timeout=30, check=True
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    download = Path(modcache) / "cache" / "download"
    module_zip = download / "github.com" / "weaviate" / "weaviate" / "@v" / f"v{version}.zip"
    return download.as_uri() if module_zip.is_file() else None


def _run_with_progress(command: list[str], env: dict[str, str], report: Progress) -> None:
    started = time.monotonic()
    downloaded = compiled = 0
    tail: list[str] = []
    last_report = 0.0
    with subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    ) as process:
        assert process.stdout is not None
        for raw_line in process.stdout:
            line = raw_line.rstrip()
            tail = [*tail[-19:], line]
            if line.startswith("go: downloading"):
                downloaded += 1
            elif line and not line.startswith(("go:", "#")):
                compiled += 1
            now = time.monotonic()
            if now - last_report >= 5:
                last_report = now
                report(
                    f"  … {now - started:4.0f}s: {downloaded} modules downloaded, "
                    f"{compiled} packages compiled"
                )
        returncode = process.wait()
    if returncode != 0:
        raise ServerProvisionError(
            "Server build failed",
            f"`{' '.join(command)}` exited with {returncode}:\n" + "\n".join(tail),
        )
    report(f"  … done in {time.monotonic() - started:.0f}s ({compiled} packages compiled)")


def download_release_binary(
    version: str = PINNED_WEAVIATE_VERSION, progress: Progress | None = None
) -> Path:
    """Fetch the official release binary through weaviate-client's embedded-mode downloader."""
    report = progress or _stderr_progress
    target = cached_binary_path(version)
    target.parent.mkdir(parents=True, exist_ok=True)
    report(f"Downloading the Weaviate server v{version} release binary…")
    try:
        from weaviate.embedded import EmbeddedOptions, EmbeddedV4

        with tempfile.TemporaryDirectory() as scratch:
            options = EmbeddedOptions(
                binary_path=str(target.parent / "download"),
                persistence_data_path=scratch,
                version=version,
            )
            embedded = EmbeddedV4(options)
            embedded.ensure_weaviate_binary_exists()
            downloaded = Path(embedded._weaviate_binary_path)
    except Exception as exc:  # any network or archive failure means this route is closed
        raise ServerProvisionError("Download failed", f"{type(exc).__name__}: {exc}") from exc
    os.replace(downloaded, target)
    return target
