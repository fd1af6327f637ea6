"""Chart rendering: accessible and slim inline SVG, Vega JSON with the locale, safe JSON, order."""

from __future__ import annotations

import html
import json
import math
import multiprocessing
import re
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import altair as alt
import pandas as pd
import pytest
from chart_text import measured_width
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.render.pool import render_charts
from generator.render.svg import _round_numbers, _round_path, _round_stroke, _trace, accessible_svg
from generator.render.vega import (
    FONT_CONFIG,
    NB_FORMAT_LOCALE,
    NB_TIME_LOCALE_NAME,
    RenderedChart,
    _compile,
    _compile_json,
    isolate_fonts,
    script_json,
)

ROOT = Path(__file__).resolve().parent.parent
SVG = "{http://www.w3.org/2000/svg}"
NBSP = "\u00a0"


def line_spec(description: str = "Deltakere per måned, 2024", scale: int = 1) -> dict:
    """A small line chart with a missing month, as the site's time series have."""
    frame = pd.DataFrame(
        {
            "maned": pd.date_range("2024-01-01", periods=4, freq="MS"),
            "antall": [18344 * scale, None, 1200 * scale, 300 * scale],
        }
    )
    chart = (
        alt.Chart(frame, description=description, title="Deltakere")
        .mark_line(point=True)
        .encode(
            x=alt.X("maned:T", title="Måned"),
            y=alt.Y("antall:Q", title="Antall"),
            tooltip=[alt.Tooltip("antall:Q", format=",d")],
        )
    )
    return chart.to_dict()


def bar_spec(description: str) -> dict:
    """A clipped bar chart: vl-convert emits a clip-path with an element id for it."""
    frame = pd.DataFrame({"gruppe": ["A", "B"], "antall": [1, 2]})
    chart = (
        alt.Chart(frame, description=description)
        .mark_bar(clip=True)
        .encode(x="gruppe:N", y=alt.Y("antall:Q", scale=alt.Scale(domain=[0, 1.5])))
    )
    return chart.to_dict()


@pytest.fixture(scope="module")
def line_chart() -> RenderedChart:
    [chart] = render_charts([line_spec('Deltakere <per> måned & "år"')])
    return chart


def test_root_svg_is_one_labelled_image(line_chart: RenderedChart) -> None:
    assert line_chart.svg.startswith("<svg")
    assert "<?xml" not in line_chart.svg and "<!DOCTYPE" not in line_chart.svg
    root = ET.fromstring(line_chart.svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-label") == 'Deltakere <per> måned & "år"'
    assert root.get("focusable") == "false"
    assert root.get("viewBox")


def test_no_aria_inside_the_image(line_chart: RenderedChart) -> None:
    assert 'role="graphics-' not in line_chart.svg
    inner = [el for el in ET.fromstring(line_chart.svg).iter()][1:]
    noisy = [
        (el.tag, name)
        for el in inner
        for name in el.attrib
        if name == "role" or name.startswith("aria-")
    ]
    assert noisy == []


def test_static_svg_formats_numbers_the_norwegian_way(line_chart: RenderedChart) -> None:
    labels = {el.text for el in ET.fromstring(line_chart.svg).iter(f"{SVG}text")}
    assert f"20{NBSP}000" in labels
    assert not any(label and "," in label for label in labels if label[:1].isdigit())


def test_vega_json_carries_nb_locale(line_chart: RenderedChart) -> None:
    vega = json.loads(line_chart.vega_json)
    assert vega["$schema"].endswith("/vega/v6.json")
    locale = vega["config"]["locale"]
    assert locale["number"] == NB_FORMAT_LOCALE
    assert locale["time"]["months"][0] == "januar"
    assert vega["description"] == 'Deltakere <per> måned & "år"'


def test_vega_json_is_safe_inside_a_script_element(line_chart: RenderedChart) -> None:
    assert not re.search(r"[<>&\u2028\u2029]", line_chart.vega_json)


def test_script_json_escapes_script_breakouts() -> None:
    value = {"a": "</script><!-- x --> & \u2028\u2029", "b": [1, 2.5, None]}
    text = script_json(value)
    assert "</script" not in text.lower()
    assert "<!--" not in text
    assert not re.search(r"[<>&\u2028\u2029]", text)
    assert "\\u003c/script\\u003e" in text
    assert json.loads(text) == value


def test_script_json_rejects_nan() -> None:
    with pytest.raises(ValueError):
        script_json({"x": float("nan")})


def test_missing_description_is_an_error() -> None:
    spec = line_spec()
    del spec["description"]
    with pytest.raises(ValueError, match="description"):
        render_charts([spec])


@pytest.fixture(scope="module")
def many_specs() -> list[dict]:
    """Enough specs for the process pool; clipped bars make vl-convert number its ids."""
    return [
        bar_spec(f"Diagram nummer {i}") if i % 2 else line_spec(f"Diagram nummer {i}", i + 1)
        for i in range(10)
    ]


@pytest.fixture(scope="module")
def pool_methods() -> list[str]:
    return []


@pytest.fixture(scope="module")
def parallel(many_specs: list[dict], pool_methods: list[str]) -> list[RenderedChart]:
    """An explicit process count uses the process pool even for a batch this small."""
    real = multiprocessing.get_context

    def spy(method: str | None = None) -> Any:
        pool_methods.append(str(method))
        return real(method)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(multiprocessing, "get_context", spy)
        return render_charts(many_specs, processes=2)


def test_parallel_render_uses_a_spawn_pool(
    parallel: list[RenderedChart], pool_methods: list[str]
) -> None:
    assert pool_methods == ["spawn"]


def test_parallel_render_keeps_input_order(
    many_specs: list[dict], parallel: list[RenderedChart]
) -> None:
    labels = [ET.fromstring(c.svg).get("aria-label") for c in parallel]
    assert labels == [f"Diagram nummer {i}" for i in range(len(many_specs))]
    assert [json.loads(c.vega_json)["description"] for c in parallel] == labels
    assert parallel == render_charts(many_specs, processes=1)


def test_element_ids_are_unique_across_charts(parallel: list[RenderedChart]) -> None:
    # Each worker process numbers clip paths from 1, so unprefixed ids would collide on a page.
    seen: set[str] = set()
    for chart in [c for c in parallel if "clip-path" in c.svg]:
        own = set(re.findall(r' id="([^"]+)"', chart.svg))
        refs = set(re.findall(r"url\(#([^)]+)\)", chart.svg))
        assert refs and refs <= own
        assert not own & seen
        seen |= own
    assert len(seen) >= 5


WORKER_IMPORTS = """
import json, sys
from generator.render.pool import _render_packed, _spawn_pool

if __name__ == "__main__":
    spec = json.dumps({"description": "x", "mark": "point", "data": {"values": [{}]}})
    with _spawn_pool(1) as pool:
        made = pool.submit(_render_packed, spec, "x", spec, "x").result()
        # eval is a builtin: the worker imports nothing more to run it.
        loaded = pool.submit(eval, "sorted(__import__('sys').modules)", {}).result()
    print(json.dumps({"parent": sorted(sys.modules), "worker": loaded, "svg": made.wide.svg}))
"""


def test_workers_render_without_altair_and_their_parent_without_vl_convert() -> None:
    """The main process builds the specs with Altair and pandas, the workers render them with
    vl-convert: neither loads what the other needs."""
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(WORKER_IMPORTS)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    found = json.loads(done.stdout)
    assert found["svg"].startswith("<svg")
    assert "vl_convert" in found["worker"]
    assert not {"altair", "pandas"} & {name.partition(".")[0] for name in found["worker"]}
    assert "vl_convert" not in found["parent"]


TIED = """
import os, time
from multiprocessing import Pipe
from generator.render.tether import tie_to

lifeline, held = Pipe(duplex=False)
tie_to({parent}, lifeline)
print("tied", flush=True)
{then}
time.sleep(240)  # far longer than the lifeline takes to end this process
"""


def _tied(parent: str, then: str = "") -> subprocess.CompletedProcess[str]:
    """A process set up as a chart worker is, tied to ``parent``."""
    code = TIED.format(parent=parent, then=then)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=600
    )


def test_a_worker_whose_parent_died_before_it_was_tied_ends_at_once() -> None:
    done = _tied("os.getpid()")  # not its parent: as if the parent had died and it had another
    assert (done.returncode, done.stdout) == (1, "")


def test_a_worker_ends_when_the_pipe_from_its_parent_closes() -> None:
    """Where prctl is missing, the pipe whose writing end only the parent holds tells."""
    done = _tied("os.getppid()", "held.close()")
    assert (done.returncode, done.stdout) == (1, "tied\n")


# ---- slimmer SVG: coordinates to 0.1 px, no default opacity, nothing empty or invisible -----

TRICKY = """<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
 width="615.55" height="100" viewBox="0 0 615.55 100">
 <defs><clipPath id="clip7"><rect x="0.04" width="150.123456" height="110"/></clipPath></defs>
 <g transform="translate(88.60833333333333,15) scale(0.123456)" opacity="1"
    clip-path="url(#clip7)">
  <text transform="translate(1.23456,2.06)" fill="#4A4A4A" font-family="'Font 1.25'"
        font-size="10.55px" dy="0.71em" opacity="1">1,23456 og 2.5e-7</text>
  <text transform="translate(3,4)" opacity="1"></text>
  <text/>
  <g fill-opacity="0.5">
   <path d="M0,0L1.23456,2" fill-opacity="1"/><path d="M0,0" fill-opacity="0.5"/>
  </g>
  <line x1="0.0049" y1="-0.04" x2="1e-7" y2="2.26" stroke="#E6E6E6" opacity="0.2"
        stroke-opacity="1" stroke-width="0.25"/>
  <use xlink:href="#clip7" x="10.06"/>
  <path d="M1,1" opacity="0"/><g opacity="0.0"><text>hover</text></g>
 </g>
</svg>"""


@pytest.fixture(scope="module")
def tricky() -> ET.Element:
    return ET.fromstring(accessible_svg(TRICKY, "Et diagram", "c1-"))


def test_slim_svg_keeps_the_root_and_its_label(tricky: ET.Element) -> None:
    assert (tricky.get("width"), tricky.get("height")) == ("615.55", "100")
    assert tricky.get("viewBox") == "0 0 615.55 100"
    assert tricky.get("role") == "img" and tricky.get("aria-label") == "Et diagram"


def test_slim_svg_rounds_geometry_only(tricky: ET.Element) -> None:
    [clip] = tricky.iter(f"{SVG}rect")
    assert (clip.get("x"), clip.get("width"), clip.get("height")) == ("0", "150.1", "110")
    group = tricky.find(f"{SVG}g")
    assert group.get("transform") == "translate(88.6,15) scale(0.123456)"  # factors stay
    assert group.get("clip-path") == "url(#c1-1)"
    [text] = tricky.iter(f"{SVG}text")
    assert text.text == "1,23456 og 2.5e-7"
    assert text.get("transform") == "translate(1.2,2.1)"
    assert text.get("font-family") == "'Font 1.25'" and text.get("fill") == "#4A4A4A"
    assert text.get("font-size") == "10.55px" and text.get("dy") == "0.71em"
    [line] = tricky.iter(f"{SVG}line")
    assert [line.get(n) for n in ("x1", "y1", "x2", "y2")] == ["0", "0", "0", "2.3"]
    assert line.get("stroke-width") == "0.25" and line.get("stroke") == "#E6E6E6"
    [use] = tricky.iter(f"{SVG}use")
    assert use.get("x") == "10.1" and use.get("{http://www.w3.org/1999/xlink}href") == "#c1-1"


def test_slim_svg_drops_only_what_is_in_effect_anyway(tricky: ET.Element) -> None:
    assert len(list(tricky.iter(f"{SVG}text"))) == 1  # the two empty ones are gone
    # Nothing drawn fully transparent: neither the path nor the group and what it holds.
    assert not [el for el in tricky.iter() if el.get("opacity") in ("0", "0.0")]
    assert len(list(tricky.iter(f"{SVG}path"))) == 2
    assert "hover" not in ET.tostring(tricky, "unicode")
    group = tricky.find(f"{SVG}g")
    assert "opacity" not in group.attrib and "opacity" not in tricky.find(f".//{SVG}text").attrib
    [line] = tricky.iter(f"{SVG}line")
    assert line.get("opacity") == "0.2" and "stroke-opacity" not in line.attrib
    # fill-opacity is inherited: 1 under a group at 0.5 is not the default there.
    first, second = tricky.iter(f"{SVG}path")
    assert first.get("fill-opacity") == "1" and first.get("d") == "M0,0L1.2,2"
    assert "fill-opacity" not in second.attrib


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        ("M88.60833333333333,15L3.14159,-0.04Z", "M88.6,15L3.1,0Z"),
        ("M1.414,0A1.414,1.414,0,1,1,-1.414,0", "M1.4,0A1.4,1.4,0,1,1,-1.4,0"),  # flags stay
        ("M1e-7,-0.04L2.5e2,3E1", "M0,0L250,30"),  # exponents; never -0
        ("M0.5.5L1-2", "M0.5,0.5L1,-2"),  # numbers written back to back
        ("M 10 20 30 40", "M10,20,30,40"),
        ("M0,0h150.04v110h-150.04Z", "M0,0h150v110h-150Z"),
        ("m0.04,0l0.04,0l0.04,0l0.04,0", "m0,0l0.1,0l0,0l0.1,0"),  # relative: no drift
        ("M10.04,10L20,20zl1.04,0", "M10,10L20,20zl1.1,0"),  # after z: from the start, 10.04
        ("M0,0C1.04,1.04,2.04,2.04,3.06,3.06s1,1,2,2", "M0,0C1,1,2,2,3.1,3.1s1,1,2,2"),
        ("", ""),
    ],
)
def test_path_rounding(d: str, expected: str) -> None:
    assert _round_path(d) == expected


@pytest.mark.parametrize(
    "d",
    ["M1,2 3", "L1,1", "M0,0A1,1,0,011,1,1", "M0,0X1,1", "M0,0Z1,1", "M1e999,0", "M0,0L1,1e"],
)
def test_path_data_that_cannot_be_read_stays(d: str) -> None:
    assert _round_path(d) == d


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("88.60833333333333", "88.6"),
        ("-0.04", "0"),
        ("1e-7", "0"),
        ("-2.26E1", "-22.6"),
        ("0.04.5", "0 0.5"),  # would otherwise read as 0.5 alone
        ("1.26.5", "1.3 0.5"),
        ("10-5.55", "10-5.5"),
        ("0.71em", "0.71em"),
        ("50.55%", "50.55%"),
        ("10.26px", "10.3px"),
        ("1 2.06,3", "1 2.1,3"),
        ("12.34,-5.06", "12.3,-5.1"),  # translate(x,y)
        ("-0.04,0.05", "0,0.1"),
    ],
)
def test_number_rounding(value: str, expected: str) -> None:
    assert _round_numbers(value) == expected


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(
    steps=st.lists(
        st.tuples(st.floats(-50, 50), st.floats(-50, 50), st.booleans()), min_size=1, max_size=40
    )
)
def test_rounded_relative_paths_end_where_the_exact_ones_do(steps) -> None:
    """Relative steps are rounded so that each point lands within 0.05 of where it was."""
    d = "M0.03,0.07" + "".join(f"{'l' if rel else 'L'}{x!r},{y!r}" for x, y, rel in steps)
    exact = _points(d)
    rounded = _points(_round_path(d))
    assert len(rounded) == len(exact)
    for (x, y), (rx, ry) in zip(exact, rounded, strict=True):
        assert abs(x - rx) <= 0.05 + 1e-9 and abs(y - ry) <= 0.05 + 1e-9


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(
    points=st.lists(
        st.tuples(
            st.sampled_from("MLHVZ"),
            st.lists(st.floats(-1e4, 1e4, allow_nan=False), min_size=2, max_size=4),
        ),
        min_size=1,
        max_size=30,
    )
)
def test_straight_paths_round_as_traced(points) -> None:
    """Vega's lines take a shortcut (each number rounded on its own); it writes what tracing
    the path would."""
    parts = ["M1.25,2.35"]
    for command, values in points:
        numbers = [f"{v:.6f}".rstrip("0").rstrip(".") for v in values]
        if command in "ML":
            parts.append(command + ",".join(numbers[: len(numbers) // 2 * 2]))
        elif command in "HV":
            parts.append(command + ",".join(numbers))
        else:
            parts.append("Z")
    d = "".join(parts)
    traced = _trace(d, 1)
    assert traced is not None
    assert _round_path(d) == traced[0]


def _points(d: str) -> list[tuple[float, float]]:
    """The absolute points of a path of M, L and l segments."""
    points, x, y = [], 0.0, 0.0
    for command, px, py in re.findall(rf"([MLl])({NUMBER}),({NUMBER})", d):
        x, y = (x + float(px), y + float(py)) if command == "l" else (float(px), float(py))
        points.append((x, y))
    return points


NUMBER = r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?"


def test_stroked_corners_stay_mitred_or_bevelled() -> None:
    """A spike whose miter is just under the limit would be bevelled once rounded."""
    # The corner at (1, 0) has a miter of 9.86 stroke widths; with 2.04 rounded to 2, 10.05.
    d = "M0,10L1,0L2.04,10"
    style = {"stroke": "#000", "stroke-width": "2", "stroke-linejoin": "miter",
             "stroke-miterlimit": "10", "stroke-dasharray": "none"}  # fmt: skip
    assert _round_stroke(d, style) == d  # 0.01 px keeps the corner mitred
    assert _round_stroke(d, {**style, "stroke-miterlimit": "20"}) == "M0,10L1,0L2,10"
    assert _round_stroke(d, {**style, "stroke-linejoin": "round"}) == "M0,10L1,0L2,10"
    assert _round_stroke(d, {**style, "stroke-dasharray": "4,3"}) == d
    assert _round_stroke("M0,10L1.004,0L2.044,10", style) == "M0,10L1,0L2.04,10"
    assert _round_stroke("M0,0.04L10.06,0L10.06,10.04", style) == "M0,0L10.1,0L10.1,10"


def test_rendered_svg_is_slim_and_still_the_same_picture(line_chart: RenderedChart) -> None:
    """Against vl-convert's own SVG: the same elements (less empty text) and texts, every
    number within 0.1 of where it was, no opacity that is in effect anyway, no inner ARIA."""
    import vl_convert as vlc

    raw = vlc.vega_to_svg(
        json.loads(line_chart.vega_json),
        format_locale=NB_FORMAT_LOCALE,
        time_format_locale=NB_TIME_LOCALE_NAME,
    )

    def drawn(parent: ET.Element) -> Iterator[ET.Element]:
        """Elements that show: not empty text, not fully transparent (axis labels that
        Vega hides where they would overlap), nor inside something fully transparent."""
        for el in parent:
            empty = el.tag == f"{SVG}text" and not (el.text or "").strip() and len(el) == 0
            if not empty and float(el.get("opacity", "1")) != 0:
                yield el
                yield from drawn(el)

    root = ET.fromstring(raw)
    before = [root, *drawn(root)]
    assert len(before) < len(list(root.iter())), "the chart has something to leave out"
    after = list(ET.fromstring(line_chart.svg).iter())
    assert [el.tag for el in before] == [el.tag for el in after]
    assert 'opacity="1"' in raw and 'opacity="1"' not in line_chart.svg
    geometry = {"d", "transform", "x", "y", "x1", "y1", "x2", "y2", "width", "height", "dx", "dy"}
    for old, new in zip(before[1:], after[1:], strict=True):
        assert old.text == new.text
        for name, value in old.attrib.items():
            if name == "role" or name.startswith("aria-"):
                continue  # the image is labelled once, at its root
            if name not in new.attrib:
                assert name.endswith("opacity") and float(value) == 1, (name, value)
            elif name in geometry:
                numbers = [float(n) for n in re.findall(NUMBER, value)]
                shorter = [float(n) for n in re.findall(NUMBER, new.get(name))]
                assert len(numbers) == len(shorter), (value, new.get(name))
                assert all(abs(a - b) <= 0.1 + 1e-9 for a, b in zip(numbers, shorter, strict=True))
                assert not re.search(r"\d\.\d\d", new.get(name)) or name == "d", new.get(name)
            elif name not in ("id", "clip-path"):
                assert new.get(name) == value, name
    assert len(line_chart.svg) < len(raw) * 0.9


def test_compiled_without_rows_then_given_them_is_the_same_vega() -> None:
    """Compiling with the rows copied in as text gives what compiling them gives (numbers may
    be written differently: 300.0 as Python writes it, 300 as JavaScript does)."""
    for spec in [line_spec(), bar_spec("Søyler <&>"), {**line_spec(), "datasets": {}}]:
        expected = json.loads(script_json(_compile(spec)))
        assert json.loads(_compile_json(spec)) == expected
        assert json.loads(_compile_json(json.dumps(spec))) == expected
        assert "<" not in _compile_json(spec)  # still safe inside a script element


def test_the_font_setup_lists_no_font_file() -> None:
    """vl-convert is to see only the fonts it holds in memory: reading a font file for every
    label it measures halves its speed, and the machine's fonts would change the layout."""
    conf = ET.parse(FONT_CONFIG / "fonts.conf").getroot()
    assert [child.tag for child in conf] == ["dir"]
    assert conf[0].get("prefix") == "relative" and conf[0].text == "."
    assert sorted(p.name for p in FONT_CONFIG.iterdir()) == ["fonts.conf"]


def test_isolating_the_fonts_leaves_the_environment_as_it_was(monkeypatch) -> None:
    import os

    monkeypatch.setenv("FONTCONFIG_FILE", "/elsewhere/fonts.conf")
    isolate_fonts.cache_clear()
    isolate_fonts()
    assert os.environ["FONTCONFIG_FILE"] == "/elsewhere/fonts.conf"


def test_chart_text_is_measured_with_arial_widths() -> None:
    """Liberation Sans has Arial's advance widths (in 2048ths of an em: A 1366, digits 1139,
    bold A 1479), so the layout fits browsers that draw the text in Arial or Liberation Sans."""
    assert measured_width("A") == math.ceil(1366 / 2048 * 1000)  # Vega rounds widths up
    assert measured_width("0123456789") == math.ceil(10 * 1139 / 2048 * 1000)
    assert measured_width("A", weight="bold") == math.ceil(1479 / 2048 * 1000)


def test_the_chart_font_has_every_character_the_charts_write(built_site) -> None:
    """Text measured with a character the font lacks would be laid out with a blank box."""
    written: set[str] = set()
    for page in built_site.rglob("*.html"):
        for svg in re.findall(r"<svg.*?</svg>", page.read_text("utf-8"), re.S):
            for text in re.findall(r"<text[^>]*>([^<]*)</text>", svg):
                written.update(html.unescape(text))
    assert "ø" in written and "\u00a0" in written  # the test reads what it should
    lacking = measured_width("x\ue000x") - measured_width("xx")  # a character no font has
    for weight in ("normal", "bold"):
        widths = {c: measured_width(f"x{c}x", weight=weight) - measured_width("xx", weight=weight)
                  for c in sorted(written)}  # fmt: skip
        missing = [c for c, width in widths.items() if width == lacking]
        assert not missing, f"{weight}: {missing}"
