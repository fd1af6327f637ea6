"""The one writer that owns the output folder.

Everything is gathered in memory first; the writer puts it into a fresh folder beside the
target and swaps it in only when all of it is written, so a failed build leaves the previous
site exactly as it was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from generator.errors import BuildError


def _safe_relative(path: str) -> PurePosixPath:
    """Output paths come from data (slugs): refuse anything that would leave the site folder."""
    relative = PurePosixPath(path)
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        raise BuildError(f"refusing to write outside the site folder: {path!r}")
    return relative


def write_site(files: Mapping[str, bytes], out: Path) -> None:
    """Write ``files`` (site-relative path → content) as the new ``out`` folder, atomically."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-new-", dir=out.parent))
    try:
        for name, content in sorted(files.items()):
            target = staging.joinpath(*_safe_relative(name).parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        for directory, _dirs, names in os.walk(staging):
            os.chmod(directory, 0o755)
            for name in names:
                os.chmod(os.path.join(directory, name), 0o644)
        previous = out.with_name(f".{out.name}-old")
        if previous.exists():
            shutil.rmtree(previous)
        if out.exists():
            out.rename(previous)
        staging.rename(out)
        shutil.rmtree(previous, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
