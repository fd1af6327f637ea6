"""Helpers shared by the browser tests: serving the site, opening pages, charts, axe-core.

The fixtures built from these (one HTTP server and one Chromium for the whole session) live in
``conftest.py``; the test modules import the helpers from here.
"""

from __future__ import annotations

import contextlib
import functools
import queue
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

TESTS = Path(__file__).resolve().parent
NODE_MODULES = TESTS / "node_modules"

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

# WCAG 2.0, 2.1 and 2.2 at levels A and AA, and Deque's best practices.
AXE_TAGS = [
    "wcag2a",
    "wcag2aa",
    "wcag21a",
    "wcag21aa",
    "wcag22a",
    "wcag22aa",
    "best-practice",
]

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}

# Waits are for explicit states (a chart's "chart--live" class, the tooltip's visibility), so
# a long timeout costs nothing when things work and keeps a busy machine from failing a test.
WAIT_TIMEOUT_MS = 60_000
# Pages are checked in seconds: a page still unchecked after this long means a browser hangs in
# a call Playwright does not time out (such as opening a page), and the test says so.
PAGE_TIMEOUT_S = 900
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

# The first mark of a live chart that shows a tooltip when hovered: its mark in the compiled
# spec has a tooltip, Vega's scene item for it (the element's __data__) has a tooltip value, and
# a point on it, once scrolled into view, hit-tests to it. Returns [figure id, mark name, index,
# x, y] or null. Scrolling and measuring happen in the page: nothing waits for animation frames.
TOOLTIP_TARGET = """
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
  // Points to try: the middle of the box, then along the outline (a line is only its stroke).
  function points(el) {
    const box = el.getBoundingClientRect();
    const out = [[box.left + box.width / 2, box.top + box.height / 2]];
    if (typeof el.getTotalLength === "function" && el.getScreenCTM()) {
      const length = el.getTotalLength(), ctm = el.getScreenCTM();
      [0.5, 0.25, 0.75, 0.1, 0.9].forEach(f => {
        const p = el.getPointAtLength(length * f).matrixTransform(ctm);
        out.push([p.x, p.y]);
      });
    }
    return out;
  }
  function hits(el, x, y) {
    if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) return false;
    const hit = document.elementFromPoint(x, y);
    return !!hit && (hit === el || el.contains(hit));
  }
  for (const host of document.querySelectorAll("figure.chart.chart--live .chart-live")) {
    const fig = host.closest("figure.chart");
    const canvas = host.closest(".chart-canvas");
    const specs = window.navCharts[fig.id];  // set by the page's spec script
    const spec = canvas.classList.contains("chart-canvas--narrow") ? specs.narrow : specs.wide;
    for (const name of names(spec, [])) {
      const marks = host.querySelectorAll("svg g.role-mark." + CSS.escape(name) + " > *");
      for (let i = 0; i < marks.length; i++) {
        const el = marks[i], item = el.__data__;
        if (!item || item.tooltip == null || item.tooltip === "") continue;
        el.scrollIntoView({block: "center", inline: "center"});
        const point = points(el).find(([x, y]) => hits(el, x, y));
        if (point) return [fig.id, name, i, point[0], point[1]];
      }
    }
  }
  return null;
}
"""


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves a folder without logging every request to stderr."""

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serves a folder over HTTP on 127.0.0.1 at a free port; yields its base URL."""
    handler = functools.partial(QuietHandler, directory=str(directory))
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


@contextlib.contextmanager
def launch_chromium() -> Iterator[Any]:
    """Debian's Chromium through Playwright; skips the test when Chromium is not installed."""
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

    def attach(self, page: Any) -> None:
        page.on("request", self._on_request)
        page.on("requestfailed", self._on_request_failed)
        page.on("response", self._on_response)
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))

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
        lines: list[str] = []
        for name, items in self.as_dict().items():
            lines.extend(f"{name}: {item}" for item in items)
        return "\n".join(lines)


@dataclass
class Opened:
    """An open page and its browser context, with what went wrong while the page was open."""

    context: Any
    page: Any
    problems: Problems

    def close(self) -> None:
        self.page.close()


class PageOpener:
    """Opens pages of the served site; closes what it opened.

    Pages opened with the same options share one browser context, made when first needed:
    making a context costs the browser more than opening a page, and nothing in one carries
    from page to page that a check would see (the site keeps no cookies or storage, a page's
    colour scheme and size are set on the page, and each page records its own problems).
    """

    def __init__(self, browser: Any, site_url: str) -> None:
        self.browser = browser
        self.site_url = site_url
        self.contexts: dict[str, Any] = {}
        self.pages: list[Any] = []

    def __call__(
        self,
        path: str,
        *,
        js: bool = True,
        viewport: dict[str, int] = DESKTOP,
        color_scheme: str = "light",
        reduced_motion: str = "reduce",
        device_scale_factor: float | None = None,
        block_scripts: bool = False,
    ) -> Opened:
        """Opens ``path``. ``js=False`` turns JavaScript off in the browser, where axe-core
        cannot run (its timers never fire); ``block_scripts`` keeps JavaScript on for axe but
        serves every script of the site empty, which leaves the page as it is without them."""
        options: dict[str, Any] = {
            "java_script_enabled": js,
            "viewport": viewport,
            "locale": "nb-NO",
            "color_scheme": color_scheme,
            "reduced_motion": reduced_motion,
        }
        if device_scale_factor is not None:
            options["device_scale_factor"] = device_scale_factor
        context = self.context(options, block_scripts=block_scripts)
        page = context.new_page()
        self.pages.append(page)
        problems = Problems(origin=self.site_url.rstrip("/"))
        problems.attach(page)
        response = page.goto(self.site_url + path, wait_until="load")
        assert response is not None and response.ok, f"{path}: {response and response.status}"
        return Opened(context, page, problems)

    def context(self, options: dict[str, Any], *, block_scripts: bool) -> Any:
        """The context for pages with these options, made on first use."""
        key = repr(sorted(options.items())) + f" block_scripts={block_scripts}"
        if key in self.contexts:
            return self.contexts[key]
        context = self.browser.new_context(**options)
        context.set_default_timeout(WAIT_TIMEOUT_MS)
        context.set_default_navigation_timeout(WAIT_TIMEOUT_MS)
        if options["java_script_enabled"]:
            context.add_init_script(RECORD_CSP)
        if block_scripts:
            context.route(
                "**/*.js",
                lambda route: route.fulfill(status=200, content_type="text/javascript", body=""),
            )
        self.contexts[key] = context
        return context

    def close_pages(self) -> None:
        """Closes the pages opened so far; their contexts stay for the next pages."""
        for page in self.pages:
            with contextlib.suppress(Exception):
                page.close()
        self.pages.clear()

    def close_all(self) -> None:
        self.close_pages()
        for context in self.contexts.values():
            with contextlib.suppress(Exception):
                context.close()
        self.contexts.clear()


class PageWorkers:
    """Chromium instances that check pages side by side, each driven from a thread of its own.

    One page's checks mostly wait for the browser to answer, one round trip after another, so
    a second browser working on another page keeps a second core busy, and the workers go on
    while the test session runs other tests. Playwright's sync API belongs to the thread that
    started it: each worker thread starts its own Playwright and Chromium, keeps them for the
    session and takes the next check when it is free. The checks wait only for explicit
    states, never for time, so they do not mind sharing the machine.
    """

    def __init__(self, site_url: str, count: int) -> None:
        self.site_url = site_url
        self.tasks: queue.Queue[tuple[Callable[[PageOpener], Any], Future[Any]] | None]
        self.tasks = queue.Queue()
        self.queued: list[Future[Any]] = []
        self.threads = [
            threading.Thread(target=self._work, name=f"page-worker-{i}", daemon=True)
            for i in range(count)
        ]
        for thread in self.threads:
            thread.start()

    def _work(self) -> None:
        try:
            with launch_chromium() as browser:
                opener = PageOpener(browser, self.site_url)
                while (task := self.tasks.get()) is not None:
                    check, result = task
                    if not result.set_running_or_notify_cancel():
                        continue  # the test has failed already
                    try:
                        result.set_result(check(opener))
                    except BaseException as exc:  # handed to the test, which raises it
                        result.set_exception(exc)
                    finally:
                        opener.close_pages()
                opener.close_all()
        except BaseException as exc:  # no browser (pytest.skip among them): every check says so
            while (task := self.tasks.get()) is not None:
                if task[1].set_running_or_notify_cancel():
                    task[1].set_exception(exc)

    def start(self, checks: Sequence[Callable[[PageOpener], Any]]) -> list[Future[Any]]:
        """Queues the checks, each called with a PageOpener; returns at once. The pages a
        check opens are closed when it returns."""
        results: list[Future[Any]] = []
        for check in checks:
            results.append(Future())
            self.tasks.put((check, results[-1]))
        self.queued += results
        return results

    @staticmethod
    def results(started: list[Future[Any]]) -> list[Any]:
        """What the checks returned, in order, once they are done; raises the first failure."""
        try:
            return [result.result(timeout=PAGE_TIMEOUT_S) for result in started]
        except TimeoutError:
            pytest.fail(f"a page took over {PAGE_TIMEOUT_S} s: is the browser stuck?")
        finally:
            for result in started:
                result.cancel()  # those not yet taken, after a failure

    def close(self) -> None:
        """Stops the workers once the checks they are on are done; the others are dropped."""
        for result in self.queued:
            result.cancel()
        for _ in self.threads:
            self.tasks.put(None)
        for thread in self.threads:
            thread.join(timeout=60)


def describe_charts(page: Any) -> list[dict[str, Any]]:
    return page.evaluate(DESCRIBE_CHARTS)


def wait_until_live(opened: Opened, path: str) -> list[dict[str, Any]]:
    """Brings each chart into view in turn and waits until it is live; fails clearly if not.

    Charts are enhanced only near the viewport, so each is waited for while it is in view; a
    busy machine then only makes this slower, never leaves a chart behind. The first chart
    that does not go live within the timeout ends the wait: the rest would only time out too.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page = opened.page
    charts = describe_charts(page)
    assert charts, f"{path}: no figure.chart on the page"
    for i in range(len(charts)):
        page.evaluate(
            "i => document.querySelectorAll('figure.chart')[i].scrollIntoView({block: 'center'})",
            i,
        )
        try:
            page.wait_for_function(
                "i => document.querySelectorAll('figure.chart')[i]"
                ".classList.contains('chart--live')",
                arg=i,
                timeout=WAIT_TIMEOUT_MS,
            )
        except PlaywrightTimeout:
            break  # reported below, without Playwright's own traceback
    page.evaluate("window.scrollTo(0, 0)")
    charts = describe_charts(page)
    stuck = [c["id"] for c in charts if not c["live"]]
    if stuck:
        pytest.fail(
            f"{path}: charts not live after {WAIT_TIMEOUT_MS} ms: {stuck}\n"
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


def assert_no_problems(opened: Opened, path: str) -> None:
    problems = collect_problems(opened)
    assert not any(problems.as_dict().values()), f"{path}:\n{problems.report()}"


@functools.cache
def axe_source() -> str:
    """axe-core as pinned in tests/package.json, else the copy axe-playwright-python ships."""
    pinned = NODE_MODULES / "axe-core" / "axe.min.js"
    if pinned.exists():
        return pinned.read_text("utf-8")
    from axe_playwright_python.base import AXE_SCRIPT

    return AXE_SCRIPT


CHART_MARKS = "figure.chart svg > *"
"""What a chart's SVG draws: left out of axe's runs (see run_axe)."""


def run_axe(
    page: Any, tags: list[str] = AXE_TAGS, rules: list[str] | None = None, within: str = ""
) -> list[Any]:
    """axe-core's violations on the page as it is now, of the given tags (or only rules), in
    the whole document or only ``within`` the element a CSS selector picks.

    What is drawn inside a chart's SVG is left out (CHART_MARKS): the SVG is one image to
    assistive technology, named, with nothing inside it exposed, which the accessibility tests
    check in Chromium's accessibility tree, and its colours are checked by their own probe. Its
    marks are most of a page's elements, and axe over them took a third of each run.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    run_only = {"type": "rule", "values": rules} if rules else {"type": "tag", "values": tags}
    options = {"runOnly": run_only, "resultTypes": ["violations"]}
    context = {"include": [[within]] if within else [["html"]], "exclude": [[CHART_MARKS]]}
    return page.evaluate("([c, o]) => axe.run(c, o)", [context, options])["violations"]


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
    """Hovers a chart mark that has a tooltip and waits until the tooltip shows; returns the
    figure's id and the mark. The mark is chosen, scrolled to and measured in the page
    (TOOLTIP_TARGET), so the pointer lands on it without waiting for the page to be idle."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    target = page.evaluate(TOOLTIP_TARGET)
    if not target:
        pytest.fail("no live chart mark with a tooltip value can be hovered")
    fig_id, name, index, x, y = target
    page.mouse.move(x, y)
    try:
        page.locator("#vg-tooltip-element").wait_for(state="visible", timeout=WAIT_TIMEOUT_MS)
    except PlaywrightTimeout:
        pytest.fail(f"no tooltip within {WAIT_TIMEOUT_MS} ms of hovering #{fig_id} {name}[{index}]")
    return fig_id, f"{name}[{index}]"
