"""Scales and axes worked out before rendering: nice domains, label room and month steps.

The y domain is fixed in the spec rather than left to Vega, so that label placement (the end
labels of a line chart, the room for value labels over bars) can be computed here.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterator
from typing import Any

from generator.charts.outline import Channel, clean
from generator.charts.style import DIGIT_PX
from generator.months import MONTH_ABBREVIATIONS
from generator.numbers import Kind, fmt_int
from generator.plan.chart_input import Point


def tick_step(lo: float, hi: float, count: int = 5) -> float:
    """d3's tick increment, so the domain computed here matches Vega's nice ticks."""
    span = hi - lo
    if span <= 0:
        return 1.0
    raw = span / count
    power = 10 ** math.floor(math.log10(raw))
    error = raw / power
    factor = (
        10
        if error >= math.sqrt(50)
        else 5
        if error >= math.sqrt(10)
        else 2
        if error >= 2**0.5
        else 1
    )
    return factor * power


def shown_range(points: list[Point]) -> tuple[float, float]:
    """The lowest and highest value drawn (exact values and ranges' bounds); 0 when none is."""
    shown = [p for p in points if p.kind in (Kind.EXACT, Kind.RANGE)]
    lo = min((p.lo for p in shown if p.lo is not None), default=0.0)
    hi = max((p.hi for p in shown if p.hi is not None), default=0.0)
    return lo, hi


def nice_domain(lo: float, hi: float, *, zero: bool, count: int = 5) -> tuple[float, float]:
    """A rounded y domain, fixed in the spec so label placement can be computed here."""
    if zero:
        lo, hi = min(lo, 0.0), max(hi, 0.0)
    if hi <= lo:
        hi = lo + (10.0 if lo == 0 else abs(lo) * 0.1)
    for _ in range(3):
        step = tick_step(lo, hi, count)
        lo, hi = math.floor(lo / step) * step, math.ceil(hi / step) * step
    return lo, hi


def fixed_scale(lo: float, hi: float, *, zero: bool) -> dict[str, Any]:
    """A scale over the domain worked out here, which Vega must not round again."""
    return {"domain": [clean(lo), clean(hi)], "nice": False, "zero": zero}


def label_extent(lo: float, hi: float, value_format: str) -> int:
    """Pixel width reserved for y-axis labels, so the horizontal y title can align with them."""
    digits = max(len(fmt_int(lo)), len(fmt_int(hi)))
    m = re.search(r"\.(\d+)", value_format)
    if m:
        digits += int(m.group(1)) + 1
    if "%" in value_format:
        digits += 2
    return int(digits * DIGIT_PX + 8)


def y_value_axis(value_format: str, title: str, extent: int, tick_count: int = 5) -> dict[str, Any]:
    """Quantitative y axis with its title written horizontally above the labels."""
    return {
        "format": value_format,
        "title": title,
        "titleAngle": 0,
        "titleAlign": "left",
        "titleAnchor": "end",
        "titleBaseline": "bottom",
        "titleY": -10,
        "titleX": -extent,
        "titlePadding": 0,
        "minExtent": extent,
        "maxExtent": extent,
        "domain": False,
        "ticks": False,
        "labelPadding": 6,
        "tickCount": tick_count,
        **min_step(value_format),
        "grid": True,
    }


def min_step(value_format: str) -> dict[str, int]:
    """Whole-number formats get whole-number ticks (no "1, 1, 2" on a scale up to 2)."""
    return {"tickMinStep": 1} if value_format.endswith("d") else {}


# ---------------------------------------------------------------------------------------------
# Months along x
# ---------------------------------------------------------------------------------------------

_SHORT_MONTHS_JS = "[" + ",".join(f"'{m}'" for m in MONTH_ABBREVIATIONS) + "]"
MONTH_AND_YEAR = (
    f"(month(datum.value) == 0 || datum.index == 0) "
    f"? [{_SHORT_MONTHS_JS}[month(datum.value)], timeFormat(datum.value, '%Y')] "
    f": {_SHORT_MONTHS_JS}[month(datum.value)]"
)
"""Axis label: short Norwegian month, and the year under January and under the first tick.

Month names are spelled out here rather than left to the renderer's locale, so the static SVG
and the browser agree even if a locale fails to load."""


def month_label_expr(step: int) -> str:
    """The label of a time axis whose ticks stand ``step`` months apart: only the year once
    they are a year or more apart."""
    return "timeFormat(datum.value, '%Y')" if step >= 12 else MONTH_AND_YEAR


def band_month_label_expr(step: int) -> str:
    """The label of a band axis of months, written only every ``step`` months: a band axis
    labels every month it has, so the step picks which labels are written."""
    if step >= 12:
        shown = f"month(datum.value) == 0 && year(datum.value) % {step // 12} == 0"
        return f"{shown} ? ({MONTH_AND_YEAR}) : ''"
    if step > 1:
        return f"month(datum.value) % {step} == 0 ? ({MONTH_AND_YEAR}) : ''"
    return MONTH_AND_YEAR


def _nice_steps() -> Iterator[int]:
    """1, 2, 5, 10, 20, 50, …"""
    for power in itertools.count():
        for factor in (1, 2, 5):
            yield factor * 10**power


def month_step(n_months: int, plot_width: float, min_px: float = 34) -> int:
    """Months between x-axis ticks so labels do not collide: 1, 2, 3 or 6 months, or whole
    years in steps of 1, 2 or 5 times a power of ten (a ten-year series on a phone: every
    second year). Ticks fall on months and years that divide by the step (d3's ``every``)."""
    slots = max(plot_width, 1) / min_px  # labels that fit side by side
    for step in (1, 2, 3, 6):
        if n_months / step <= slots:
            return step
    years = next(y for y in _nice_steps() if n_months / 12 / y <= slots)
    return 12 * years


def x_time(
    n_months: int,
    plot_width: float,
    *,
    grid: bool = False,
    marker_row: bool = False,
    label_size: int = 11,
) -> Channel:
    """Months along x; ``marker_row`` leaves a strip under the axis line for hidden markers."""
    step = month_step(n_months, plot_width)
    tick_count: Any = (
        {"interval": "year", "step": step // 12}
        if step >= 12
        else {
            "interval": "month",
            "step": step,
        }
    )
    return {
        "field": "periode",
        "timeUnit": "yearmonth",
        "type": "temporal",
        "title": None,
        "axis": {
            "tickCount": tick_count,
            "labelExpr": month_label_expr(step),
            "labelAlign": "center",
            "labelOverlap": False,
            "labelFlush": False,
            "labelFontSize": label_size,
            "grid": grid,
            "domain": True,
            "ticks": True,
            "tickSize": 0 if marker_row else 4,
            "labelPadding": 18 if marker_row else 4,
        },
        "scale": {"nice": False},
    }
