"""The README's commands work after ``make demo`` (issue 15 item 28)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_make_shell_puts_the_venv_on_path() -> None:
    done = subprocess.run(
        # -o: never (re)install the venv under test from here, whatever its stamp says.
        ["make", "-s", "-o", ".venv/.installed", "shell"],
        cwd=ROOT,
        input="command -v weaviate-explorer\n",
        capture_output=True,
        text=True,
        env={**os.environ, "SHELL": "/bin/sh", "PATH": "/usr/bin:/bin"},
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == str(ROOT / ".venv" / "bin" / "weaviate-explorer")


def test_the_readme_says_how_to_run_its_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_command = readme.index("\nweaviate-explorer ")
    assert "make shell" in readme[:first_command]
    assert ".venv/bin/weaviate-explorer" in readme[:first_command]
