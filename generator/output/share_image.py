"""Share cards: a 1200 × 630 PNG per page, drawn at build time, for og:image.

The card holds the page's title, its main chart (the first figure's chart, as the page draws
it) with that chart's title and period, and "Kilde: NAV". It is put together as one SVG, the
page's own chart SVG nested in it, and turned into PNG by vl-convert with the fonts set up as
for the charts (``render.vega.isolate_fonts``): no chart is rendered again, and the card shows
exactly what the page shows, hidden values marked as hidden. Cards are cached by their SVG.
"""

from __future__ import annotations

import base64
import re
import textwrap
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from markupsafe import escape

from generator.cache import DiskCache, digest, file_digest
from generator.plan.views import Page
from generator.render.vega import FONT_CONFIG, isolate_fonts

WIDTH, HEIGHT = 1200, 630
MARGIN = 60
FONT = "'Liberation Sans', Arial, Helvetica, sans-serif"
INK = "#262626"
SOFT_INK = "#3e3832"
ACCENT = "#c30000"  # NAV red, as a bar along the top
SITE_NAME = "Tiltaksdeltakere i NAV"
SOURCE = "Kilde: NAV"
# Liberation Sans averages about half an em a character (bold a little more): lines are wrapped
# at the characters that fit, so no text runs off the card.
TITLE_SIZE, TITLE_CHARS = 44, 46
SUBTITLE_SIZE, SUBTITLE_CHARS = 26, 86
_SVG_OPEN = re.compile(r"<svg\b([^>]*)>")
_NUMBER_ATTRIBUTE = r'\b{}="([\d.]+)"'


@dataclass(frozen=True)
class Card:
    """What one card shows: the page's title, a subtitle, and the chart's SVG if it has one."""

    title: str
    subtitle: str
    chart_svg: str = ""


def card_of(page: Page, period: str) -> Card:
    """The card of a page: its title, and its first chart with that chart's title."""
    figure = next((f for f in page.figures if f.svg), None)
    if figure is None:
        return Card(page.title, page.lead or period)
    title = textwrap.shorten(figure.title, SUBTITLE_CHARS - len(period) - 2, placeholder=" …")
    return Card(page.title, f"{title}, {period}", figure.svg)


def _lines(text: str, chars: int, most: int) -> list[str]:
    lines = textwrap.wrap(text, chars) or [""]
    if len(lines) > most:
        lines = [
            *lines[: most - 1],
            textwrap.shorten(" ".join(lines[most - 1 :]), chars, placeholder=" …"),
        ]
    return lines


def _text(
    x: float,
    y: float,
    size: int,
    content: str,
    *,
    bold: bool = False,
    fill: str = INK,
    anchor: str = "start",
) -> str:
    weight = ' font-weight="bold"' if bold else ""
    return (
        f'<text x="{x}" y="{y}" font-family="{FONT}" font-size="{size}"{weight} '
        f'fill="{fill}" text-anchor="{anchor}">{escape(content)}</text>'
    )


def _nested_chart(svg: str, x: float, y: float, width: float, height: float) -> str:
    """The chart's SVG scaled to fit the box, keeping its proportions."""
    match = _SVG_OPEN.match(svg)
    if match is None:
        return ""
    attributes = match.group(1)
    sizes = [re.search(_NUMBER_ATTRIBUTE.format(n), attributes) for n in ("width", "height")]
    if sizes[0] is None or sizes[1] is None:
        return ""
    inner = svg[match.end() : svg.rindex("</svg>")]
    return (
        f'<svg x="{x}" y="{y}" width="{width}" height="{height}" '
        f'viewBox="0 0 {sizes[0].group(1)} {sizes[1].group(1)}" '
        f'preserveAspectRatio="xMidYMid meet">{inner}</svg>'
    )


def card_svg(card: Card) -> str:
    """The card as one SVG of WIDTH × HEIGHT."""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}">',
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
        f'<rect width="{WIDTH}" height="12" fill="{ACCENT}"/>',
    ]
    # Without a chart, the title stands in the middle of the card, under the site's name.
    y = 40 if card.chart_svg else HEIGHT // 2 - 110
    if not card.chart_svg:
        parts.append(_text(MARGIN, y, SUBTITLE_SIZE, SITE_NAME, bold=True, fill=ACCENT))
    for line in _lines(card.title, TITLE_CHARS, 2):
        y += TITLE_SIZE + 8
        parts.append(_text(MARGIN, y, TITLE_SIZE, line, bold=True))
    y += 4
    for line in _lines(card.subtitle, SUBTITLE_CHARS, 2 if not card.chart_svg else 1):
        y += SUBTITLE_SIZE + 10
        parts.append(_text(MARGIN, y, SUBTITLE_SIZE, line, fill=SOFT_INK))
    footer = HEIGHT - 34
    if card.chart_svg:
        top = y + 24
        parts.append(
            _nested_chart(
                card.chart_svg, MARGIN - 20, top, WIDTH - 2 * MARGIN + 40, footer - 36 - top
            )
        )
    parts.append(_text(MARGIN, footer, 24, SOURCE, bold=True))
    parts.append(_text(WIDTH - MARGIN, footer, 24, SITE_NAME, fill=SOFT_INK, anchor="end"))
    parts.append("</svg>")
    return "".join(parts)


@cache
def _renderer_version() -> str:
    import importlib.metadata

    return importlib.metadata.version("vl-convert-python")


def _png(svg: str) -> bytes:
    import vl_convert as vlc

    isolate_fonts()
    png: bytes = vlc.svg_to_png(svg, scale=1.0)
    return png


class _CardStore(DiskCache):
    nouns = ("share card", "share cards")


class ShareImages:
    """Makes the cards, keeping them on disk between builds when given a folder; ``read=False``
    draws every card anew (and stores it)."""

    def __init__(self, folder: Path | None, *, read: bool = True) -> None:
        self.store = _CardStore(folder, read=read) if folder is not None else None
        self.seconds = 0.0  # spent drawing and storing cards, for the benchmark

    def png(self, card: Card) -> bytes:
        started = time.perf_counter()
        try:
            return self._png(card)
        finally:
            self.seconds += time.perf_counter() - started

    def _png(self, card: Card) -> bytes:
        svg = card_svg(card)
        key = digest(svg, _renderer_version(), _code_version())
        if self.store is not None:
            kept = self.store.get(key)
            if isinstance(kept, dict) and isinstance(kept.get("png"), str):
                return base64.b64decode(kept["png"])
        png = _png(svg)
        if self.store is not None:
            self.store.put(key, {"png": base64.b64encode(png).decode("ascii")})
        return png


@cache
def _code_version() -> str:
    """A card changes when this code or the font setup changes."""
    return digest(Path(__file__).read_bytes(), file_digest(FONT_CONFIG / "fonts.conf"))
