"""WCAG 2.2 AA on every page of the built site, in real Chromium, and valid HTML.

The bundled export is built once (``built_site``), served on 127.0.0.1 and opened in one shared
headless Chromium. Every check runs on every page the build wrote, not on a sample, and one
test reports the problems of all pages at once:

- axe-core (pinned in tests/package.json) with the WCAG 2.0/2.1/2.2 A and AA rules and best
  practices, zero violations of any impact: with JavaScript on and the charts live (in the
  dark colour scheme, the rules on colour: nothing else changes there), and on a chart tooltip
  while it shows (axe run on the tooltip alone, so that it hides nothing under it from the run
  on the page); and on each page as it is without its scripts (axe needs JavaScript itself,
  so there the site's scripts are served empty instead of turning JavaScript off).
- Keyboard (desktop, light): Tab reaches every link and control in document order, nothing
  inside a chart takes focus, no positive tabindex; the first stop is a skip link that moves
  focus into <main>; focus leaves the page after the last stop (no trap). Every stop shows a
  focus outline of at least 2 px and 3:1 against what is behind it, and nothing covers it; in
  the dark scheme too. At 400 % zoom each navigation menu opens with Enter, Tab walks its links
  next, and the open menu covers nothing Tab reaches after it.
- Chart tooltips: inside <main>, dismissed by Escape, and kept while the pointer moves onto
  them (WCAG 1.4.13). The numbers need no tooltip: each chart links to its table.
- Screen readers, from Chromium's accessibility tree: one <h1> and no skipped heading level;
  banner, navigation, main and contentinfo landmarks; each chart a figure named by its caption
  and described by its summary, holding exactly one image with a name and nothing exposed
  inside it, and a link to its table; no "*" or "†" in a cell or key figure read out as a sign,
  and "skjult, færre enn 4" read for each hidden value.
- Colour: chart marks at least 3:1 and chart text at least 4.5:1 against the chart, with
  JavaScript (both schemes) and without; one mark drawn in several colours needs direct labels
  or a legend in line order. Page text contrast is axe's color-contrast rule, in both schemes;
  the dark scheme must really be dark.
- Reflow at 400 % zoom, taken as a 1280 × 1024 window zoomed to 400 %: a 320 × 256 CSS px
  viewport at device scale factor 4. No horizontal scrolling, no clipped text, every data
  table (and any table wider than its room) scrolls in its own named region that takes focus,
  and every chart shows; with JavaScript on and off. With JavaScript on, axe runs there again
  (every rule; those that depend on the layout may find what they did not at desktop size).
- JavaScript off: every chart is there as one visible, labelled SVG with its caption, summary
  and table link, and no content in <main> is left hidden.
- Motion: with prefers-reduced-motion nothing animates and scrolling is not smooth.
- The Nu Html Checker (vnu, from the npm package vnu-jar, on the machine's Java) reports no
  error on any page; without Java it is skipped with a message, except in CI, where it fails.

Each page is opened as few times as its states need, and each state is checked once: with
JavaScript at desktop size, light and then dark on the same page; with JavaScript at 400 %
zoom (its narrow charts go live only when the page loads that narrow); without JavaScript,
at desktop size and then, on the same page, at 400 % zoom; and with the scripts served empty
for axe. vnu runs in the background meanwhile. The checks themselves are in a11y_checks.py.
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, TypeAlias

import pytest
from a11y_checks import (
    COLOUR_RULES,
    TOOLTIP,
    ZOOM_400,
    ZOOM_SCALE,
    Findings,
    chart_colour_problems,
    check_axe,
    check_axe_on_tooltip,
    check_chart_colours,
    check_focus_appearance,
    check_keyboard,
    check_menus,
    check_motion,
    check_problems,
    check_reflow,
    check_structure,
    check_tooltip_behaviour,
    figures_static_problems,
    go_live,
    normal,
    probe,
    probes,
    reset_focus,
    show_tooltip,
    tooltip_hides,
)
from browser_support import (
    DESKTOP,
    NODE_MODULES,
    Opened,
    PageOpener,
    PageWorkers,
)

if TYPE_CHECKING:
    from conftest import SitePage

VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
STATEMENT = "tilgjengelighet.html"


def test_every_page_is_checked_and_links_the_statement(
    built_site: Path, site_pages: dict[str, SitePage]
) -> None:
    """The suite checks what the build wrote; the statement is one link away on every page."""
    pages = list(site_pages)
    assert pages == sorted(p.relative_to(built_site).as_posix() for p in built_site.rglob("*.html"))
    assert "index.html" in pages and STATEMENT in pages, pages
    assert len([p for p in pages if p.startswith("fylke/")]) >= 19
    assert len([p for p in pages if p.startswith("tiltaksgruppe/")]) >= 9
    missing = []
    for path, page in site_pages.items():
        links = page.doc.select("nav a, footer a")
        hrefs = {str(a.get("href", "")).rsplit("/", 1)[-1] for a in links}
        if STATEMENT not in hrefs:
            missing.append(path)
    assert not missing, f"no link to the accessibility statement in nav or footer: {missing}"


def test_statement_says_what_was_tested_and_how(site_pages: dict[str, SitePage]) -> None:
    """The tilgjengelighetserklæring names the standard, the tools and what they check."""
    main = site_pages[STATEMENT].doc.find("main")
    assert main is not None, f"{STATEMENT} has no <main>"
    text = normal(main.get_text(" ")).lower()
    for needed in (
        "wcag 2.2",
        "wcag 2.1",
        "axe-core",
        "nu html checker",
        "chromium",
        "tastatur",
        "skjermleser",
        "320",
        "400 %",
        "javascript",
        "kontrast",
        "mørk",
    ):
        assert needed in text, f"{STATEMENT} does not mention {needed!r}"


def check_light(opened: Opened, path: str, findings: Findings, *, charts: bool) -> None:
    """With JavaScript at desktop size, light: keyboard, chart colours, what a screen reader
    gets, axe on the page, then a chart tooltip shown, axe on it and how it behaves (it is left
    showing, for the dark scheme)."""
    page = opened.page
    findings.extend(path, "keyboard", check_keyboard(page))
    reset_focus(page)
    if charts:
        findings.extend(path, "light: chart colours", check_chart_colours(page))
    findings.extend(path, "screen reader", check_structure(opened))
    check_axe(page, path, findings, "light: axe")
    if charts and show_tooltip(page, path, findings):
        check_axe_on_tooltip(page, path, findings, "light: axe")
        findings.extend(path, "tooltip", check_tooltip_behaviour(page))


def check_dark(opened: Opened, path: str, findings: Findings, *, charts: bool) -> None:
    """The same page switched to the dark scheme: the page really dark, axe's colour rules on
    the tooltip (as the light scheme left it showing) and then on the page, how focus shows,
    chart colours.

    The dark scheme changes only colours (its prefers-color-scheme rule in site.css sets colour
    properties and a shadow), so Tab order, traps, structure and every axe rule but those on
    colours, checked in the light scheme, cannot differ.
    """
    page = opened.page
    page.emulate_media(color_scheme="dark")
    if not page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches"):
        findings.add(path, "dark scheme", "the page did not switch to the dark scheme")
    if probe(page, "pageLuminance") > 0.2:
        findings.add(path, "dark scheme", "the page stays light in the dark scheme")
    if charts and page.locator(TOOLTIP).is_visible():
        check_axe_on_tooltip(page, path, findings, "dark: axe", rules=COLOUR_RULES)
    if charts and not tooltip_hides(page):
        findings.add(path, "tooltip", "still shown with the pointer away from the charts")
    check_axe(page, path, findings, "dark: axe", rules=COLOUR_RULES)
    findings.extend(path, "dark: focus", check_focus_appearance(page))
    reset_focus(page)
    if charts:
        findings.extend(path, "dark: chart colours", check_chart_colours(page))


# ----- The sweeps over every page -----
#
# Each sweep checks every page in one state. The sweeps of the tests selected start as this
# module's first test does (page_sweeps), in browsers of their own (page_workers), and go on
# while the session runs the other tests; their tests, marked "background", run last (see
# conftest.py) and report what the sweeps found.


def sweep_with_javascript(opener: PageOpener, page: SitePage, findings: Findings) -> None:
    """One page with its charts live: light, then dark (see test_every_page_with_javascript)."""
    path = page.name
    if findings.too_many_stuck(path):
        return
    opened = opener(path, color_scheme="light")
    charts = go_live(opened, path, findings)
    check_light(opened, path, findings, charts=charts)
    check_dark(opened, path, findings, charts=charts)
    findings.extend(path, "motion", check_motion(opened.page))
    findings.extend(path, "errors", check_problems(opened))


def sweep_zoomed_with_javascript(opener: PageOpener, page: SitePage, findings: Findings) -> None:
    """One page loaded at 400 % zoom (see test_every_page_reflows_at_400_percent_zoom)."""
    path = page.name
    if findings.too_many_stuck(path):
        return
    opened = opener(path, viewport=ZOOM_400, device_scale_factor=ZOOM_SCALE)
    go_live(opened, path, findings)
    check_reflow(opened.page, path, findings)
    # Every rule: what the page shows (and axe checks) differs at this width, not only where.
    check_axe(opened.page, path, findings, "axe")
    # An open menu fills the zoomed screen: it must not cover what Tab reaches next.
    probe(opened.page, "tabStops")
    findings.extend(path, "keyboard", check_menus(opened.page))
    findings.extend(path, "errors", check_problems(opened))


@functools.cache
def mentions_scripting(css: Path) -> bool:
    return "scripting" in css.read_text("utf-8")


def scripts_are_all_it_takes(page: SitePage) -> bool:
    """Whether the page with its scripts served empty is the page with JavaScript off: it has
    no <noscript> (parsed otherwise with JavaScript off), no inline script or event handler
    (they would still run) and no stylesheet with a media query on scripting."""
    doc = page.doc
    if doc.find("noscript") or doc.select("script:not([src])"):
        return False
    if any(name.startswith("on") for tag in doc.find_all(True) for name in tag.attrs):
        return False
    sheets = [str(link["href"]) for link in doc.select('link[rel~="stylesheet"][href]')]
    return not any(mentions_scripting((page.path.parent / href).resolve()) for href in sheets)


def sweep_without_javascript(opener: PageOpener, page: SitePage, findings: Findings) -> None:
    """One page without its scripts (see test_every_page_without_javascript)."""
    path = page.name
    blocked_is_off = scripts_are_all_it_takes(page)
    if blocked_is_off:  # JavaScript on, the site's scripts served empty
        opened = opener(path, block_scripts=True, viewport=DESKTOP, device_scale_factor=ZOOM_SCALE)
    else:
        opened = opener(path, js=False, viewport=DESKTOP, device_scale_factor=ZOOM_SCALE)
    shown = opened.page
    found = probes(shown, "figures", "chartColours", "hiddenContent", "liveCharts")
    findings.extend(path, "charts", figures_static_problems(found["figures"]))
    findings.extend(path, "chart colours", chart_colour_problems(found["chartColours"]))
    findings.extend(path, "hidden content", found["hiddenContent"])
    if found["liveCharts"]:
        findings.add(path, "charts", "charts went live without their scripts")
    problems = opened.problems
    findings.extend(path, "requests", problems.failed_requests + problems.foreign_requests)
    # axe needs JavaScript: it runs on a page with its scripts served empty.
    axe_page = shown if blocked_is_off else opener(path, block_scripts=True, viewport=DESKTOP).page
    if axe_page is not shown and probe(axe_page, "liveCharts"):
        findings.add(path, "charts", "charts went live with the scripts served empty")
    check_axe(axe_page, path, findings, "axe")
    shown.set_viewport_size(ZOOM_400)
    check_reflow(shown, path, findings, label="400 %: ")


Sweep: TypeAlias = "Callable[[PageOpener, SitePage, Findings], None]"
SWEEPS: dict[str, Sweep] = {
    "test_every_page_with_javascript": sweep_with_javascript,
    "test_every_page_reflows_at_400_percent_zoom": sweep_zoomed_with_javascript,
    "test_every_page_without_javascript": sweep_without_javascript,
}


@dataclass
class Started:
    """A sweep under way: what it has found so far, and its checks, one per page."""

    findings: Findings
    checks: list[Future[None]]

    def findings_when_done(self) -> Findings:
        PageWorkers.results(self.checks)
        return self.findings


def page_check(sweep: Sweep, page: SitePage, findings: Findings) -> Callable[[PageOpener], None]:
    return lambda opener: sweep(opener, page, findings)


@pytest.fixture(scope="session", autouse=True)
def page_sweeps(request: pytest.FixtureRequest) -> dict[Sweep, Started]:
    """The sweeps of the selected tests, started now, over every page the build wrote."""
    here = Path(__file__)
    selected = {item.name for item in request.session.items if item.path == here}
    sweeps = [sweep for name, sweep in SWEEPS.items() if name in selected]
    if not sweeps:
        return {}
    workers: PageWorkers = request.getfixturevalue("page_workers")
    pages: dict[str, SitePage] = request.getfixturevalue("site_pages")
    started = {}
    for sweep in sweeps:
        findings = Findings()
        checks = [page_check(sweep, page, findings) for page in pages.values()]
        started[sweep] = Started(findings, workers.start(checks))
    return started


@pytest.mark.background
def test_every_page_with_javascript(page_sweeps: dict[Sweep, Started]) -> None:
    """axe (on the page, with a chart tooltip showing), keyboard, chart colours, structure and
    motion, with the charts live, in the light and then the dark colour scheme.

    Both schemes are checked on one open page: the dark one is switched on by emulating
    prefers-color-scheme, and the page is then as it would load dark, because the site's dark
    theme is only the custom properties its one prefers-color-scheme rule sets (site.css), and
    charts.js never reads the scheme (a live chart looks the same in both).
    """
    findings = page_sweeps[sweep_with_javascript].findings_when_done()
    findings.assert_none("with JavaScript")


@pytest.mark.background
def test_every_page_reflows_at_400_percent_zoom(page_sweeps: dict[Sweep, Started]) -> None:
    """With JavaScript at 400 % zoom: no sideways scrolling, no clipped text, tables in regions,
    the narrow charts live, axe (every rule), and menus that cover nothing Tab
    reaches. The page is loaded at that size: charts.js makes live the chart the page shows
    when it loads, so only then are the narrow charts the live ones. (Without JavaScript this
    is checked in test_every_page_without_javascript.)"""
    findings = page_sweeps[sweep_zoomed_with_javascript].findings_when_done()
    findings.assert_none("at 400 % zoom with JavaScript")


@pytest.mark.background
def test_every_page_without_javascript(page_sweeps: dict[Sweep, Started]) -> None:
    """Without JavaScript every chart shows as SVG and no content is hidden, at desktop size
    and at 400 % zoom (where the page must reflow as with JavaScript); axe finds nothing.

    axe needs JavaScript itself, so the page is opened with JavaScript on and the site's
    scripts served empty, which leaves it as it is with JavaScript off when nothing else on it
    needs JavaScript (scripts_are_all_it_takes); otherwise the page is also opened with
    JavaScript off, for all but axe. Both sizes are checked on one open page, resized: without
    scripts nothing depends on the size the page loaded at, and the layout follows the new
    size as if loaded at it. The page is opened at the zoom's device scale factor from the
    start, which changes nothing at desktop size: site.css has no resolution media query, and
    sizes are in CSS pixels.
    """
    findings = page_sweeps[sweep_without_javascript].findings_when_done()
    findings.assert_none("without JavaScript")


# ----- The Nu Html Checker -----


def java_command() -> str | None:
    java = shutil.which("java")
    if not java:
        return None
    try:
        subprocess.run([java, "-version"], capture_output=True, check=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    return java


def vnu_missing() -> str | None:
    """Why vnu cannot run here, or None when it can."""
    if not java_command():
        return "Java is not installed (apt-get install default-jre-headless)"
    if not VNU_JAR.exists():
        return f"{VNU_JAR} is missing (run: npm ci --prefix tests, as tests/run.sh does)"
    return None


class VnuRun:
    """vnu over every page of the site, running in the background from when it is made."""

    def __init__(self, java: str, pages: list[Path], folder: Path) -> None:
        self.out: IO[str] = (folder / "vnu.out").open("w+", encoding="utf-8")
        self.err: IO[str] = (folder / "vnu.err").open("w+", encoding="utf-8")
        command = [java, "-Xss8m", "-jar", str(VNU_JAR), "--format", "json"]
        command += ["--exit-zero-always", *map(str, pages)]
        self.process = subprocess.Popen(command, stdout=self.out, stderr=self.err, text=True)

    def result(self) -> tuple[int, str, str]:
        """The exit status, standard output and error, once vnu has finished."""
        returncode = self.process.wait(timeout=600)
        self.out.seek(0)
        self.err.seek(0)
        return returncode, self.out.read(), self.err.read()

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.out.close()
        self.err.close()


@pytest.fixture(scope="session", autouse=True)
def vnu_run(
    request: pytest.FixtureRequest, built_site: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[VnuRun | None]:
    """vnu started as this module's first test starts, when its test is selected, so it checks
    the pages while the session runs the other tests; None when it cannot run (the test says
    why) or is not wanted."""
    wanted = any(
        item.name == "test_nu_html_checker_finds_no_errors" for item in request.session.items
    )
    java = java_command()
    if not wanted or not java or not VNU_JAR.exists():
        yield None
        return
    pages = sorted(built_site.rglob("*.html"))
    run = VnuRun(java, pages, tmp_path_factory.mktemp("vnu"))
    try:
        yield run
    finally:
        run.close()


@pytest.mark.background
def test_nu_html_checker_finds_no_errors(built_site: Path, vnu_run: VnuRun | None) -> None:
    """vnu over every HTML file of the site: no errors (its warnings are not failures)."""
    in_ci = os.environ.get("CI", "").lower() not in ("", "0", "false", "no")
    missing = vnu_missing()
    if missing or vnu_run is None:
        if in_ci:
            pytest.fail(f"the Nu Html Checker cannot run in CI: {missing}")
        pytest.skip(f"Nu Html Checker not run: {missing}")

    returncode, stdout, stderr = vnu_run.result()
    assert returncode == 0, f"vnu failed to run:\n{stderr[-2000:]}"
    messages = json.loads(stderr or stdout)["messages"]
    errors = [m for m in messages if m.get("type") in ("error", "non-document-error")]
    lines = []
    for m in errors[:50]:
        where = re.sub(r"^file:", "", m.get("url", ""))
        where = os.path.relpath(where, built_site) if where.startswith("/") else where
        lines.append(f"{where}:{m.get('lastLine', '?')}: {m.get('message')}")
    assert not errors, f"{len(errors)} vnu errors:\n" + "\n".join(lines)
