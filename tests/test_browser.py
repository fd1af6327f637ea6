"""Browser tests of the built site in headless Chromium (Playwright) with axe-core.

The site built once by the ``built_site`` fixture is served over HTTP on 127.0.0.1 and opened
in one shared Chromium. For a few representative pages this checks that the charts are
enhanced into live Vega views without errors, CSP violations or requests leaving the local
server; that every chart is still a labelled, visible image with JavaScript off; that axe-core
finds no WCAG 2.2 AA or best-practice violations, also while a chart tooltip is showing; and
that a phone-width viewport never scrolls sideways.
"""

from __future__ import annotations

import contextlib
import functools
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

PAGES = ["index.html", "fylke/oslo.html", "tiltaksgruppe/opplaering.html"]

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}

LIVE_TIMEOUT_MS = 20_000
TOOLTIP_TIMEOUT_MS = 3_000
# Fewer drawn data marks than this in a chart means it did not really draw its data.
MIN_MARKS = 3

# Runs before any page script: records CSP violations, which are otherwise only logged.
RECORD_CSP = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push({
    directive: e.violatedDirective,
    blocked: e.blockedURI,
    source: e.sourceFile + ":" + e.lineNumber,
    sample: e.sample
  });
}, true);
"""

# Describes the charts of the page, one object per figure.chart, in document order. A figure
# may hold the chart more than once (e.g. wide, and narrow for phones) in .chart-canvas
# elements of which CSS shows one; the description is of the shown one(s).
DESCRIBE_CHARTS = """
() => Array.from(document.querySelectorAll("figure.chart")).map(fig => {
  // The data marks (not axes, legends, titles or backgrounds) drawn in an svg.
  const count = svg => svg.querySelectorAll(
    "g.role-mark > path:not(.background):not(.foreground), g.role-mark > rect," +
    " g.role-mark > line, g.role-mark > circle"
  ).length;
  const canvases = Array.from(fig.querySelectorAll(".chart-canvas"));
  const shown = canvases.filter(c => getComputedStyle(c).display !== "none");
  const svgs = shown.length ? Array.from(shown[0].querySelectorAll("svg")) : [];
  const svg = svgs[0] || null;
  const box = svg ? svg.getBoundingClientRect() : null;
  return {
    id: fig.id,
    live: fig.classList.contains("chart--live"),
    canvases: canvases.length,
    shownCanvases: shown.length,
    svgCount: svgs.length,
    inLiveHost: !!(svg && svg.closest(".chart-live")),
    visible: !!(svg && svg.checkVisibility({visibilityProperty: true, opacityProperty: true})),
    role: svg ? svg.getAttribute("role") : null,
    label: svg ? (svg.getAttribute("aria-label") || "").trim() : "",
    width: box ? box.width : 0,
    height: box ? box.height : 0,
    marks: svg ? count(svg) : 0
  };
})
"""

# The marks of the live charts that have a tooltip in their compiled spec, as
# [figure id, mark name, index] triples; the test hovers them until a tooltip shows.
TOOLTIP_MARKS = """
() => {
  function names(node, out) {
    if (Array.isArray(node)) { node.forEach(n => names(n, out)); return out; }
    if (node && typeof node === "object") {
      if (node.name && node.encode && JSON.stringify(node.encode).includes('"tooltip"')) {
        out.push(node.name);
      }
      Object.values(node).forEach(v => names(v, out));
    }
    return out;
  }
  const found = [];
  document.querySelectorAll("figure.chart.chart--live .chart-live").forEach(host => {
    const fig = host.closest("figure.chart");
    const canvas = host.closest(".chart-canvas");
    const spec = JSON.parse(canvas.querySelector("script.chart-spec").textContent);
    names(spec, []).forEach(name => {
      host.querySelectorAll("svg g.role-mark." + CSS.escape(name) + " > *")
        .forEach((el, i) => found.push([fig.id, name, i]));
    });
  });
  return found;
}
"""

# With JavaScript off: every svg in each figure.chart, and whether it is shown.
STATIC_SVGS = """
() => Array.from(document.querySelectorAll("figure.chart")).map(fig => ({
  id: fig.id,
  svgs: Array.from(fig.querySelectorAll(".chart-canvas svg")).map(svg => {
    const box = svg.getBoundingClientRect();
    return {
      visible: svg.checkVisibility({visibilityProperty: true, opacityProperty: true}),
      role: svg.getAttribute("role"),
      label: (svg.getAttribute("aria-label") || "").trim(),
      width: box.width,
      height: box.height
    };
  })
}))
"""


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves a folder without logging every request to stderr."""

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def site_url(built_site: Path) -> Iterator[str]:
    """The built site served over HTTP on 127.0.0.1 at a free port; yields its base URL."""
    handler = functools.partial(QuietHandler, directory=str(built_site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless Chromium shared by every test in this module."""
    if not CHROMIUM.exists():
        pytest.skip(
            f"{CHROMIUM} not found: install Chromium (apt-get install chromium) "
            "to run the browser tests"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@dataclass
class Problems:
    """Everything that went wrong while a page was open."""

    origin: str
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    csp_violations: list[Any] = field(default_factory=list)

    def attach(self, context: Any) -> None:
        context.on("request", self._on_request)
        context.on("requestfailed", self._on_request_failed)
        context.on("response", self._on_response)
        context.on("console", self._on_console)
        context.on("weberror", lambda err: self.page_errors.append(str(err.error)))

    def _on_request(self, request: Any) -> None:
        parts = urlsplit(request.url)
        if parts.scheme == "data":
            return  # inline data, not a request to any server
        if f"{parts.scheme}://{parts.netloc}" != self.origin:
            self.foreign_requests.append(f"{request.method} {request.url}")

    def _on_request_failed(self, request: Any) -> None:
        self.failed_requests.append(f"{request.url}: {request.failure}")

    def _on_response(self, response: Any) -> None:
        if response.status >= 400:
            self.failed_requests.append(f"{response.url}: HTTP {response.status}")

    def _on_console(self, message: Any) -> None:
        text = message.text
        if message.type == "error":
            self.console_errors.append(f"{text} ({message.location})")
        elif "Content Security Policy" in text:
            self.csp_violations.append(text)

    def as_dict(self) -> dict[str, list[Any]]:
        return {
            "console errors": self.console_errors,
            "page errors": self.page_errors,
            "failed requests": self.failed_requests,
            "requests to other origins": self.foreign_requests,
            "CSP violations": self.csp_violations,
        }

    def report(self) -> str:
        lines = []
        for name, items in self.as_dict().items():
            lines.extend(f"{name}: {item}" for item in items)
        return "\n".join(lines)


@dataclass
class Opened:
    context: Any
    page: Any
    problems: Problems


@pytest.fixture
def open_page(browser: Any, site_url: str) -> Iterator[Any]:
    """Opens a page of the site in a fresh context; closes every context afterwards."""
    contexts: list[Any] = []
    origin = site_url.rstrip("/")

    def _open(
        path: str,
        *,
        js: bool = True,
        viewport: dict[str, int] = DESKTOP,
        color_scheme: str = "light",
    ) -> Opened:
        context = browser.new_context(
            java_script_enabled=js,
            viewport=viewport,
            locale="nb-NO",
            color_scheme=color_scheme,
            reduced_motion="reduce",
        )
        contexts.append(context)
        problems = Problems(origin=origin)
        problems.attach(context)
        if js:
            context.add_init_script(RECORD_CSP)
        page = context.new_page()
        response = page.goto(site_url + path, wait_until="load")
        assert response is not None and response.ok, f"{path}: {response and response.status}"
        return Opened(context, page, problems)

    yield _open
    for context in contexts:
        context.close()


def scroll_through(page: Any) -> None:
    """Scrolls from top to bottom in steps, so each chart comes near the viewport once."""
    height = page.evaluate("document.documentElement.scrollHeight")
    step = max(200, int(page.evaluate("window.innerHeight") * 0.75))
    for y in range(0, height + step, step):
        page.evaluate("y => window.scrollTo(0, y)", y)
        page.wait_for_timeout(50)
    page.evaluate("window.scrollTo(0, 0)")


def describe_charts(page: Any) -> list[dict[str, Any]]:
    return page.evaluate(DESCRIBE_CHARTS)


def wait_until_live(opened: Opened, path: str) -> list[dict[str, Any]]:
    """Scrolls through the page and waits until every chart is live; fails clearly if not."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page = opened.page
    charts = describe_charts(page)
    assert charts, f"{path}: no figure.chart on the page"
    scroll_through(page)
    # A timeout is reported below, without Playwright's own traceback.
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function(
            "() => Array.from(document.querySelectorAll('figure.chart'))"
            ".every(f => f.classList.contains('chart--live'))",
            timeout=LIVE_TIMEOUT_MS,
        )
    charts = describe_charts(page)
    stuck = [c["id"] for c in charts if not c["live"]]
    if stuck:
        pytest.fail(
            f"{path}: charts not live after {LIVE_TIMEOUT_MS} ms: {stuck}\n"
            f"{collect_problems(opened).report()}"
        )
    return charts


def collect_problems(opened: Opened) -> Problems:
    """The problems recorded so far, with the CSP violations recorded in the page."""
    recorded = opened.page.evaluate("window.__cspViolations || []")
    for violation in recorded:
        if violation not in opened.problems.csp_violations:
            opened.problems.csp_violations.append(violation)
    return opened.problems


def run_axe(page: Any) -> list[dict[str, Any]]:
    from axe_playwright_python.sync_playwright import Axe

    options = {
        "runOnly": {"type": "tag", "values": AXE_TAGS},
        "resultTypes": ["violations"],
    }
    return Axe().run(page, options=options).response["violations"]


def format_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} [{len(v['nodes'])} nodes]")
        for node in v["nodes"][:10]:
            target = " ".join(str(t) for t in node["target"])
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"    {target}: {summary}")
    return "\n".join(lines)


def hover_until_tooltip(page: Any) -> tuple[str, str]:
    """Hovers chart marks that have a tooltip until the tooltip shows; returns the mark."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    candidates = page.evaluate(TOOLTIP_MARKS)
    assert candidates, "no live chart mark has a tooltip in its spec"
    tooltip = page.locator("#vg-tooltip-element")
    tried = 0
    for fig_id, name, index in candidates:
        mark = page.locator(f"#{fig_id} .chart-live svg g.role-mark.{name} > *").nth(index)
        mark.scroll_into_view_if_needed()
        box = mark.bounding_box()
        if not box or box["width"] * box["height"] == 0:
            continue
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, steps=4)
        try:
            tooltip.wait_for(state="visible", timeout=TOOLTIP_TIMEOUT_MS)
        except PlaywrightTimeout:
            tried += 1
            if tried >= 5:
                break
            continue
        return fig_id, f"{name}[{index}]"
    pytest.fail(f"no tooltip became visible after hovering {tried} chart marks")


def check_live_charts(
    path: str, charts: list[dict[str, Any]], static: list[dict[str, Any]]
) -> None:
    """Each chart shows one live Vega svg, labelled like the static one it replaced."""
    assert [c["id"] for c in charts] == [c["id"] for c in static], f"{path}: figures changed"
    for chart, before in zip(charts, static, strict=True):
        where = f"{path} #{chart['id']}"
        assert chart["shownCanvases"] == 1, (
            f"{where}: {chart['shownCanvases']} of {chart['canvases']} .chart-canvas shown"
        )
        assert chart["svgCount"] == 1, f"{where}: {chart['svgCount']} svgs (static not swapped)"
        assert chart["inLiveHost"], f"{where}: the shown svg is not the live Vega one"
        assert chart["role"] == "img", f"{where}: live svg role={chart['role']!r}"
        assert chart["label"], f"{where}: live svg has no aria-label"
        assert chart["label"] == before["label"], f"{where}: live label differs from static"
        assert chart["visible"], f"{where}: live svg is not visible"
        assert chart["width"] > 0 and chart["height"] > 0, f"{where}: live svg has no size"
        assert chart["marks"] >= MIN_MARKS, f"{where}: only {chart['marks']} marks drawn"
        assert chart["marks"] == before["marks"], (
            f"{where}: live chart draws {chart['marks']} marks, the static one {before['marks']}"
        )


def assert_no_problems(opened: Opened, path: str) -> None:
    problems = collect_problems(opened)
    assert not any(problems.as_dict().values()), f"{path}:\n{problems.report()}"


@pytest.mark.parametrize("path", PAGES)
def test_charts_go_live_without_errors(open_page: Any, path: str) -> None:
    """With JS on, every chart becomes a live, labelled Vega view; no errors, only local."""
    opened = open_page(path)
    static = describe_charts(opened.page)
    charts = wait_until_live(opened, path)
    check_live_charts(path, charts, static)
    assert_no_problems(opened, path)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("path", PAGES)
def test_static_charts_without_javascript(
    open_page: Any, path: str, viewport: dict[str, int]
) -> None:
    """With JS off, every chart shows exactly one static svg: a labelled, visible image."""
    opened = open_page(path, js=False, viewport=viewport)
    figures = opened.page.evaluate(STATIC_SVGS)
    assert figures, f"{path}: no figure.chart on the page"
    for figure in figures:
        where = f"{path} #{figure['id']}"
        shown = [svg for svg in figure["svgs"] if svg["visible"]]
        assert len(shown) == 1, f"{where}: {len(shown)} of {len(figure['svgs'])} svgs shown"
        svg = shown[0]
        assert svg["role"] == "img", f"{where}: static svg role={svg['role']!r}"
        assert svg["label"], f"{where}: static svg has no aria-label"
        assert svg["width"] > 0 and svg["height"] > 0, f"{where}: static svg box {svg}"
    live = opened.page.locator("figure.chart.chart--live").count()
    assert live == 0, f"{path}: {live} charts went live with JavaScript off"
    assert not opened.problems.failed_requests, opened.problems.report()
    assert not opened.problems.foreign_requests, opened.problems.report()


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES)
def test_axe_without_violations(open_page: Any, path: str, color_scheme: str) -> None:
    """axe finds nothing with live charts, nor while a chart tooltip is showing.

    The site declares ``color-scheme: light dark``, so contrast is checked in both.
    """
    opened = open_page(path, color_scheme=color_scheme)
    page = opened.page
    wait_until_live(opened, path)
    where = f"{path} ({color_scheme})"

    violations = run_axe(page)
    assert not violations, f"{where}, charts live:\n{format_violations(violations)}"

    fig_id, mark = hover_until_tooltip(page)
    tooltip = page.locator("#vg-tooltip-element")
    assert tooltip.is_visible()
    assert tooltip.inner_text().strip(), "the tooltip is empty"
    assert page.evaluate("() => !!document.querySelector('main #vg-tooltip-element')"), (
        "the tooltip element is not inside <main>"
    )

    violations = run_axe(page)
    still_visible = tooltip.is_visible()
    assert not violations, (
        f"{where}, tooltip of #{fig_id} {mark} showing:\n{format_violations(violations)}"
    )
    assert still_visible, "the tooltip was hidden while axe ran, so axe did not check it"
    assert_no_problems(opened, path)


@pytest.mark.parametrize("path", PAGES)
def test_no_horizontal_scroll_on_phone(open_page: Any, path: str) -> None:
    """At 390 px the page never scrolls sideways, before or after the charts go live."""
    opened = open_page(path, viewport=PHONE)
    page = opened.page
    measure = "() => [document.documentElement.scrollWidth, window.innerWidth]"

    scroll_width, inner_width = page.evaluate(measure)
    assert scroll_width <= inner_width, (
        f"{path}: static page is {scroll_width} px wide in a {inner_width} px viewport"
    )
    static = describe_charts(page)
    charts = wait_until_live(opened, path)
    scroll_width, inner_width = page.evaluate(measure)
    assert scroll_width <= inner_width, (
        f"{path}: page with live charts is {scroll_width} px wide in a {inner_width} px viewport"
    )
    check_live_charts(path, charts, static)
    assert_no_problems(opened, path)
