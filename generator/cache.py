"""A small content-addressed cache on disk, shared by the stages that are costly to repeat.

Entries are JSON files named by a hash of everything their content depends on, so an entry is
never stale: a changed input has another key. Writes are atomic (write, then rename). Each entry
also records its key and a hash of its content: one edited on disk, or another entry's file
copied over it, does not verify and is made again, never used. The cache only saves time, so a
path in it that cannot be read or written is bypassed, never fatal; :meth:`DiskCache.troubles`
says once what was bypassed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path
from typing import Any, ClassVar

FORMAT = "v2"
"""In each entry's file name: entries of an earlier format are never read, so an entry that
does not verify is always a damaged one (v1 held the bare content, unchecked)."""


def digest(*parts: str | bytes) -> str:
    """A SHA-256 over the parts, each length-prefixed so no two part lists collide."""
    hasher = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "big"))
        hasher.update(data)
    return hasher.hexdigest()


def file_digest(path: str | os.PathLike[str]) -> str:
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def _body(value: Any) -> str:
    """The one text a value is stored and checked as (it survives a JSON round trip)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _sealed(key: str, value: Any) -> str:
    """The entry as stored: its key, the hash of key and content, and the content."""
    body = _body(value)
    return f'{{"key": {json.dumps(key)}, "sha256": "{digest(key, body)}", "value": {body}}}'


def _unsealed(key: str, data: bytes) -> tuple[bool, Any]:
    """(True, the content) if ``data`` is the entry stored under ``key``; else (False, None)."""
    try:
        entry = json.loads(data)
        value = entry["value"]
        if entry["key"] == key and entry["sha256"] == digest(key, _body(value)):
            return True, value
    except (ValueError, TypeError, KeyError, RecursionError):
        pass
    return False, None


def _reason(exc: OSError, temporary: Path | None = None, path: Path | None = None) -> str:
    """The error and the path it is about: the entry's, not the temporary file's on its way."""
    what = exc.strerror or type(exc).__name__
    about = exc.filename2 or exc.filename
    if about is not None and os.fspath(about) == os.fspath(temporary or ""):
        about = path
    return f"{what}: {os.fsdecode(about)}" if about else what


class DiskCache:
    """``read=False`` ignores what is stored but still stores: a clean build refreshes it."""

    nouns: ClassVar[tuple[str, str]] = ("entry", "entries")
    """What an entry is, in the notes of :meth:`troubles`: singular and plural."""

    def __init__(self, folder: str | os.PathLike[str], *, read: bool = True) -> None:
        self.folder = Path(folder)
        self.read = read
        self.damaged = 0
        self.unreadable: list[str] = []  # why each entry there was not read
        self.unstored: list[str] = []  # why each entry was not stored

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.{FORMAT}.json"

    def get(self, key: str) -> Any | None:
        """The content stored under ``key``; None when there is none or it does not verify."""
        if not self.read:
            return None
        try:
            data = self._path(key).read_bytes()
        except (FileNotFoundError, NotADirectoryError):
            return None  # not stored (a file where a folder belongs: put() says so)
        except OSError as exc:
            self.unreadable.append(_reason(exc))
            return None
        verified, value = _unsealed(key, data)
        if not verified:
            self.damaged += 1
        return value

    def put(self, key: str, value: Any) -> None:
        """Store, or if the disk refuses, leave the entry out (and remember why)."""
        path = self._path(key)
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary.write_text(_sealed(key, value), "utf-8")
            os.replace(temporary, path)
        except OSError as exc:
            self.unstored.append(_reason(exc, temporary, path))
            with contextlib.suppress(OSError):
                temporary.unlink(missing_ok=True)

    def troubles(self) -> list[str]:
        """What the cache bypassed, a line a kind; none when all went well. Not warnings: the
        output is the same either way, only slower to make."""
        lines = []
        if self.damaged:
            lines.append(
                f"{self._counted(self.damaged, 'cached ')} in {self.folder} did not verify "
                f"(changed since stored, or another's copied over); {_again(self.damaged)}"
            )
        if self.unreadable:
            count = len(self.unreadable)
            lines.append(
                f"{self._counted(count, 'cached ')} in {self.folder} could not be read "
                f"({self.unreadable[0]}); {_again(count)}"
            )
        if self.unstored:
            count = len(self.unstored)
            lines.append(
                f"{self._counted(count)} could not be stored in {self.folder} "
                f"({self.unstored[0]}); the cache is bypassed for {'it' if count == 1 else 'them'}"
            )
        return lines

    def _counted(self, count: int, adjective: str = "") -> str:
        return f"{count} {adjective}{self.nouns[count != 1]}"


def _again(count: int) -> str:
    return "it was made again" if count == 1 else "they were made again"
