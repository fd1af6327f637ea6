"""The output folder's safety: which folder a build may replace, one build at a time, and a
swap that leaves the whole old or the whole new site at every instant.

A build replaces its output folder whole, so pointing it at the wrong folder would delete the
user's files. It therefore only replaces a folder it made itself (marked with ``MARKER``), an
empty one, or a site of an earlier version of this generator; and never one that is or holds
the content, the project or the working directory.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from generator.errors import BuildError

MARKER = ".tiltaksstatistikk"
MARKER_TEXT = (
    "This folder is made by the tiltaksstatistikk site generator, which replaces it whole on\n"
    "every build. Keep nothing of your own here.\n"
)
_EARLIER_SITE = ("index.html", "404.html", "robots.txt", ".nojekyll")
"""Files every site this generator has ever made holds: a folder with all of them is a site of
an earlier version, made before the marker existed."""

_RENAME_EXCHANGE = 2  # from linux/fs.h
_AT_FDCWD = -100


def _inside(inner: Path, outer: Path) -> bool:
    return inner == outer or inner.is_relative_to(outer)


def check_target(out: Path, protected: dict[str, Path], shown: Path) -> None:
    """Refuse, touching nothing, an output folder whose replacement would lose what is not the
    generator's: one that is or holds a ``protected`` folder, a file, or a folder of someone
    else's. ``shown`` is the path as the user gave it."""
    target = out.resolve()
    for what, folder in protected.items():
        folder = folder.resolve()
        if _inside(folder, target):
            raise BuildError(
                f"--out {shown}: it holds the {what} ({folder}), which a build would delete: "
                "expected a folder of its own, e.g. site"
            )
        if what == "content folder" and _inside(target, folder):
            raise BuildError(
                f"--out {shown}: it is inside the content folder ({folder}): "
                "expected a folder outside it, e.g. site"
            )
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise BuildError(f"--out {shown}: is a file, not a folder: expected a folder, e.g. site")
    if target.is_dir() and not is_ours(target):
        raise BuildError(
            f"--out {shown}: this folder was not made by this generator and is not empty, and a "
            f"build replaces its output folder whole: expected an empty or new folder"
        )


def is_ours(folder: Path) -> bool:
    """A folder this generator may replace: its marker, an earlier site, or nothing at all."""
    if (folder / MARKER).is_file():
        return True
    if all((folder / name).exists() for name in _EARLIER_SITE):
        return True
    return not any(folder.iterdir())


def staging_prefix(out: Path) -> str:
    return f".{out.name}-new-"


def _old(out: Path) -> Path:
    return out.with_name(f".{out.name}-old")


def remove_leftovers(out: Path) -> None:
    """Staging folders of builds that were killed, and a half-finished fallback swap: a site
    moved aside but not replaced is put back first, so it is never lost."""
    old = _old(out)
    if old.is_dir() and not out.exists():
        old.rename(out)
    for path in out.parent.glob(f"{staging_prefix(out)}*"):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
    if old.is_dir() and not old.is_symlink():
        shutil.rmtree(old, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2 with RENAME_EXCHANGE); False where the
    system or file system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    error = ctypes.get_errno()
    if error in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: not supported here
        return False
    raise OSError(error, os.strerror(error), str(b))


def swap_in(staging: Path, out: Path) -> None:
    """Make ``staging`` the output folder so that ``out`` is, at every instant, the whole old
    or the whole new site. With no old site, one rename. Where the system cannot exchange two
    folders in one step, the fallback is two renames with the old site kept aside as
    ``.<name>-old`` until the new one is in: a kill between them leaves it there, and the
    next build puts it back before anything else (see :func:`remove_leftovers`)."""
    if not out.exists():
        staging.rename(out)
        return
    if _exchange(staging, out):
        shutil.rmtree(staging, ignore_errors=True)  # now the old site
        return
    old = _old(out)
    out.rename(old)
    staging.rename(out)
    shutil.rmtree(old, ignore_errors=True)


@contextlib.contextmanager
def exclusive(out: Path, waiting: Callable[[str], None]) -> Iterator[None]:
    """One build at a time per output folder: a second one waits for the first, saying so.

    The lock is flock on the folder that holds the output folder (so no lock file is left
    about, and the lock ends with the process, however it ends); builds into two folders side
    by side therefore also take turns. Where flock is missing, builds are not serialised."""
    try:
        import fcntl
    except ImportError:  # not on this system
        yield
        return
    fd = os.open(out.parent, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            waiting(f"another build into {out.parent} is running; waiting for it to finish")
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock
