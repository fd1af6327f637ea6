"""Render one Vega-Lite spec with vl-convert: compiled Vega for the browser, SVG for the page.

Each chart is compiled once; the static SVG is rendered from that same compiled Vega spec, so
the picture readers get without JavaScript and the live chart that charts.js draws over it come
from identical input. Both carry the Norwegian number and time locale, and text is measured with
the one font vl-convert holds in memory, so the layout is the same on every machine.

This is the only module that loads vl-convert, and only inside the functions that use it: the
worker processes that render load it, the main process that plans pages need not.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Final

from generator.render.svg import accessible_svg

__all__ = [
    "FONT_CONFIG",
    "NB_FORMAT_LOCALE",
    "NB_TIME_LOCALE_NAME",
    "NO_CHART",
    "VL_VERSION",
    "FigureFiles",
    "MadeChart",
    "RenderedChart",
    "accessible_name",
    "isolate_fonts",
    "render_spec",
    "script_json",
    "svg_to_png",
    "warm_up",
]

VL_VERSION = "6.4"
"""Vega-Lite version vl-convert compiles with; matches the v6.4 schema Altair 6 writes."""

NB_FORMAT_LOCALE: dict[str, Any] = {
    "decimal": ",",
    "thousands": "\u00a0",
    "grouping": [3],
    "currency": ["", " kr"],
}
"""d3-format locale for bokmål: decimal comma, no-break space between thousands."""

NB_TIME_LOCALE_NAME: Final = "nb-NO"
"""d3-time-format locale name: Norwegian month and weekday names."""

FONT_CONFIG = Path(__file__).parent / "fontconfig"
"""A fontconfig setup that lists no fonts (see :func:`isolate_fonts`)."""

_SCRIPT_UNSAFE = (
    ("<", "\\u003c"),
    (">", "\\u003e"),
    ("&", "\\u0026"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
)


@dataclass(frozen=True)
class RenderedChart:
    """One chart ready for the page: inline SVG plus the Vega spec for the live view."""

    svg: str
    """Root <svg> has role="img", aria-label from the spec's description, no inner ARIA."""
    vega_json: str
    """Compiled Vega spec (with config.locale), safe inside <script type="application/json">."""


NO_CHART = RenderedChart(svg="", vega_json="")
"""The phone's chart where it would be the same picture as the wide one: none, the wide one
serves both."""


@dataclass(frozen=True)
class FigureFiles:
    """The figure to download: the chart with its title, period and source written into it."""

    svg: str
    png: bytes


@dataclass(frozen=True)
class MadeChart:
    """One chart's two renderings, for wide screens and for phones, and the figure to
    download (None where it was not asked for)."""

    wide: RenderedChart
    narrow: RenderedChart
    download: FigureFiles | None = None


def script_json(obj: Any) -> str:
    """Serialise to JSON that cannot end or comment out the <script> element it sits in.

    The HTML parser ends a script at ``</script`` and treats ``<!--`` specially, and U+2028/9
    break older JavaScript parsers, so those characters are written as \\uXXXX escapes, which
    JSON.parse reads back unchanged.
    """
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    # One replace per character, not str.translate: that goes character by character in
    # Python and took five times as long as the json.dumps (a ten-year site's charts: 0.8 s).
    for unsafe, escaped in _SCRIPT_UNSAFE:
        if unsafe in text:
            text = text.replace(unsafe, escaped)
    return text


@cache
def isolate_fonts() -> None:
    """Have vl-convert measure chart text with the Liberation Sans it carries, and nothing else.

    Label widths decide the layout. Measured with the fonts vl-convert holds in memory, the SVG
    is the same on every machine, whatever fonts it has installed; and rendering takes half the
    time, because vl-convert opens and maps a font *file* again for every label it measures.
    Liberation Sans has Arial's widths, so the layout fits the browsers that draw the charts'
    text in Arial (Windows, macOS, iOS) or Liberation Sans (Linux). vl-convert reads the
    machine's fonts once, through fontconfig, when a font folder is first registered: the
    fontconfig folder here lists only itself, and holds no fonts.
    """
    import vl_convert as vlc

    previous = os.environ.get("FONTCONFIG_FILE")
    os.environ["FONTCONFIG_FILE"] = str(FONT_CONFIG / "fonts.conf")
    try:
        vlc.register_font_directory(str(FONT_CONFIG))
    finally:
        if previous is None:
            del os.environ["FONTCONFIG_FILE"]
        else:
            os.environ["FONTCONFIG_FILE"] = previous


@cache
def _locale_config() -> dict[str, Any]:
    """Vega's config.locale, so the browser formats numbers and dates as the static SVG does."""
    import vl_convert as vlc

    return {
        "number": NB_FORMAT_LOCALE,
        "time": vlc.get_time_format_locale(NB_TIME_LOCALE_NAME),
    }


def accessible_name(spec: dict[str, Any], index: int) -> str:
    """The accessible name of the chart; a chart without one would be an unnamed image."""
    text = spec.get("description")
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"chart spec #{index} has no 'description' to use as its accessible name")
    return " ".join(text.split())


def _compile(spec: dict[str, Any] | str) -> dict[str, Any]:
    """Compile Vega-Lite to Vega and attach the bokmål locale to the compiled spec."""
    import vl_convert as vlc

    vega = vlc.vegalite_to_vega(spec, vl_version=VL_VERSION)
    config = dict(vega.get("config") or {})
    config["locale"] = _locale_config()
    vega["config"] = config
    return vega


_DATASET_MARK = "\u0000dataset:"


def _compile_json(spec: dict[str, Any] | str) -> str:
    """The compiled Vega spec as script_json text, its datasets' rows copied in as text.

    The rows are most of a spec (a ten-year chart's run to a hundred kilobytes) and the compiler
    only copies them, so the spec is compiled without them: converting them to Python objects
    and back would cost more than the compiling.
    """
    spec = json.loads(spec) if isinstance(spec, str) else dict(spec)
    datasets = spec.get("datasets") or {}
    spec["datasets"] = {name: [] for name in datasets}
    vega = _compile(spec)
    for entry in vega.get("data", []):
        if entry.get("name") in datasets and entry.get("values") == []:
            entry["values"] = _DATASET_MARK + entry["name"]
    text = script_json(vega)
    for name, values in datasets.items():
        text = text.replace(script_json(_DATASET_MARK + name), script_json(values), 1)
    return text


def render_spec(spec: dict[str, Any] | str, label: str) -> RenderedChart:
    """Compile one spec, render its SVG from the compiled Vega and serialise both.

    A spec may ask, in its ``usermeta``, for a fill drawn as hatching (``hatch``), which Vega
    cannot draw, and to be a static picture only (``static``: no Vega spec for the browser).
    """
    import vl_convert as vlc

    isolate_fonts()
    spec = json.loads(spec) if isinstance(spec, str) else spec
    meta = spec.get("usermeta") or {}
    vega_json = _compile_json(spec)
    # The JSON text, not the dict: vl-convert reads text faster than it converts Python objects.
    svg = vlc.vega_to_svg(
        vega_json,
        format_locale=NB_FORMAT_LOCALE,
        time_format_locale=NB_TIME_LOCALE_NAME,
    )
    prefix = "c" + hashlib.sha1(vega_json.encode("utf-8"), usedforsecurity=False).hexdigest()[:10]
    return RenderedChart(
        svg=accessible_svg(svg, label, prefix + "-", meta.get("hatch", "")),
        vega_json="" if meta.get("static") else vega_json,
    )


def svg_to_png(svg: str, scale: float) -> bytes:
    """A picture of the SVG, ``scale`` times its size, its text in the same font as the SVG's
    layout was measured with."""
    import vl_convert as vlc

    isolate_fonts()
    png: bytes = vlc.svg_to_png(svg, scale=scale)
    return png


def warm_up() -> None:
    """Start vl-convert's engine while the main process reads the export and plans pages."""
    import vl_convert as vlc

    isolate_fonts()
    vlc.vegalite_to_svg({"mark": "point", "data": {"values": [{}]}}, vl_version=VL_VERSION)
