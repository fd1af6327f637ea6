"""WCAG 2.2 AA on every page of the built site, in real Chromium, and valid HTML.

The bundled export is built once (``built_site``), served on 127.0.0.1 and opened in one shared
headless Chromium. Every check runs on every page the build wrote, not on a sample, and one
test reports the problems of all pages at once:

- axe-core (pinned in tests/package.json) with the WCAG 2.0/2.1/2.2 A and AA rules and best
  practices, zero violations of any impact: with JavaScript on and the charts live, in the
  light and the dark colour scheme, and again while a chart tooltip shows; and on each page as
  it is without its scripts (axe needs JavaScript itself, so there the site's scripts are
  served empty instead of turning JavaScript off).
- Keyboard (desktop, light): Tab reaches every link and control in document order, nothing
  inside a chart takes focus, no positive tabindex; the first stop is a skip link that moves
  focus into <main>; focus leaves the page after the last stop (no trap). Every stop shows a
  focus outline of at least 2 px and 3:1 against what is behind it, and nothing covers it; in
  the dark scheme too. At 400 % zoom each navigation menu opens with Enter, Tab walks its links
  next, and the open menu covers nothing Tab reaches after it.
- Chart tooltips: inside a landmark, dismissed by Escape, and kept while the pointer moves onto
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
  and every chart shows; with JavaScript on and off. With JavaScript on, axe's layout-dependent
  rules run there again.
- JavaScript off: every chart is there as one visible, labelled SVG with its caption, summary
  and table link, and no content in <main> is left hidden.
- Motion: with prefers-reduced-motion nothing animates and scrolling is not smooth.
- The Nu Html Checker (vnu, from the npm package vnu-jar, on the machine's Java) reports no
  error on any page; without Java it is skipped with a message, except in CI, where it fails.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import re
import shutil
import subprocess
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from browser_support import (
    DESKTOP,
    NODE_MODULES,
    Opened,
    PageOpener,
    collect_problems,
    format_violations,
    hover_until_tooltip,
    run_axe,
    wait_until_live,
)
from bs4 import BeautifulSoup

PROBES = (Path(__file__).resolve().parent / "a11y_probes.js").read_text("utf-8")
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"

# 400 % zoom of a 1280 × 1024 window: what the page lays out in is 320 × 256 CSS px.
ZOOM_400 = {"width": 320, "height": 256}
ZOOM_SCALE = 4
# The axe rules whose outcome depends on the layout, run again at 400 % zoom.
ZOOM_AXE_RULES = [
    "color-contrast",
    "link-in-text-block",
    "scrollable-region-focusable",
    "target-size",
]

MIN_FOCUS_CONTRAST = 3.0
MIN_OUTLINE_PX = 2.0
HIDDEN_SPOKEN = "skjult, færre enn 4"
STATEMENT = "tilgjengelighet.html"
# Roles of what holds a number: table cells and headers, and key figures (<dd>).
VALUE_ROLES = ("cell", "gridcell", "rowheader", "columnheader", "definition")


def site_pages(site: Path) -> list[str]:
    """Every HTML page the build wrote, as paths relative to the site root."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


class Findings:
    """What failed, per page and check, reported together so one run shows every problem."""

    def __init__(self) -> None:
        self.items: dict[str, list[str]] = defaultdict(list)

    def add(self, page: str, check: str, message: str) -> None:
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


def go_live(opened: Opened, path: str, findings: Findings) -> bool:
    """Makes every chart live; records a failure instead of stopping the run."""
    if opened.page.locator("figure.chart").count() == 0:
        return False
    try:
        wait_until_live(opened, path)
    except pytest.fail.Exception as exc:
        findings.add(path, "charts", str(exc))
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


def reset_focus(page: Any) -> None:
    """Puts the sequential focus starting point back at the top of the document."""
    page.evaluate(
        "() => { document.activeElement && document.activeElement.blur();"
        " window.getSelection().removeAllRanges(); window.scrollTo(0, 0); }"
    )
    page.mouse.move(0, 0)


def check_keyboard(page: Any) -> list[str]:
    """Tab order, focus visibility, the skip link and no trap (the menus: check_menus)."""
    out: list[str] = []
    stops = probe(page, "tabStops")
    out.extend(f"positive tabindex changes the order: {n}" for n in stops["positive"])
    out.extend(f"focusable inside a chart: {n}" for n in stops["inCharts"])
    count = stops["count"]
    if count == 0:
        return [*out, "nothing on the page takes focus"]

    reset_focus(page)
    walked: list[dict[str, Any]] = []
    for _ in range(count + 2):
        state = tab(page)
        if state is None:
            break
        walked.append(state)
        out.extend(check_focus(state))
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
    """Each navigation menu opens with Enter; Tab then walks its links and on into the page."""
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
        probe(page, "tabStops")  # the open menu's links are tab stops now
        # Through the menu's links and on into the page: the open menu must cover none of them.
        in_main = 0
        for step in range(links + 12):
            state = tab(page)
            if state is None or in_main >= 3:
                break
            in_main += state["inMain"]
            if step == 0 and not summary.evaluate(
                "s => s.parentElement.contains(document.activeElement)"
            ):
                out.append(f"menu {label!r}: Tab after opening it left the menu: {state['name']}")
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


def check_structure(opened: Opened) -> list[str]:
    """Headings, landmarks, figures and hidden values as a screen reader gets them."""
    out: list[str] = []
    nodes = ax_tree(opened)
    by_id = {n["nodeId"]: n for n in nodes}
    shown = [n for n in nodes if not n.get("ignored")]

    def role(n: dict[str, Any]) -> str:
        return ax_value(n, "role") or ""

    levels = [int(ax_property(n, "level") or 0) for n in shown if role(n) == "heading"]
    if levels.count(1) != 1:
        out.append(f"{levels.count(1)} level-one headings, expected 1")
    if levels and levels[0] != 1:
        out.append(f"the first heading is level {levels[0]}, not 1")
    for before, level in itertools.pairwise(levels):
        if level > before + 1:
            out.append(f"heading level jumps from {before} to {level}")

    landmarks = defaultdict(list)
    for n in shown:
        if role(n) in ("banner", "navigation", "main", "contentinfo"):
            landmarks[role(n)].append(normal(ax_value(n, "name")))
    for name in ("banner", "main", "contentinfo"):
        if len(landmarks[name]) != 1:
            out.append(f"{len(landmarks[name])} {name} landmarks, expected 1")
    if not landmarks["navigation"]:
        out.append("no navigation landmark")
    if len(landmarks["navigation"]) > 1 and not all(landmarks["navigation"]):
        out.append("several navigation landmarks, not all named")

    dom_figures = probe(opened.page, "figures")
    ax_figures = [n for n in shown if role(n) == "figure"]
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
        images = [d for d in inside if role(d) in ("image", "img")]
        graphics = [d for d in inside if role(d).startswith("graphics")]
        if len(images) != 1:
            out.append(f"{where}: {len(images)} images exposed, expected one")
        for image in images:
            if not normal(ax_value(image, "name")):
                out.append(f"{where}: the chart image has no name")
            exposed = [d for d in descendants(image, by_id) if not d.get("ignored")]
            exposed = [d for d in exposed if role(d) not in ("InlineTextBox",)]
            if exposed:
                out.append(f"{where}: {len(exposed)} nodes exposed inside the chart image")
        if graphics:
            out.append(f"{where}: {len(graphics)} graphics nodes exposed")
        if not fig["tableLinks"]:
            out.append(f"{where}: no link to the table with its numbers")

    # A "*" or "†" in a table cell or a key figure stands for words; prose may name the sign.
    parent = {c: n for n in nodes for c in n.get("childIds", [])}

    def in_value(node: dict[str, Any]) -> bool:
        for _ in range(6):
            node = parent.get(node["nodeId"])
            if node is None:
                return False
            if role(node) in VALUE_ROLES:
                return True
        return False

    spoken = [normal(ax_value(n, "name")) for n in shown if role(n) == "StaticText"]
    signs = [
        normal(ax_value(n, "name"))
        for n in shown
        if role(n) == "StaticText" and normal(ax_value(n, "name")) in ("*", "†") and in_value(n)
    ]
    if signs:
        out.append(f"{len(signs)} values read out as a sign ({', '.join(sorted(set(signs)))})")
    hidden_cells = opened.page.locator(".hidden-mark").count()
    said = sum(HIDDEN_SPOKEN in s for s in spoken)
    if said < hidden_cells:
        out.append(f"{hidden_cells} hidden values but {HIDDEN_SPOKEN!r} is read {said} times")
    return out


def check_figures_static(page: Any) -> list[str]:
    """Every chart drawn as one visible, labelled SVG with its caption, summary, table link."""
    out = []
    for fig in probe(page, "figures"):
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
    out = []
    for chart in probe(page, "chartColours"):
        out.extend(f"#{chart['id']}: {p}" for p in chart["problems"])
        if not chart["problems"] and chart["marks"] == 0:
            out.append(f"#{chart['id']}: no data marks found to check")
    return out


def check_tooltip(page: Any, path: str, findings: Findings, *, behaviour: bool) -> None:
    """axe again with a tooltip showing; the tooltip sits in a landmark, hides on Escape and
    stays while the pointer moves onto it (WCAG 1.4.13)."""
    try:
        fig_id, mark = hover_until_tooltip(page)
    except pytest.fail.Exception as exc:
        findings.add(path, "tooltip", str(exc))
        return
    tooltip = page.locator("#vg-tooltip-element")
    if not tooltip.inner_text().strip():
        findings.add(path, "tooltip", "the tooltip is empty")
    if not page.evaluate(
        "() => !!document.querySelector('#vg-tooltip-element')"
        ".closest('main, header, nav, footer, aside, [role=region], section[aria-label]')"
    ):
        findings.add(path, "tooltip", "the tooltip element is outside every landmark")
    violations = run_axe(page)
    if violations:
        findings.add(
            path, "axe, tooltip of #" + fig_id + " " + mark, "\n" + format_violations(violations)
        )
    if not tooltip.is_visible():
        findings.add(path, "tooltip", "hidden while axe ran, so axe did not check it")
    if not behaviour:
        return
    page.keyboard.press("Escape")
    with contextlib.suppress(Exception):
        tooltip.wait_for(state="hidden", timeout=1_000)
    if tooltip.is_visible():
        findings.add(path, "tooltip", "Escape does not dismiss the tooltip")
    page.mouse.move(0, 0)  # off the dismissed mark, which then may show its tooltip again
    hover_until_tooltip(page)
    box = tooltip.bounding_box()
    if box:
        # Straight from the mark onto the tooltip, then longer than the tooltip's hide delay.
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.wait_for_timeout(800)
        if not tooltip.is_visible():
            findings.add(path, "tooltip", "the tooltip vanishes when the pointer moves onto it")
    page.mouse.move(0, 0)


def check_motion(page: Any) -> list[str]:
    state = probe(page, "motion")
    out = [f"animating with reduced motion: {a}" for a in state["running"]]
    if state["smoothScroll"]:
        out.append("smooth scrolling with reduced motion")
    return out


def check_problems(opened: Opened) -> list[str]:
    problems = collect_problems(opened)
    return [line for line in problems.report().splitlines() if line]


# ----- The tests -----


def test_every_page_is_checked_and_links_the_statement(built_site: Path) -> None:
    """The suite checks what the build wrote; the statement is one link away on every page."""
    pages = site_pages(built_site)
    assert "index.html" in pages and STATEMENT in pages, pages
    assert len([p for p in pages if p.startswith("fylke/")]) >= 19
    assert len([p for p in pages if p.startswith("tiltaksgruppe/")]) >= 9
    missing = []
    for path in pages:
        soup = BeautifulSoup((built_site / path).read_text("utf-8"), "html.parser")
        hrefs = {a.get("href", "").rsplit("/", 1)[-1] for a in soup.select("nav a, footer a")}
        if STATEMENT not in hrefs:
            missing.append(path)
    assert not missing, f"no link to the accessibility statement in nav or footer: {missing}"


def test_statement_says_what_was_tested_and_how(built_site: Path) -> None:
    """The tilgjengelighetserklæring names the standard, the tools and what they check."""
    soup = BeautifulSoup((built_site / STATEMENT).read_text("utf-8"), "html.parser")
    text = normal(soup.find("main").get_text(" ")).lower()
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


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_every_page_with_javascript(
    built_site: Path, open_page: PageOpener, color_scheme: str
) -> None:
    """axe (before and with a tooltip), keyboard, chart colours, structure and motion."""
    findings = Findings()
    light = color_scheme == "light"
    for path in site_pages(built_site):
        opened = open_page(path, color_scheme=color_scheme)
        page = opened.page
        try:
            has_charts = go_live(opened, path, findings)
            if not light and probe(page, "pageLuminance") > 0.2:
                findings.add(path, "dark scheme", "the page stays light in the dark scheme")
            # Order, traps and menus do not change with the scheme; focus colours do.
            if light:
                findings.extend(path, "keyboard", check_keyboard(page))
            else:
                findings.extend(path, "focus", check_focus_appearance(page))
            reset_focus(page)
            if has_charts:
                findings.extend(path, "chart colours", check_chart_colours(page))
            if light:
                findings.extend(path, "screen reader", check_structure(opened))
            # In the dark scheme one run with a tooltip showing covers the page without it too.
            if light or not has_charts:
                violations = run_axe(page)
                if violations:
                    findings.add(path, "axe", "\n" + format_violations(violations))
            if has_charts:
                check_tooltip(page, path, findings, behaviour=light)
            findings.extend(path, "motion", check_motion(page))
            findings.extend(path, "errors", check_problems(opened))
        finally:
            opened.close()
    findings.assert_none(f"with JavaScript, {color_scheme} scheme")


@pytest.mark.parametrize("js", [True, False], ids=["javascript", "no-javascript"])
def test_every_page_reflows_at_400_percent_zoom(
    built_site: Path, open_page: PageOpener, js: bool
) -> None:
    """At 320 CSS px (400 % zoom): no sideways scrolling, no clipped text, tables in regions."""
    findings = Findings()
    for path in site_pages(built_site):
        opened = open_page(path, js=js, viewport=ZOOM_400, device_scale_factor=ZOOM_SCALE)
        page = opened.page
        try:
            if js:
                go_live(opened, path, findings)
            width = probe(page, "pageWidth")
            if width["scrollWidth"] > width["innerWidth"]:
                findings.add(
                    path,
                    "reflow",
                    f"the page is {width['scrollWidth']} px wide in a {width['innerWidth']} px "
                    "viewport and scrolls sideways",
                )
            findings.extend(path, "clipped text", probe(page, "clippedText"))
            findings.extend(path, "tables", probe(page, "tableRegions"))
            findings.extend(path, "charts", check_figures_static(page))
            findings.extend(path, "chart colours", check_chart_colours(page))
            if js:
                violations = run_axe(page, rules=ZOOM_AXE_RULES)
                if violations:
                    findings.add(path, "axe", "\n" + format_violations(violations))
                # An open menu fills the zoomed screen: it must not cover what Tab reaches next.
                probe(page, "tabStops")
                findings.extend(path, "keyboard", check_menus(page))
                findings.extend(path, "errors", check_problems(opened))
        finally:
            opened.close()
    findings.assert_none(f"at 400 % zoom, JavaScript {'on' if js else 'off'}")


def test_every_page_without_javascript(built_site: Path, open_page: PageOpener) -> None:
    """With JavaScript off every chart shows as SVG and no content is hidden; axe finds
    nothing on the page as it is without its scripts."""
    findings = Findings()
    for path in site_pages(built_site):
        opened = open_page(path, js=False, viewport=DESKTOP)
        page = opened.page
        try:
            findings.extend(path, "charts", check_figures_static(page))
            findings.extend(path, "chart colours", check_chart_colours(page))
            findings.extend(path, "hidden content", probe(page, "hiddenContent"))
            if page.locator("figure.chart.chart--live").count():
                findings.add(path, "charts", "charts went live with JavaScript off")
            problems = opened.problems
            findings.extend(path, "requests", problems.failed_requests + problems.foreign_requests)
        finally:
            opened.close()
        opened = open_page(path, block_scripts=True, viewport=DESKTOP)
        try:
            if opened.page.locator("figure.chart.chart--live").count():
                findings.add(path, "charts", "charts went live with the scripts blocked")
            violations = run_axe(opened.page)
            if violations:
                findings.add(path, "axe", "\n" + format_violations(violations))
        finally:
            opened.close()
    findings.assert_none("without JavaScript")


def java_command() -> str | None:
    java = shutil.which("java")
    if not java:
        return None
    try:
        subprocess.run([java, "-version"], capture_output=True, check=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    return java


def test_nu_html_checker_finds_no_errors(built_site: Path) -> None:
    """vnu over every HTML file of the site: no errors (its warnings are not failures)."""
    in_ci = os.environ.get("CI", "").lower() not in ("", "0", "false", "no")
    java = java_command()
    missing = None
    if not java:
        missing = "Java is not installed (apt-get install default-jre-headless)"
    elif not VNU_JAR.exists():
        missing = f"{VNU_JAR} is missing (run: npm ci --prefix tests, as tests/run.sh does)"
    if missing:
        if in_ci:
            pytest.fail(f"the Nu Html Checker cannot run in CI: {missing}")
        pytest.skip(f"Nu Html Checker not run: {missing}")

    pages = [str(built_site / p) for p in site_pages(built_site)]
    result = subprocess.run(
        [java, "-Xss8m", "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always", *pages],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, f"vnu failed to run:\n{result.stderr[-2000:]}"
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = [m for m in messages if m.get("type") in ("error", "non-document-error")]
    lines = []
    for m in errors[:50]:
        where = re.sub(r"^file:", "", m.get("url", ""))
        where = os.path.relpath(where, built_site) if where.startswith("/") else where
        lines.append(f"{where}:{m.get('lastLine', '?')}: {m.get('message')}")
    assert not errors, f"{len(errors)} vnu errors:\n" + "\n".join(lines)
