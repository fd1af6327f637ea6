"""The checks the accessibility tests run on each open page, and how they report.

Each check takes a page as the browser shows it now and returns what is wrong, as one line
per problem; the tests in test_accessibility.py open the pages and gather the lines of every
page in one report (Findings). The measurements taken inside the page are in a11y_probes.js.
"""

from __future__ import annotations

import contextlib
import itertools
import threading
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from browser_support import (
    Opened,
    collect_problems,
    format_violations,
    hover_until_tooltip,
    run_axe,
    wait_until_live,
)

PROBES = (Path(__file__).resolve().parent / "a11y_probes.js").read_text("utf-8")

# 400 % zoom of a 1280 × 1024 window: what the page lays out in is 320 × 256 CSS px.
ZOOM_400 = {"width": 320, "height": 256}
ZOOM_SCALE = 4

MIN_FOCUS_CONTRAST = 3.0
MIN_OUTLINE_PX = 2.0
HIDDEN_SPOKEN = "skjult, færre enn 4"
# Roles of what holds a number: table cells and headers, and key figures (<dd>).
VALUE_ROLES = ("cell", "gridcell", "rowheader", "columnheader", "definition")

TOOLTIP = "#vg-tooltip-element"
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
"""axe's rules whose outcome depends on colours: all that the dark scheme changes."""
# charts.js hides a tooltip this long after the pointer leaves its mark (HIDE_DELAY_MS there).
TOOLTIP_HIDE_DELAY_MS = 400
# After this many pages whose charts did not go live, a sweep stops: the rest would only wait.
STUCK_PAGES_LIMIT = 3


class Findings:
    """What failed, per page and check, reported together so one run shows every problem."""

    def __init__(self) -> None:
        self.items: dict[str, list[str]] = defaultdict(list)
        self.stuck_pages = 0  # pages whose charts did not go live
        self.lock = threading.Lock()  # pages are checked side by side

    def too_many_stuck(self, page: str) -> bool:
        """Whether the charts failed on so many pages that checking this one would only wait."""
        if self.stuck_pages < STUCK_PAGES_LIMIT:
            return False
        self.add(page, "charts", f"not checked: charts stuck on {self.stuck_pages} other pages")
        return True

    def add(self, page: str, check: str, message: str) -> None:
        with self.lock:
            self.items[page].append(f"[{check}] {message}")

    def extend(self, page: str, check: str, messages: list[str]) -> None:
        for message in messages:
            self.add(page, check, message)

    def assert_none(self, what: str) -> None:
        if not self.items:
            return
        lines = [f"{what}: problems on {len(self.items)} page(s)"]
        for page, messages in sorted(self.items.items()):
            lines.append(f"{page}:")
            lines.extend(f"  {m}" for m in messages[:25])
            if len(messages) > 25:
                lines.append(f"  … and {len(messages) - 25} more")
        pytest.fail("\n".join(lines), pytrace=False)


def probe(page: Any, name: str, *args: Any) -> Any:
    """Calls one of the measurements in a11y_probes.js, loading it into the page if needed."""
    call = f"args => window.__a11y ? [window.__a11y.{name}(...args)] : null"
    result = page.evaluate(call, list(args))
    if result is None:
        page.evaluate(PROBES)
        result = page.evaluate(call, list(args))
    return result[0]


def probes(page: Any, *names: str) -> dict[str, Any]:
    """Several measurements of a11y_probes.js (those without arguments) in one round trip."""
    call = "names => window.__a11y ? names.map(name => window.__a11y[name]()) : null"
    results = page.evaluate(call, list(names))
    if results is None:
        page.evaluate(PROBES)
        results = page.evaluate(call, list(names))
    return dict(zip(names, results, strict=True))


def go_live(opened: Opened, path: str, findings: Findings) -> bool:
    """Makes every chart live; records a failure instead of stopping the run."""
    if opened.page.locator("figure.chart").count() == 0:
        return False
    try:
        wait_until_live(opened, path)
    except pytest.fail.Exception as exc:
        findings.add(path, "charts", str(exc))
        with findings.lock:
            findings.stuck_pages += 1
    opened.page.evaluate("window.scrollTo(0, 0)")
    return True


# ----- Keyboard -----


def check_focus(state: dict[str, Any]) -> list[str]:
    """What is wrong with how one focused element shows its focus."""
    name = state["name"]
    out = []
    if not state["focusVisible"]:
        out.append(f"{name}: not :focus-visible after Tab")
    if state["outlineWidth"] < MIN_OUTLINE_PX:
        out.append(f"{name}: focus outline {state['outlineWidth']} px, needs {MIN_OUTLINE_PX}")
    elif state["outlineContrast"] < MIN_FOCUS_CONTRAST:
        out.append(
            f"{name}: focus outline {state['outlineColour']} on {state['behind']} is "
            f"{state['outlineContrast']:.2f}:1, needs {MIN_FOCUS_CONTRAST}:1"
        )
    if not state["inView"]:
        out.append(f"{name}: focused but not scrolled into view")
    elif not state["uncovered"]:
        out.append(f"{name}: focused but covered by {state['coveredBy']}")
    return out


def tab(page: Any) -> dict[str, Any] | None:
    page.keyboard.press("Tab")
    return probe(page, "focusState")


# Blurring alone leaves Tab to go on from the element blurred: focusing a mark at the top of
# <body> and removing it moves the starting point there, and leaves nothing focused.
RESET_FOCUS = """
() => {
  const mark = document.createElement("span");
  mark.tabIndex = -1;
  document.body.prepend(mark);
  mark.focus({preventScroll: true});
  mark.remove();
  window.getSelection().removeAllRanges();
  window.scrollTo(0, 0);
}
"""


def reset_focus(page: Any) -> None:
    """Puts the sequential focus starting point back at the top of the document."""
    page.evaluate(RESET_FOCUS)
    page.mouse.move(0, 0)


def walk_with_tab(page: Any, presses: int) -> list[dict[str, Any]]:
    """Where the Tab key takes focus from the top of the page, up to where it leaves the page:
    each stop's index among the tab stops (-1 if none), name and whether it is in <main>."""
    reset_focus(page)
    probe(page, "recordFocus")
    for _ in range(presses):
        page.keyboard.press("Tab")
    return list(itertools.takewhile(lambda s: s is not None, probe(page, "focusRecord")))


def check_keyboard(page: Any) -> list[str]:
    """Tab order, focus visibility, the skip link and no trap (the menus: check_menus)."""
    out: list[str] = []
    stops = probe(page, "tabStops")
    out.extend(f"positive tabindex changes the order: {n}" for n in stops["positive"])
    out.extend(f"focusable inside a chart: {n}" for n in stops["inCharts"])
    count = stops["count"]
    if count == 0:
        return [*out, "nothing on the page takes focus"]

    walked = walk_with_tab(page, count + 2)
    order = [s["index"] for s in walked]
    if order != list(range(count)):
        expected = stops["names"]
        at = next(
            (i for i, (a, b) in enumerate(zip(order, range(count), strict=False)) if a != b),
            min(len(order), count),
        )
        got = walked[at]["name"] if at < len(walked) else "focus left the page"
        want = expected[at] if at < count else "focus to leave the page"
        out.append(
            f"Tab order differs from document order at stop {at + 1} of {count}: "
            f"got {got}, expected {want}"
        )
    if len(walked) > count:
        out.append(f"focus did not leave the page after the last of {count} stops (a trap?)")

    # The skip link: first stop, shown when focused, and moves focus into <main>.
    reset_focus(page)
    first = tab(page)
    main_id = stops["mainId"]
    if not first or first["skipTarget"] != main_id:
        out.append(
            f"the first Tab stop is not a skip link to #{main_id}: {first and first['name']}"
        )
    else:
        page.keyboard.press("Enter")
        landed = probe(page, "focusState")
        if not landed or not (landed["isMain"] or landed["inMain"]):
            out.append(f"the skip link did not move focus into <main>: {landed}")
        after = tab(page)
        if stops["firstInMain"] >= 0 and (not after or after["index"] != stops["firstInMain"]):
            want = stops["names"][stops["firstInMain"]]
            out.append(f"Tab after the skip link went to {after and after['name']}, not {want}")
    # How each stop shows focus; focused in turn as Tab focuses it, from the keyboard. Last:
    # Tab then goes on from the last stop, where no other check expects to start.
    out.extend(check_focus_appearance(page))
    return out


def check_focus_appearance(page: Any) -> list[str]:
    """How every tab stop shows focus, each focused in turn from the keyboard's modality."""
    probe(page, "tabStops")
    reset_focus(page)
    page.keyboard.press("Tab")
    out = []
    for state in probe(page, "focusEach"):
        out.extend(check_focus(state))
    return out


def check_menus(page: Any) -> list[str]:
    """Each navigation menu opens with Enter; Tab then walks its links and on into the page,
    three stops into <main>, and the open menu covers none of them."""
    out: list[str] = []
    summaries = page.locator("header nav details > summary")
    for i in range(summaries.count()):
        summary = summaries.nth(i)
        label = normal(summary.inner_text())
        reset_focus(page)
        summary.focus()
        page.keyboard.press("Enter")
        is_open = summary.evaluate("s => s.parentElement.open")
        if not is_open:
            out.append(f"menu {label!r}: Enter on its summary did not open it")
            continue
        links = summary.evaluate(
            "s => Array.from(s.parentElement.querySelectorAll('a[href]')).length"
        )
        stops = probe(page, "tabStops")  # the open menu's links are tab stops now
        start = probe(page, "focusState")["index"]
        # Through the menu's links and on to the third stop in <main>, as the document orders
        # them; links + 12 at most, as Tab may not keep to that order.
        presses = links + 12
        if stops["firstInMain"] > start >= 0:
            presses = min(presses, stops["firstInMain"] + 3 - start)
        probe(page, "recordFocus")
        for _ in range(presses):
            page.keyboard.press("Tab")
        walked = list(itertools.takewhile(lambda s: s is not None, probe(page, "focusRecord")))
        if walked and not walked[0]["inOpenMenu"]:
            out.append(f"menu {label!r}: Tab after opening it left the menu: {walked[0]['name']}")
        # How each stop the walk reached shows focus, with the menu still open.
        states = probe(page, "focusEach", [s["index"] for s in walked])
        for state in states:
            out.extend(f"menu {label!r} open: {m}" for m in check_focus(state))
        summary.evaluate("s => { s.parentElement.open = false; }")
    return out


# ----- Screen readers -----


def ax_tree(opened: Opened) -> list[dict[str, Any]]:
    """Chromium's full accessibility tree, in document order."""
    session = opened.context.new_cdp_session(opened.page)
    try:
        nodes = session.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        session.detach()
    by_id = {n["nodeId"]: n for n in nodes}
    roots = [n for n in nodes if not n.get("parentId") or n["parentId"] not in by_id]
    ordered: list[dict[str, Any]] = []
    stack = list(reversed(roots))
    while stack:
        node = stack.pop()
        ordered.append(node)
        stack.extend(by_id[c] for c in reversed(node.get("childIds", [])) if c in by_id)
    return ordered


def ax_value(node: dict[str, Any], key: str) -> Any:
    return (node.get(key) or {}).get("value")


def ax_property(node: dict[str, Any], name: str) -> Any:
    for prop in node.get("properties", []):
        if prop["name"] == name:
            return prop["value"].get("value")
    return None


def descendants(node: dict[str, Any], by_id: dict[str, Any]) -> list[dict[str, Any]]:
    out, stack = [], list(node.get("childIds", []))
    while stack:
        child = by_id.get(stack.pop())
        if child:
            out.append(child)
            stack.extend(child.get("childIds", []))
    return out


def normal(text: str | None) -> str:
    return " ".join((text or "").split())


def ax_role(node: dict[str, Any]) -> str:
    return ax_value(node, "role") or ""


def check_headings_and_landmarks(shown: list[dict[str, Any]]) -> list[str]:
    """One <h1>, no skipped heading level; one banner, main and contentinfo; named navigation."""
    out: list[str] = []
    levels = [int(ax_property(n, "level") or 0) for n in shown if ax_role(n) == "heading"]
    if levels.count(1) != 1:
        out.append(f"{levels.count(1)} level-one headings, expected 1")
    if levels and levels[0] != 1:
        out.append(f"the first heading is level {levels[0]}, not 1")
    for before, level in itertools.pairwise(levels):
        if level > before + 1:
            out.append(f"heading level jumps from {before} to {level}")

    landmarks = defaultdict(list)
    for n in shown:
        if ax_role(n) in ("banner", "navigation", "main", "contentinfo"):
            landmarks[ax_role(n)].append(normal(ax_value(n, "name")))
    for name in ("banner", "main", "contentinfo"):
        if len(landmarks[name]) != 1:
            out.append(f"{len(landmarks[name])} {name} landmarks, expected 1")
    if not landmarks["navigation"]:
        out.append("no navigation landmark")
    if len(landmarks["navigation"]) > 1 and not all(landmarks["navigation"]):
        out.append("several navigation landmarks, not all named")
    return out


def check_figures_exposed(
    page: Any, shown: list[dict[str, Any]], by_id: dict[str, Any]
) -> list[str]:
    """Each chart a figure named by its caption and described by its summary, holding exactly
    one named image with nothing exposed inside it, and a link to its table."""
    out: list[str] = []
    dom_figures = probe(page, "figures")
    ax_figures = [n for n in shown if ax_role(n) == "figure"]
    if len(ax_figures) != len(dom_figures):
        out.append(
            f"{len(ax_figures)} figures in the accessibility tree, {len(dom_figures)} charts"
        )
    for fig, node in zip(dom_figures, ax_figures, strict=False):
        where = f"#{fig['id']}"
        if normal(ax_value(node, "name")) != normal(fig["caption"]) or not fig["caption"]:
            out.append(f"{where}: named {ax_value(node, 'name')!r}, caption {fig['caption']!r}")
        if not fig["summary"] or normal(fig["summary"]) not in normal(
            ax_value(node, "description")
        ):
            out.append(f"{where}: its description is not its summary")
        if not fig["summaryInside"]:
            out.append(f"{where}: the summary is not inside the figure")
        inside = [d for d in descendants(node, by_id) if not d.get("ignored")]
        images = [d for d in inside if ax_role(d) in ("image", "img")]
        graphics = [d for d in inside if ax_role(d).startswith("graphics")]
        if len(images) != 1:
            out.append(f"{where}: {len(images)} images exposed, expected one")
        for image in images:
            if not normal(ax_value(image, "name")):
                out.append(f"{where}: the chart image has no name")
            exposed = [d for d in descendants(image, by_id) if not d.get("ignored")]
            exposed = [d for d in exposed if ax_role(d) not in ("InlineTextBox",)]
            if exposed:
                out.append(f"{where}: {len(exposed)} nodes exposed inside the chart image")
        if graphics:
            out.append(f"{where}: {len(graphics)} graphics nodes exposed")
        if not fig["tableLinks"]:
            out.append(f"{where}: no link to the table with its numbers")
    return out


def check_values_spoken(page: Any, nodes: list[dict[str, Any]]) -> list[str]:
    """No "*" or "†" in a cell or key figure read out as a sign; each hidden value is read as
    "skjult, færre enn 4". Prose may name the sign."""
    out: list[str] = []
    shown = [n for n in nodes if not n.get("ignored")]
    parent = {c: n for n in nodes for c in n.get("childIds", [])}

    def in_value(node: dict[str, Any]) -> bool:
        above: dict[str, Any] | None = node
        for _ in range(6):
            above = parent.get(above["nodeId"]) if above else None
            if above is None:
                return False
            if ax_role(above) in VALUE_ROLES:
                return True
        return False

    spoken = [normal(ax_value(n, "name")) for n in shown if ax_role(n) == "StaticText"]
    signs = [
        normal(ax_value(n, "name"))
        for n in shown
        if ax_role(n) == "StaticText" and normal(ax_value(n, "name")) in ("*", "†") and in_value(n)
    ]
    if signs:
        out.append(f"{len(signs)} values read out as a sign ({', '.join(sorted(set(signs)))})")
    hidden_cells = page.locator(".hidden-mark").count()
    said = sum(HIDDEN_SPOKEN in s for s in spoken)
    if said < hidden_cells:
        out.append(f"{hidden_cells} hidden values but {HIDDEN_SPOKEN!r} is read {said} times")
    return out


def check_structure(opened: Opened) -> list[str]:
    """Headings, landmarks, figures and hidden values as a screen reader gets them."""
    nodes = ax_tree(opened)
    by_id = {n["nodeId"]: n for n in nodes}
    shown = [n for n in nodes if not n.get("ignored")]
    return [
        *check_headings_and_landmarks(shown),
        *check_figures_exposed(opened.page, shown, by_id),
        *check_values_spoken(opened.page, nodes),
    ]


def figures_static_problems(figures: list[dict[str, Any]]) -> list[str]:
    """Every chart drawn as one visible, labelled SVG with its caption, summary and table link,
    as the figures probe measured them."""
    out = []
    for fig in figures:
        where = f"#{fig['id']}"
        if fig["visibleSvgs"] != 1:
            out.append(f"{where}: {fig['visibleSvgs']} of {fig['svgs']} svgs shown")
            continue
        if fig["role"] != "img" or not fig["label"]:
            out.append(f"{where}: svg role={fig['role']!r}, label={fig['label']!r}")
        if fig["width"] < 50 or fig["height"] < 50:
            out.append(f"{where}: svg is {fig['width']:.0f} × {fig['height']:.0f} px")
        if not fig["captionVisible"] or not fig["caption"]:
            out.append(f"{where}: no visible caption")
        if not fig["summaryVisible"] or not fig["summary"]:
            out.append(f"{where}: no visible summary")
        if not fig["tableLinks"]:
            out.append(f"{where}: no link to its table")
    return out


# ----- Charts, tooltips, motion -----


def check_chart_colours(page: Any) -> list[str]:
    return chart_colour_problems(probe(page, "chartColours"))


def chart_colour_problems(charts: list[dict[str, Any]]) -> list[str]:
    """What the chartColours probe found, and charts where it found no data mark to check."""
    out: list[str] = []
    for chart in charts:
        out.extend(f"#{chart['id']}: {p}" for p in chart["problems"])
        if not chart["problems"] and chart["marks"] == 0:
            out.append(f"#{chart['id']}: no data marks found to check")
    return out


def wait_past_tooltip_hide_delay(page: Any) -> None:
    """Waits in the page until a hide charts.js may have scheduled has run. The page's own
    timer, set after the pointer moved, fires after any timer charts.js set on that move,
    however slowly the machine runs: timers fire in the order they fall due."""
    page.evaluate("ms => new Promise(done => setTimeout(done, ms))", TOOLTIP_HIDE_DELAY_MS + 100)


def tooltip_hides(page: Any) -> bool:
    """Whether the tooltip goes away once the page is back at its top, the pointer there too.
    Waits for that as long as the tooltip may take (its hide delay, on a busy machine)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page.evaluate("window.scrollTo(0, 0)")
    page.mouse.move(0, 0)
    try:
        page.locator(TOOLTIP).wait_for(state="hidden")
    except PlaywrightTimeout:
        return False
    return True


def show_tooltip(page: Any, path: str, findings: Findings) -> bool:
    """Hovers a chart mark until its tooltip shows: one with content, inside <main>."""
    try:
        hover_until_tooltip(page)
    except pytest.fail.Exception as exc:
        findings.add(path, "tooltip", str(exc))
        return False
    if not page.locator(TOOLTIP).inner_text().strip():
        findings.add(path, "tooltip", "the tooltip is empty")
    if not page.evaluate(f"() => !!document.querySelector('main {TOOLTIP}')"):
        findings.add(path, "tooltip", "the tooltip element is not inside <main>")
    return True


def check_axe(
    page: Any, path: str, findings: Findings, check: str, rules: list[str] | None = None
) -> None:
    """axe on the page as it is now, no chart tooltip showing: a tooltip would hide from the
    contrast rule the text it lies over (check_axe_on_tooltip checks the tooltip itself)."""
    if page.locator(TOOLTIP).is_visible():
        findings.add(path, check, "a chart tooltip was showing: axe would not see under it")
    violations = run_axe(page, rules=rules)
    if violations:
        findings.add(path, check, "\n" + format_violations(violations))


def check_axe_on_tooltip(
    page: Any, path: str, findings: Findings, check: str, rules: list[str] | None = None
) -> None:
    """axe on the chart tooltip showing now, and nothing else: its text against what is behind
    it (axe takes the background from the page as drawn, outside the tooltip too)."""
    tooltip = page.locator(TOOLTIP)
    if not tooltip.is_visible():
        findings.add(path, check, "no chart tooltip showing to check")
        return
    violations = run_axe(page, rules=rules, within=TOOLTIP)
    if violations:
        findings.add(path, f"{check}, a chart tooltip", "\n" + format_violations(violations))
    if not tooltip.is_visible():
        findings.add(path, "tooltip", "hidden while axe ran, so axe did not check it")


def check_tooltip_behaviour(page: Any) -> list[str]:
    """Escape dismisses the tooltip; the pointer can move onto it without it vanishing."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    out = []
    tooltip = page.locator(TOOLTIP)
    page.keyboard.press("Escape")
    with contextlib.suppress(PlaywrightTimeout):  # reported just below
        tooltip.wait_for(state="hidden")
    if tooltip.is_visible():
        out.append("Escape does not dismiss the tooltip")
    page.mouse.move(0, 0)  # off the dismissed mark, which then may show its tooltip again
    try:
        hover_until_tooltip(page)
    except pytest.fail.Exception as exc:
        return [*out, f"after Escape: {exc}"]
    box = page.evaluate(
        f"() => {{ const r = document.querySelector('{TOOLTIP}').getBoundingClientRect();"
        " return [r.left + r.width / 2, r.top + r.height / 2]; }"
    )
    # Straight from the mark onto the tooltip, then past the tooltip's hide delay.
    page.mouse.move(*box)
    wait_past_tooltip_hide_delay(page)
    if not tooltip.is_visible():
        out.append("the tooltip vanishes when the pointer moves onto it")
    return out


def check_motion(page: Any) -> list[str]:
    state = probe(page, "motion")
    out = [f"animating with reduced motion: {a}" for a in state["running"]]
    if state["smoothScroll"]:
        out.append("smooth scrolling with reduced motion")
    return out


def check_problems(opened: Opened) -> list[str]:
    problems = collect_problems(opened)
    return [line for line in problems.report().splitlines() if line]


def check_reflow(page: Any, path: str, findings: Findings, *, label: str = "") -> None:
    """At 400 % zoom: no sideways scrolling, no clipped text, every data table (and any table
    wider than its room) in its own scrolling region, and every chart shown."""
    found = probes(page, "pageWidth", "clippedText", "tableRegions", "figures", "chartColours")
    width = found["pageWidth"]
    if width["innerWidth"] != ZOOM_400["width"]:
        findings.add(path, f"{label}reflow", f"the viewport is {width['innerWidth']} px wide")
    if width["scrollWidth"] > width["innerWidth"]:
        findings.add(
            path,
            f"{label}reflow",
            f"the page is {width['scrollWidth']} px wide in a {width['innerWidth']} px "
            "viewport and scrolls sideways",
        )
    findings.extend(path, f"{label}clipped text", found["clippedText"])
    findings.extend(path, f"{label}tables", found["tableRegions"])
    findings.extend(path, f"{label}charts", figures_static_problems(found["figures"]))
    findings.extend(path, f"{label}chart colours", chart_colour_problems(found["chartColours"]))
