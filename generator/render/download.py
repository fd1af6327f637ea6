"""The figure to download: the chart as drawn on the page, with its title, its period and its
source written around it, as SVG and as a PNG at least 1 200 px wide.

A figure taken away from the page loses the caption, period and source the page gives it, so
they are written into the picture. The chart is the wide SVG already rendered for the page,
set into a larger SVG beside its text, not laid out again: the picture is the page's, and no
second Vega run is needed. The text is wrapped by an estimate of Liberation Sans' widths (the
font the chart's own layout was measured with), and the PNG is drawn from that SVG by
vl-convert, whose fonts are the same.
"""

from __future__ import annotations

import math
import struct
import textwrap
import xml.etree.ElementTree as ET
import zlib
from collections.abc import Sequence
from typing import Any

from generator.render.vega import FigureFiles, MadeChart, svg_to_png

__all__ = ["MIN_PNG_WIDTH", "figure_files", "figure_of", "png_scale", "smaller_png"]

MIN_PNG_WIDTH = 1200
"""The PNG's least width in pixels: sharp on a slide or in print."""
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MIN_WIDTH = 480  # the picture's least width in SVG px, so a small map's title has room
PAD = 20
TITLE_PX = 18
TEXT_PX = 13
FONT = "'Liberation Sans', Arial, Helvetica, sans-serif"
INK = "#333333"
MUTED = "#595959"
BOLD_EM = 0.6  # Liberation Sans Bold: about this many font sizes per character, on average
PLAIN_EM = 0.55

_SVG_NS = "http://www.w3.org/2000/svg"


def _wrap(text: str, width: float, size: int, em: float) -> list[str]:
    return textwrap.wrap(text, max(20, int(width / (size * em)))) or [""]


def _text(x: float, y: float, line: str, size: int, colour: str, *, bold: bool = False) -> str:
    weight = ' font-weight="bold"' if bold else ""
    return (
        f'<text x="{x:g}" y="{y:g}" font-family="{FONT}" font-size="{size}"{weight} '
        f'fill="{colour}">{_escape(line)}</text>'
    )


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _chart_element(svg: str, x: float, y: float) -> tuple[ET.Element, float]:
    """The page's chart as a nested <svg> at (x, y), and its height; its labelling for the
    page (role, aria-label) is left to the picture's <title>."""
    root = ET.fromstring(svg)
    for name in ("role", "aria-label", "focusable", "class"):
        root.attrib.pop(name, None)
    root.set("x", f"{x:g}")
    root.set("y", f"{y:g}")
    return root, float(root.get("height", "0"))


def download_svg(chart_svg: str, title: str, period: str, credits: Sequence[str]) -> str:
    """The chart with its title and period above it and its credits below, on white."""
    ET.register_namespace("", _SVG_NS)
    chart_w = float(ET.fromstring(chart_svg).get("width", "0"))
    width = max(chart_w + 2 * PAD, MIN_WIDTH)
    above = []
    y: float = PAD + TITLE_PX
    for line in _wrap(title, width - 2 * PAD, TITLE_PX, BOLD_EM):
        above.append(_text(PAD, y, line, TITLE_PX, INK, bold=True))
        y += round(TITLE_PX * 1.3)
    if period:
        above.append(_text(PAD, y, f"Periode: {period}", TEXT_PX, MUTED))
        y += TEXT_PX
    chart, chart_h = _chart_element(chart_svg, PAD, y)
    y += chart_h + 8
    below = []
    for credit in credits:
        for line in _wrap(credit, width - 2 * PAD, TEXT_PX, PLAIN_EM):
            y += round(TEXT_PX * 1.4)
            below.append(_text(PAD, y, line, TEXT_PX, MUTED))
    height = math.ceil(y + PAD)
    body = "".join([*above, ET.tostring(chart, encoding="unicode"), *below])
    return (
        f'<svg xmlns="{_SVG_NS}" width="{width:g}" height="{height}" '
        f'viewBox="0 0 {width:g} {height}"><title>{_escape(title)}</title>'
        f'<rect width="100%" height="100%" fill="white"/>{body}</svg>\n'
    )


def figure_of(chart_svg: str, meta: dict[str, Any]) -> FigureFiles:
    """The figure to download of a chart whose spec's ``usermeta`` is ``meta`` (its title,
    period and credits): SVG, and PNG at least :data:`MIN_PNG_WIDTH` pixels wide."""
    title, period = str(meta.get("title", "")), str(meta.get("period", ""))
    svg = download_svg(chart_svg, title, period, [str(c) for c in meta.get("credits", [])])
    width = float(ET.fromstring(svg).get("width", "1"))
    return FigureFiles(svg=svg, png=smaller_png(svg_to_png(svg, png_scale(width))))


def png_scale(width: float) -> float:
    """How much larger than the SVG the PNG is drawn: :data:`MIN_PNG_WIDTH` pixels across."""
    return max(1.0, math.ceil(MIN_PNG_WIDTH / width * 1000) / 1000)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def smaller_png(png: bytes) -> bytes:
    """The same image with its pixel data compressed harder: the renderer favours speed, and
    its PNGs come out about three times as large as they need be. Pixels, filters and every
    other chunk stay as they are; a file this cannot read is returned unchanged."""
    if not png.startswith(PNG_SIGNATURE):
        return png
    chunks: list[tuple[bytes, bytes]] = []
    at = len(PNG_SIGNATURE)
    while at + 8 <= len(png):
        (size,) = struct.unpack(">I", png[at : at + 4])
        chunks.append((png[at + 4 : at + 8], png[at + 8 : at + 8 + size]))
        at += 12 + size
    try:
        pixels = zlib.decompress(b"".join(data for kind, data in chunks if kind == b"IDAT"))
    except zlib.error:
        return png
    out = [PNG_SIGNATURE]
    for kind, data in chunks:
        if kind == b"IDAT":
            if pixels:
                out.append(_chunk(b"IDAT", zlib.compress(pixels, 6)))
                pixels = b""
        else:
            out.append(_chunk(kind, data))
    return b"".join(out)


def figure_files(
    files: Sequence[tuple[str, str]], made: MadeChart | None
) -> list[tuple[str, bytes]]:
    """The files of a figure to download, (site path, content), by the formats it names."""
    if made is None or made.download is None:
        return []
    content = {"SVG": made.download.svg.encode("utf-8"), "PNG": made.download.png}
    return [(path, content[fmt]) for fmt, path in files if fmt in content]
