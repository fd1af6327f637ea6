"""Browser tests of the built site in headless Chromium (Playwright) with axe-core.

The site built once by the ``built_site`` fixture is served over HTTP on 127.0.0.1 and opened
in one shared Chromium. For a few representative pages this checks that the charts are
enhanced into live Vega views without errors, CSP violations or requests leaving the local
server, with Vega and the chart specs loaded only after the first paint; that every chart is
still a labelled, visible image with JavaScript off; and that a phone-width viewport never
scrolls sideways. axe-core runs on every page, in both colour schemes and on a chart tooltip
as it shows, in test_accessibility.py.
"""

from __future__ import annotations

from typing import Any

import pytest
from browser_support import (
    DESKTOP,
    MIN_MARKS,
    PHONE,
    assert_no_problems,
    describe_charts,
    wait_until_live,
)

PAGES = ["index.html", "fylke/oslo.html", "tiltaksgruppe/opplaering.html"]

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


# When the page first painted, when charts.js added the scripts, and when each script started
# to load.
LOAD_TIMES = """
() => ({
  paint: (performance.getEntriesByName("first-contentful-paint")[0] || {}).startTime,
  mark: performance.getEntriesByName("navcharts-scripts")[0].startTime,
  scripts: performance.getEntriesByType("resource")
    .filter(e => e.initiatorType === "script")
    .map(e => [new URL(e.name).pathname.split("/").pop(), e.startTime])
})
"""


@pytest.mark.parametrize("path", PAGES)
def test_charts_go_live_after_the_first_paint_without_errors(open_page: Any, path: str) -> None:
    """With JS on, every chart becomes a live, labelled Vega view; no errors, only local.

    The page paints with its static charts first; only then does charts.js add Vega and the
    page's chart specs, which the HTML itself does not load. (One load of the page checks
    both: the load times are the browser's record of that load.)
    """
    opened = open_page(path)
    static = describe_charts(opened.page)
    charts = wait_until_live(opened, path)
    check_live_charts(path, charts, static)

    times = opened.page.evaluate(LOAD_TIMES)
    assert times["paint"] is not None and times["paint"] < times["mark"], times
    loaded = {name: start for name, start in times["scripts"]}
    stem = path.rsplit("/", 1)[-1].removesuffix(".html")
    later = ["vega.min.js", "vega-interpreter.min.js", "vega-tooltip.min.js", f"{stem}.charts.js"]
    assert set(loaded) == {"charts.js", *later}, loaded
    assert all(loaded[name] >= times["mark"] for name in later), times
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


# Which of a figure's canvases are shown: own scales or the shared one, wide or narrow.
SHOWN_CANVASES = """
(figure) => Array.from(figure.querySelectorAll(".chart-canvas"))
  .filter(c => c.checkVisibility())
  .map(c => Array.from(c.classList).filter(n => n !== "chart-canvas").sort().join(" "))
"""


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("js", [False, True], ids=["no-javascript", "javascript"])
def test_the_choice_of_scale_works_by_keyboard(
    open_page: Any, js: bool, viewport: dict[str, int]
) -> None:
    """Every county's series on their own scales, and on one shared scale at a key press:
    one picture shown at a time, with or without scripts."""
    path = "tiltaksgruppe/opplaering.html"
    opened = open_page(path, js=js, viewport=viewport)
    page = opened.page
    if js:
        wait_until_live(opened, path)
    figure = page.locator("figure[id$='-fylkesserier']")
    width = "narrow" if viewport == PHONE else "wide"
    own, shared_one = (
        [" ".join(sorted([f"chart-canvas--{scale}", f"chart-canvas--{width}"]))]
        for scale in ("own", "shared")
    )
    assert figure.evaluate(SHOWN_CANVASES) == own
    toggle = figure.locator("input.scale-toggle")
    toggle.focus()
    page.keyboard.press("Space")
    assert toggle.is_checked()
    assert figure.evaluate(SHOWN_CANVASES) == shared_one
    shared = figure.locator(f".chart-canvas--shared.chart-canvas--{width} svg")
    assert shared.get_attribute("role") == "img" and shared.get_attribute("aria-label")
    page.keyboard.press("Space")
    assert figure.evaluate(SHOWN_CANVASES) == own
    assert_no_problems(opened, path)
