"""The house style: colours with enough contrast on white, the font, text metrics, Vega config."""

from __future__ import annotations

from typing import Any

# Okabe–Ito order, adjusted so every colour has at least 3:1 contrast on white (WCAG non-text
# contrast): orange is too light on white (2.3:1) and, once darkened, looks like vermilion to
# people with protanopia, so its place goes to a dark ochre; reddish purple is darkened a
# little; black is softened to dark grey. Checked with simulated protan/deutan/tritan vision.
PALETTE: tuple[str, ...] = ("#0072B2", "#D55E00", "#009E73", "#C5689D", "#7A5200", "#333333")
# The same hues darkened to at least 4.5:1 for text (direct labels at the line ends).
TEXT_PALETTE: tuple[str, ...] = ("#0067A0", "#A84A00", "#00785A", "#A14A7B", "#7A5200", "#333333")
SHAPES: tuple[str, ...] = ("circle", "square", "triangle-up", "diamond", "triangle-down", "cross")
MAX_SERIES = len(PALETTE)

# The static SVG's layout is measured at build time by vl-convert but its text is drawn by the
# reader's browser. Liberation Sans, which vl-convert carries, has the same widths as Arial:
# measured with it, labels fit where the browser draws them in Arial (Windows, macOS, iOS),
# Liberation Sans (Linux) or Helvetica.
FONT = "'Liberation Sans', Arial, Helvetica, sans-serif"
INK = "#333333"  # titles, 12.6:1 on white
LABEL_INK = "#4A4A4A"  # axis labels, 8.9:1
MUTED_INK = "#595959"  # notes and "skjult" text, 7.0:1
HIDDEN_MARK = "#6B6B6B"  # hollow marker for hidden values, 5.3:1
GRID = "#E6E6E6"
DOMAIN = "#8C8C8C"
MAIN = PALETTE[0]
MUTED_BAR = "#6F8FAF"  # other bars when one is highlighted, 3.4:1
HIGHLIGHT = PALETTE[1]
PALE_BAR = "#BFD9EA"  # the certain part of a range, outlined in MAIN

# Rough text metrics for layout decisions made before rendering (11 px sans-serif).
CHAR_PX = 6.8
DIGIT_PX = 7.0


def config() -> dict[str, Any]:
    """House style: quiet axes, light gridlines, text with at least 4.5:1 contrast."""
    axis = {
        "labelColor": LABEL_INK,
        "titleColor": INK,
        "labelFontSize": 11,
        "titleFontSize": 11,
        "titleFontWeight": "normal",
        "gridColor": GRID,
        "domainColor": DOMAIN,
        "tickColor": DOMAIN,
        "labelFont": FONT,
        "titleFont": FONT,
    }
    config: dict[str, Any] = {
        "font": FONT,
        "background": "white",
        "view": {"stroke": None},
        # Vega-Lite would otherwise give every mark and axis an English ARIA description; the
        # SVG's aria-label (the spec's description), the summary and the table carry it instead.
        "aria": False,
        "axis": axis,
        "header": {
            "labelColor": INK,
            "labelFont": FONT,
            "labelFontSize": 12,
            "labelFontWeight": "bold",
            "labelAnchor": "start",
            "labelPadding": 4,
            "titleColor": INK,
        },
        "title": {
            "color": MUTED_INK,
            "font": FONT,
            "fontSize": 11,
            "fontWeight": "normal",
            "subtitleColor": MUTED_INK,
            "subtitleFont": FONT,
            "subtitleFontSize": 11,
        },
        "text": {"font": FONT, "fontSize": 11},
    }
    return config
