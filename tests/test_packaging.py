"""A plain install (not editable) builds a site in a folder that holds only content/."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from generator.config import CACHE_ENV

ROOT = Path(__file__).resolve().parent.parent
EXPORTS = Path(__file__).parent / "exports"


def test_a_plain_install_builds_from_a_folder_holding_only_content(tmp_path: Path) -> None:
    """Templates, static files, reference data and the font setup all come with the package.
    The virtual environment sees the machine's packages (the dependencies), so only this
    project is installed into it, from a copy of the source without its checkout around it."""
    source = tmp_path / "source"
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(
            ".git", ".cache", "site", "node_modules", "*.egg-info", "build", "__pycache__"
        ),
    )
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", venv], check=True)
    python = venv / "bin" / "python"
    install = subprocess.run(
        [python, "-m", "pip", "install", "--quiet", "--no-deps", source],
        capture_output=True,
        text=True,
        check=False,
    )
    assert install.returncode == 0, install.stderr[-2000:]
    shutil.rmtree(source)  # the installed package must not lean on the source tree

    work = tmp_path / "publisher"
    (work / "content").mkdir(parents=True)
    shutil.copy(EXPORTS / "small.txt", work / "content" / "small.txt")
    where = subprocess.run(
        [python, "-c", "import generator; print(generator.__file__)"],
        cwd=work,
        capture_output=True,
        text=True,
        check=True,
    )
    assert str(venv) in where.stdout, f"imported {where.stdout.strip()}, not the installed one"
    publisher_env = {k: v for k, v in os.environ.items() if k != CACHE_ENV}  # the default cache
    built = subprocess.run(
        [python, "-m", "generator", "build"],
        cwd=work,
        env=publisher_env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    assert (work / "site" / "index.html").is_file()
    assert (work / "site" / "fylke" / "oslo.html").is_file()
    assert (work / ".cache").is_dir(), "the cache goes beside the content folder"
    assert sorted(p.name for p in work.iterdir()) == [".cache", "content", "site"]
