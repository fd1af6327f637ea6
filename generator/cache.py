"""A small content-addressed cache on disk, shared by the stages that are costly to repeat.

Entries are JSON files named by a hash of everything their content depends on, so an entry is
never stale: a changed input has another key. Writes are atomic (write, then rename).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any


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


class DiskCache:
    """``read=False`` ignores what is stored but still stores: a clean build refreshes it."""

    def __init__(self, folder: str | os.PathLike[str], *, read: bool = True) -> None:
        self.folder = Path(folder)
        self.read = read

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str) -> Any | None:
        if not self.read:
            return None
        try:
            return json.loads(self._path(key).read_text("utf-8"))
        except (OSError, ValueError):
            return None

    def put(self, key: str, value: Any) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        temporary.write_text(json.dumps(value, ensure_ascii=False), "utf-8")
        os.replace(temporary, path)
