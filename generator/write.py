"""The one writer that owns the output folder.

Everything is gathered in memory first; the writer puts it into a fresh folder beside the
target and swaps it in only when all of it is written, so a failed build leaves the previous
site exactly as it was. A file whose content has not changed is not written again: it is
hard-linked from the previous site, keeping its timestamp, so a deploy sees only what changed.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from generator.errors import BuildError


@dataclass(frozen=True)
class WriteResult:
    written: int  # new or changed files
    unchanged: int  # kept from the previous site
    removed: int  # in the previous site, not in this one


def _safe_relative(path: str) -> PurePosixPath:
    """Output paths come from data (slugs): refuse anything that would leave the site folder."""
    relative = PurePosixPath(path)
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        raise BuildError(f"refusing to write outside the site folder: {path!r}")
    return relative


def _same(previous: Path, content: bytes) -> bool:
    try:
        return previous.stat().st_size == len(content) and previous.read_bytes() == content
    except OSError:
        return False


def _previous_files(out: Path) -> set[str]:
    if not out.is_dir():
        return set()
    return {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}


def write_site(files: Mapping[str, bytes], out: Path, *, reuse: bool = True) -> WriteResult:
    """Write ``files`` (site-relative path → content) as the new ``out`` folder, atomically.

    With ``reuse``, unchanged files are linked from the previous site instead of written.
    """
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    before = _previous_files(out)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-new-", dir=out.parent))
    written = unchanged = 0
    try:
        os.chmod(staging, 0o755)
        for name, content in sorted(files.items()):
            relative = _safe_relative(name)
            target = staging.joinpath(*relative.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            previous = out.joinpath(*relative.parts)
            if reuse and name in before and _same(previous, content):
                try:
                    os.link(previous, target)
                    unchanged += 1
                    continue
                except OSError:
                    pass  # a file system without hard links: write it
            target.write_bytes(content)
            os.chmod(target, 0o644)
            written += 1
        old = out.with_name(f".{out.name}-old")
        if old.exists():
            shutil.rmtree(old)
        if out.exists():
            out.rename(old)
        staging.rename(out)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return WriteResult(written, unchanged, len(before - set(files)))
