"""Skip a build that would change nothing: the same inputs and an untouched output folder.

Kept free of heavy imports (no pandas, no Altair) so that checking costs a fraction of a
second. The record of the last build lives in the cache folder, never in the site.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.cache import DiskCache, digest

PACKAGE = Path(__file__).resolve().parent.parent


def _tree(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def input_digest(content: Path, templates: list[Path], options: dict[str, Any]) -> str:
    """Everything a build reads: content, templates, the generator's own code and data."""
    parts: list[str | bytes] = [json.dumps(options, sort_keys=True, default=str)]
    folders = [("content", content), *((f"templates{i}", t) for i, t in enumerate(templates))]
    for label, folder in [*folders, ("code", PACKAGE)]:
        for path in _tree(folder):
            parts += [f"{label}/{path.relative_to(folder).as_posix()}", path.read_bytes()]
    return digest(*parts)


def output_state(out: Path) -> dict[str, list[int]]:
    """Each output file's size and modification time: enough to notice any change by hand."""
    state = {}
    for path in _tree(out):
        info = path.stat()
        state[path.relative_to(out).as_posix()] = [info.st_size, info.st_mtime_ns]
    return state


@dataclass(frozen=True)
class Record:
    inputs: str
    outputs: dict[str, list[int]]
    summary: dict[str, Any]  # what the build reported, to report again


class _Records(DiskCache):
    nouns = ("build record", "build records")


class Manifest:
    """The record of the last build into one output folder. A record that cannot be read, or
    does not verify, only means a full build; one that cannot be stored, the same next time."""

    def __init__(self, cache: Path, out: Path) -> None:
        self.store = _Records(cache / "builds")
        self.key = digest(os.fspath(out.resolve()))

    def troubles(self) -> list[str]:
        return self.store.troubles()

    def unchanged(self, inputs: str, out: Path) -> Record | None:
        data = self.store.get(self.key)
        if not isinstance(data, dict) or data.get("inputs") != inputs:
            return None
        if data.get("outputs") != output_state(out):
            return None
        return Record(data["inputs"], data["outputs"], data.get("summary", {}))

    def save(self, inputs: str, out: Path, summary: dict[str, Any]) -> None:
        record = {"inputs": inputs, "outputs": output_state(out), "summary": summary}
        self.store.put(self.key, record)
