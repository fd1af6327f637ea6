"""Shared fixtures: the bundled export, the small test exports, the built site and a browser."""

from __future__ import annotations

import functools
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from browser_support import PageOpener, launch_chromium, serve
from bs4 import BeautifulSoup
from chart_scripts import read_specs, spec_script

ROOT = Path(__file__).resolve().parent.parent
EXPORTS = Path(__file__).resolve().parent / "exports"
BUNDLED = ROOT / "content" / "tiltaksdeltakere-tiltaksgruppe-fylke-2017.txt"
SECOND_YEAR = EXPORTS / "years" / "tiltak-2018-hittil.txt"


def years_content(folder: Path) -> Path:
    """The bundled content with January–June 2018 beside it (tests/exports/years): a whole
    year, a part year and the Trøndelag reform between them."""
    shutil.copytree(ROOT / "content", folder)
    shutil.copy(SECOND_YEAR, folder / SECOND_YEAR.name)
    return folder


@pytest.fixture
def exports_dir() -> Path:
    return EXPORTS


@pytest.fixture
def bundled_export() -> Path:
    return BUNDLED


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled export built once, with --strict, into a temporary folder."""
    from generator.build import build
    from generator.config import BuildConfig

    out = tmp_path_factory.mktemp("build") / "site"
    build(BuildConfig(content=ROOT / "content", out=out, strict=True))
    return out


@dataclass(frozen=True)
class SitePage:
    """One HTML page of the built site, read and parsed once for the whole session.

    ``doc`` is shared by every test that reads the page, so tests only read it: a test that
    needs to change a page parses its own copy.
    """

    name: str  # relative to the site root: "fylke/oslo.html"
    path: Path
    doc: BeautifulSoup

    @functools.cached_property
    def spec_script(self) -> Path | None:
        """The script with the page's chart specs, or None for a page without charts."""
        return spec_script(self.path, self.doc)

    @functools.cached_property
    def specs(self) -> dict[str, dict[str, Any]]:
        """Figure id → {"wide": Vega spec, "narrow": …}, as chart_scripts.page_specs reads them."""
        return read_specs(self.spec_script) if self.spec_script else {}


def parse_site(site: Path) -> dict[str, SitePage]:
    """Every HTML page under ``site``, by its path relative to the site root, in name order."""
    found = {}
    for path in sorted(site.rglob("*.html")):
        doc = BeautifulSoup(path.read_text("utf-8"), "html.parser")
        name = path.relative_to(site).as_posix()
        found[name] = SitePage(name, path, doc)
    return found


@pytest.fixture(scope="session")
def site_pages(built_site: Path) -> dict[str, SitePage]:
    """Every page of the built site, parsed once: parsing all of them takes seconds, and
    several test modules go through every page."""
    return parse_site(built_site)


@pytest.fixture(scope="session")
def years_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled export and the year to date after it, built once, with --strict."""
    from generator.build import build
    from generator.config import BuildConfig

    work = tmp_path_factory.mktemp("years")
    build(BuildConfig(content=years_content(work / "content"), out=work / "site", strict=True))
    return work / "site"


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The built site served over HTTP on 127.0.0.1 at a free port; yields its base URL."""
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium shared by every browser test of the session."""
    with launch_chromium() as chromium:
        yield chromium


@pytest.fixture
def open_page(browser: Any, site_url: str) -> Iterator[PageOpener]:
    """Opens pages of the site, each in a fresh context; closes them after the test."""
    opener = PageOpener(browser, site_url)
    yield opener
    opener.close_all()
