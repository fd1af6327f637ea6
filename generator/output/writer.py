"""The one writer that owns the output folder.

The writer puts each file into a fresh folder beside the target as soon as it is made, and
swaps that folder in only when the whole site is there, so a failed build leaves the previous
site exactly as it was. A file whose content has not changed is not written again: it is
hard-linked from the previous site, keeping its timestamp, so a deploy sees only what changed.
Which folder may be replaced, and how the swap stays whole, is in ``folder.py``.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from generator.errors import BuildError
from generator.output.folder import MARKER, MARKER_TEXT, staging_prefix, swap_in


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


class SiteWriter:
    """Stages each file as the build makes it, then swaps the whole site in at once.

    Files go into a fresh hidden folder beside the output folder the moment they are made, so
    the build need not hold the whole site in memory; the output folder itself is not touched
    until :meth:`commit`, and a build that fails (or is interrupted) leaves it as it was.
    """

    def __init__(self, out: Path, *, reuse: bool = True) -> None:
        """Call with the output folder checked (``folder.check_target``), locked
        (``folder.exclusive``) and cleared of killed builds' leftovers."""
        self.shown = out
        self.out = out.resolve()
        self.reuse = reuse
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self.before = _previous_files(self.out)
        self.staging = Path(tempfile.mkdtemp(prefix=staging_prefix(self.out), dir=self.out.parent))
        os.chmod(self.staging, 0o755)
        self.names: set[str] = set()
        self.written = self.unchanged = 0
        self.add(MARKER, MARKER_TEXT.encode("utf-8"))

    def add(self, name: str, content: bytes) -> None:
        """Stage one file; two files for one path is an error, never a loss."""
        relative = _safe_relative(name)
        if name in self.names:
            raise BuildError(f"two outputs would both be written to {name!r}: expected one")
        self.names.add(name)
        target = self.staging.joinpath(*relative.parts)
        previous = self.out.joinpath(*relative.parts)
        if self.reuse and name in self.before and _same(previous, content):
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                os.link(previous, target)
                self.unchanged += 1
                return
            except OSError:
                pass  # a file system without hard links: write it
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
            os.chmod(target, 0o644)
        except OSError as exc:
            raise BuildError(
                f"{self.shown / relative}: could not write it: {exc.strerror or exc}"
            ) from exc
        self.written += 1

    def commit(self) -> WriteResult:
        """Swap the staged site in for the previous one."""
        try:
            swap_in(self.staging, self.out)
        except OSError as exc:
            raise BuildError(f"{self.shown}: could not put the new site in place: {exc}") from exc
        return WriteResult(self.written, self.unchanged, len(self.before - self.names))

    def discard(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)

    def __enter__(self) -> SiteWriter:
        return self

    def __exit__(self, exc_type: object, *_: object) -> None:
        if exc_type is not None:
            self.discard()
