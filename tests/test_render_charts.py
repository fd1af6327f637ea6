"""Chart rendering: accessible inline SVG, locale-carrying Vega JSON, script-safe JSON, order."""

from __future__ import annotations

import json
import multiprocessing
import re
import xml.etree.ElementTree as ET
from typing import Any

import altair as alt
import pandas as pd
import pytest

from generator.render_charts import (
    NB_FORMAT_LOCALE,
    RenderedChart,
    render_charts,
    script_json,
)

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
