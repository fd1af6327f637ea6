"""Typed build settings, set by the CLI (or by tests) and read by every stage."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
EXPORT_SUFFIXES = (".txt", ".tsv")


@dataclass(frozen=True)
class BuildConfig:
    content: Path = Path("content")
    out: Path = Path("site")
    templates: Path = PROJECT_ROOT / "templates"
    strict: bool = False
    processes: int | None = None  # chart rendering processes; None = one per core

    def exports(self) -> list[Path]:
        """The export files in ``content/``, in name order."""
        return sorted(
            p for p in self.content.iterdir() if p.is_file() and p.suffix.lower() in EXPORT_SUFFIXES
        )
