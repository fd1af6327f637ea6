"""Typed build settings: from the command line, and from ``content/site.toml``."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import ContentError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
EXPORT_SUFFIXES = (".txt", ".tsv")
SETTINGS_FILE = "site.toml"


@dataclass(frozen=True)
class Settings:
    """What the publisher sets in ``content/site.toml``."""

    base_url: str = ""  # where the site is published, e.g. "https://owner.github.io/repo/"
    prefer: tuple[str, ...] = ()  # exports that win over others ending the same month

    @classmethod
    def load(cls, content: Path) -> Settings:
        path = content / SETTINGS_FILE
        if not path.is_file():
            return cls()
        try:
            data = tomllib.loads(path.read_text("utf-8"))
        except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise ContentError(f"{path}: not valid TOML: {exc}") from exc
        unknown = sorted(set(data) - {"base_url", "prefer"})
        if unknown:
            raise ContentError(f"{path}: unknown setting {unknown[0]!r}: expected base_url, prefer")
        base_url = data.get("base_url", "")
        prefer = data.get("prefer", [])
        if not isinstance(base_url, str):
            raise ContentError(f'{path}: base_url must be a string, e.g. "https://x.no/tiltak/"')
        if not isinstance(prefer, list) or not all(isinstance(p, str) for p in prefer):
            raise ContentError(f"{path}: prefer must be a list of export file names")
        return cls(base_url, tuple(prefer))


def normal_base_url(url: str) -> str:
    """A base URL ends with exactly one slash, so page paths can be appended to it."""
    url = url.strip()
    if url and not url.startswith(("https://", "http://")):
        raise ContentError(f"base URL {url!r}: expected it to start with https://")
    return url.rstrip("/") + "/" if url else ""


@dataclass(frozen=True)
class BuildConfig:
    content: Path = Path("content")
    out: Path = Path("site")
    templates: Path = PROJECT_ROOT / "templates"
    strict: bool = False
    processes: int | None = None  # chart rendering processes; None = one per core
    base_url: str | None = None  # overrides content/site.toml
    clean: bool = False  # build from scratch: caches not read (but refreshed), every file written
    cache: Path | None = field(default=Path(".cache"))

    def exports(self) -> list[Path]:
        """The export files in ``content/``, in name order."""
        return sorted(
            p for p in self.content.iterdir() if p.is_file() and p.suffix.lower() in EXPORT_SUFFIXES
        )
