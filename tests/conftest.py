"""Shared fixtures: the bundled export, the small test exports, the built site and a browser."""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import functools
import hashlib
import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from browser_support import PageOpener, PageWorkers, launch_chromium, serve
from bs4 import BeautifulSoup
from chart_scripts import read_specs, spec_script

if TYPE_CHECKING:
    from generator.build import BuildResult
    from generator.config import BuildConfig

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


WORKBOOKS = Path(__file__).resolve().parent / "workbooks"
TILT_YEARS = (WORKBOOKS / "tilt-2024", WORKBOOKS / "tilt-2025")


def tilt_content(folder: Path) -> Path:
    """The bundled content (the 2017 text export) with NAV's TILT workbooks of 2024 and 2025
    beside it, as downloaded: hidden cells, kommune sheets, TILT100 and a year-to-date
    TILT110 that the full year revises (tests/make_workbooks.py)."""
    shutil.copytree(ROOT / "content", folder)
    for year in TILT_YEARS:
        for path in year.iterdir():
            shutil.copy(path, folder / path.name)
    return folder


def undrawn_png(svg: str, scale: float) -> bytes:
    """In place of a PNG drawn from ``svg`` at ``scale``: not a picture, but bytes that differ
    with the SVG and the scale, so a chart handed another's picture still shows."""
    return b"undrawn " + hashlib.sha256(f"{scale!r} {svg}".encode()).hexdigest().encode()


@contextlib.contextmanager
def pictures_undrawn() -> Iterator[None]:
    """Builds in this process that write each figure's PNG to download, and each share card,
    undrawn (undrawn_png).

    Drawing the PNGs is half of making a chart. The pictures are tested on the bundled site:
    every PNG there is at least 1 200 px wide (test_figure_downloads), five are drawn again
    from their SVG and compared byte for byte (test_privacy), and the golden digests hold
    every file of the sites they cover; the share cards there too (test_downloads). Builds
    that test other things leave them undrawn, and keep their charts in no cache or a cache
    of their own (build_undrawn), so no build that draws its pictures is ever handed a chart
    without one.
    """
    from generator.output import share_image
    from generator.render import download

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(download, "svg_to_png", undrawn_png)
        patch.setattr(share_image, "_png", lambda svg: undrawn_png(svg, 1.0))
        yield


def undrawn_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The chart cache of the session's builds whose PNGs are undrawn (pictures_undrawn)."""
    return session_folder(tmp_path_factory) / "chart-cache-undrawn"


def build_undrawn(
    config: BuildConfig, notice: Callable[[str], None] = lambda note: None
) -> BuildResult:
    """``config`` built in this process, its pictures undrawn (pictures_undrawn): with one
    process, as the patch reaches no worker process. The cache must be named: the one shared
    by default (shared_chart_cache) holds drawn pictures only."""
    from generator.build import build
    from generator.config import BESIDE_CONTENT

    assert config.cache != BESIDE_CONTENT, "an undrawn build needs a cache of its own, or none"

    with pictures_undrawn():
        return build(dataclasses.replace(config, processes=1), notice=notice)


def site_undrawn(content: Callable[[Path], Path], cache: Path) -> Callable[[Path], None]:
    """Builds ``content(folder / "content")`` into ``folder / "site"`` with --strict, its
    pictures undrawn (build_undrawn)."""
    from generator.config import BuildConfig

    def make(folder: Path) -> None:
        content_folder = content(folder / "content")
        build_undrawn(BuildConfig(content_folder, out=folder / "site", strict=True, cache=cache))

    return make


@pytest.fixture(scope="session")
def tilt_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 2017 export and two TILT years built once into one site, with --strict, its
    pictures undrawn (pictures_undrawn)."""
    make = site_undrawn(tilt_content, undrawn_cache(tmp_path_factory))
    return built_once(tmp_path_factory, "tilt", make) / "site"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "background: reports on work that started in the background with the session (the "
        "browser sweeps over every page, vnu) and so runs after the other tests",
    )
    # The build draws pictures with the one font vl-convert holds in memory. vl-convert loads
    # fonts once per process, so a test that calls it directly before any build would leave
    # the machine's fonts in place and every PNG drawn later in that process would differ.
    from generator.render.vega import isolate_fonts

    isolate_fonts()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests marked background run last: by then the work they report on, done beside the
    other tests, is (nearly) finished. The order of the rest is kept."""
    items.sort(key=lambda item: item.get_closest_marker("background") is not None)


@pytest.fixture
def exports_dir() -> Path:
    return EXPORTS


@pytest.fixture
def bundled_export() -> Path:
    return BUNDLED


def session_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The temporary folder of the whole run: with pytest-xdist, the same for every worker."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture(scope="session", autouse=True)
def shared_chart_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One cache for every build of the session that is not given its own (config.CACHE_ENV),
    in this process and in the command lines it runs. A chart is cached under everything it
    is made from, so builds of different content never share a wrong entry, and the same chart
    in another test's site is drawn once. Tests of the cache itself give their builds a cache
    of their own; the golden and clean builds use none."""
    from generator.config import CACHE_ENV

    folder = session_folder(tmp_path_factory) / "chart-cache"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(CACHE_ENV, str(folder))
        yield folder


def built_once(
    tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], None]
) -> Path:
    """A folder ``make(folder)`` fills, made once for the session: with pytest-xdist, once for
    all its workers (the first to ask makes it, under a lock the others wait on), so a site
    that several workers' tests read is built once."""
    if os.environ.get("PYTEST_XDIST_WORKER") is None:
        folder = tmp_path_factory.mktemp(name)
        make(folder)
        return folder
    shared = session_folder(tmp_path_factory)
    folder, done = shared / name, shared / f"{name}.done"
    with (shared / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)  # left by a worker whose make failed
            folder.mkdir()
            make(folder)
            done.touch()
    return folder


def build_bundled(folder: Path) -> None:
    from generator.build import build
    from generator.config import BuildConfig

    build(BuildConfig(content=ROOT / "content", out=folder / "site", strict=True))


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled export built once, with --strict, into a temporary folder."""
    return built_once(tmp_path_factory, "build", build_bundled) / "site"


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
    """The bundled export and the year to date after it, built once, with --strict, its
    pictures undrawn (pictures_undrawn)."""
    make = site_undrawn(years_content, undrawn_cache(tmp_path_factory))
    return built_once(tmp_path_factory, "years", make) / "site"


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


@pytest.fixture(scope="session")
def page_workers(site_url: str) -> Iterator[PageWorkers]:
    """Browsers that check the site's pages side by side, one per core (two at least, since a
    page's checks mostly wait on the browser; four at most)."""
    workers = PageWorkers(site_url, min(4, max(2, os.cpu_count() or 1)))
    yield workers
    workers.close()
