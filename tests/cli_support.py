"""Running the command line in a subprocess, as a user would, for the tests that need a real
process (exit codes, signals, what it prints).

The subprocess imports the ``generator`` package of this checkout, whatever copy is installed:
PYTHONPATH puts the checkout first.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-m", "generator"]


def cli_env() -> dict[str, str]:
    """The environment for a subprocess that imports this checkout's ``generator``."""
    paths = [str(ROOT), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}


def run_cli(*args: str, cwd: Path, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """``python -m generator ARGS`` in ``cwd``; its exit code, output and error as text."""
    return subprocess.run(
        [*CLI, *args],
        cwd=cwd,
        env=cli_env(),
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
    )


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (but a chart cache) by its relative path: its sha256."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".cache" not in p.parts
    }
