"""Where chart text stands once laid out: vl-convert's own measurements, as the build renders.

Text is measured as the build measures it (:func:`isolate_fonts`): with the Liberation Sans
vl-convert holds in memory, which has Arial's widths.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

import vl_convert as vlc

from generator.charts.style import FONT
from generator.render.vega import NB_FORMAT_LOCALE, NB_TIME_LOCALE_NAME, VL_VERSION, isolate_fonts

Extent = tuple[float, float]
"""Left and right edge of a label, in pixels along its axis."""


@cache
def measured_width(text: str, font: str = FONT, weight: str = "normal") -> int:
    """The width vl-convert lays ``text`` out with, at 1000 px, in thousandths of an em."""
    isolate_fonts()
    encode = {"text": {"value": text}, "font": {"value": font}, "fontSize": {"value": 1000},
              "fontWeight": {"value": weight}}  # fmt: skip
    spec = {"width": 1, "height": 1, "autosize": "pad",
            "marks": [{"type": "text", "encode": {"enter": encode}}]}  # fmt: skip
    return vlc.vega_to_scenegraph(spec)["width"]


def _label_extent(item: dict[str, Any]) -> Extent:
    lines = item["text"] if isinstance(item["text"], list) else [item["text"]]
    width = max(measured_width(str(line)) for line in lines) * item["fontSize"] / 1000
    left = {"left": item["x"], "right": item["x"] - width}.get(item["align"], item["x"] - width / 2)
    return left, left + width


def x_axis_labels(spec: dict[str, Any]) -> Iterator[list[tuple[str, Extent]]]:
    """For each horizontal axis drawn (one per panel of small multiples), its non-empty labels
    with their extents, left to right."""
    isolate_fonts()
    scene = vlc.vegalite_to_scenegraph(
        spec,
        vl_version=VL_VERSION,
        format_locale=NB_FORMAT_LOCALE,
        time_format_locale=NB_TIME_LOCALE_NAME,
    )["scenegraph"]

    def walk(node: dict[str, Any], orient: str | None) -> Iterator[list[tuple[str, Extent]]]:
        for item in node.get("items", []):
            if node.get("role") == "axis":
                orient = item.get("orient")
            if node.get("role") == "axis-label":
                if orient in ("bottom", "top"):
                    labels = [
                        (str(i["text"]), _label_extent(i))
                        for i in node["items"]
                        if i.get("text") not in ("", None, [], ["", ""])
                    ]
                    yield sorted(labels, key=lambda label: label[1])
                return
            for child in item.get("items", []):
                yield from walk(child, orient)

    yield from walk(scene, None)
