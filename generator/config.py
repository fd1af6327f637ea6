"""Typed build settings: from the command line, and from ``content/site.toml``."""

from __future__ import annotations

import datetime
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from generator.errors import ContentError

PACKAGE = Path(__file__).resolve().parent
EXPORT_SUFFIXES = (".txt", ".tsv")
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
"""NAV's workbooks as published (and what a spreadsheet program saves them as), read as cells."""
INPUT_SUFFIXES = EXPORT_SUFFIXES + WORKBOOK_SUFFIXES
LOCK_FILE_PREFIX = "~$"
"""Excel's lock file beside a workbook open in it ("~$202412_TILT110 ....xlsx"): not an input."""
SETTINGS_FILE = "site.toml"
TEMPLATES = "templates"
BESIDE_CONTENT: Literal["beside-content"] = "beside-content"
"""The default cache folder: the one :data:`CACHE_ENV` names, else ``.cache`` beside the content
folder, wherever the command runs."""
CACHE_ENV = "TILTAKSSTATISTIKK_CACHE"
"""An environment variable naming the cache folder of builds not given one: a single cache for
several content folders (entries are keyed by everything they are made from, so they never
mix), such as a CI runner's restored cache or every build of a test session."""


def packaged_templates() -> Path:
    """The default templates: inside the package when installed from a wheel, else the
    project's top-level ``templates/`` of a checkout (where an editable install finds them)."""
    installed = PACKAGE / TEMPLATES
    return installed if installed.is_dir() else PACKAGE.parent / TEMPLATES


@dataclass(frozen=True)
class Settings:
    """What the publisher sets in ``content/site.toml``."""

    base_url: str = ""  # where the site is published, e.g. "https://owner.github.io/repo/"
    prefer: tuple[str, ...] = ()  # exports that win over others ending the same month
    next_update: str = ""  # the expected date of the next release, "YYYY-MM-DD"; "" unknown

    @classmethod
    def load(cls, content: Path) -> Settings:
        path = content / SETTINGS_FILE
        if not path.is_file():
            return cls()
        try:
            data = tomllib.loads(path.read_text("utf-8"))
        except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise ContentError(f"{path}: not valid TOML: {exc}") from exc
        unknown = sorted(set(data) - {"base_url", "prefer", "next_update"})
        if unknown:
            raise ContentError(
                f"{path}: unknown setting {unknown[0]!r}: expected base_url, prefer, next_update"
            )
        base_url = data.get("base_url", "")
        prefer = data.get("prefer", [])
        if not isinstance(base_url, str):
            raise ContentError(f'{path}: base_url must be a string, e.g. "https://x.no/tiltak/"')
        if not isinstance(prefer, list) or not all(isinstance(p, str) for p in prefer):
            raise ContentError(f"{path}: prefer must be a list of export file names")
        return cls(base_url, tuple(prefer), _next_update(path, data.get("next_update", "")))


def _next_update(path: Path, value: object) -> str:
    """The next release's date as "YYYY-MM-DD", from a TOML date or a string."""
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value).isoformat() if value else ""
        except ValueError:
            pass
    raise ContentError(f'{path}: next_update must be a date, e.g. "2026-12-15"')


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
    templates: Path | None = None  # None: the publisher's templates/ beside content, then ours
    strict: bool = False
    processes: int | None = None  # chart rendering processes; None = one per core
    base_url: str | None = None  # overrides content/site.toml
    clean: bool = False  # build from scratch: caches not read (but refreshed), every file written
    cache: Path | Literal["beside-content"] | None = BESIDE_CONTENT  # None: no cache

    def cache_folder(self) -> Path | None:
        """Where charts and the last build's manifest are kept; None builds without a cache."""
        if self.cache == BESIDE_CONTENT:
            shared = os.environ.get(CACHE_ENV)
            return Path(shared) if shared else self.content.parent / ".cache"
        return self.cache

    def template_folders(self) -> list[Path]:
        """Where templates are looked up, first match wins: the folder given, or else the
        publisher's own ``templates/`` beside the content folder (a file there replaces ours of
        the same name; the rest still come from ours), then the packaged defaults."""
        if self.templates is not None:
            return [self.templates]
        folders = []
        own = self.content.parent / TEMPLATES
        if own.is_dir():
            folders.append(own)
        default = packaged_templates()
        if not any(f.resolve() == default.resolve() for f in folders):
            folders.append(default)
        return folders

    def exports(self) -> list[Path]:
        """The input files in ``content/`` (text exports and workbooks), in name order; the lock
        files Excel leaves beside a workbook it has open are not inputs."""
        return sorted(
            p
            for p in self.content.iterdir()
            if p.is_file()
            and p.suffix.lower() in INPUT_SUFFIXES
            and not p.name.startswith(LOCK_FILE_PREFIX)
        )
