"""Vertical bars, one per month of a single series."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from generator.charts.bar_layers import BarAxes, bars, hidden_word, value_label_layer
from generator.charts.layers import break_layers, break_notes, key_notes, tooltip
from generator.charts.outline import Channel, Datasets, data, layered, unvalidated
from generator.charts.rows import series_records
from generator.charts.scales import (
    band_month_label_expr,
    fixed_scale,
    label_extent,
    month_step,
    nice_domain,
    y_value_axis,
)
from generator.charts.style import DIGIT_PX, MAIN
from generator.numbers import Kind
from generator.plan.chart_input import Point, series_points


@unvalidated
def month_bars(
    rows: Sequence[Point],
    *,
    title: str,
    description: str,
    y_title: str,
    width: int = 640,
    height: int = 260,
    value_format: str = ",d",
    value_labels: bool | None = None,
    breaks: Sequence[tuple[str, str]] = (),
) -> dict[str, Any]:
    """Vertical bars, one per month of a single series, y from zero.

    Hidden months have no bar, only "skjult" (or "*" when bars are narrow) at the baseline;
    ranges get a pale bar to the lower bound and an error bar. Value labels (from ``tekst``) are
    drawn above the bars when they fit, or as ``value_labels`` says.
    """
    series = series_points(rows)
    if len(series) != 1:
        raise ValueError(f"month_bars shows one series, got {len(series)}")
    points = next(iter(series.values()))
    kinds = {p.kind for p in points}
    plot_w = width - 60
    band = plot_w / len(points)
    if value_labels is None:
        value_labels = _labels_fit(points, band)
    notes = key_notes(kinds, line=False)
    plot_h = height - 40 - 16 * len(notes) - 18
    y_scale, y_axis = _value_scale_and_axis(points, plot_h, value_labels, value_format, y_title)
    axes = BarAxes(_month_axis(len(points), plot_w), y_scale, y_axis, horizontal=False)
    tips = tooltip(None, y_title or "Verdi")
    layers = bars(axes, kinds, tips, {"type": "bar", "color": MAIN})
    if value_labels:
        shown = "datum.type == 'exact' || datum.type == 'range'"
        layers.append(value_label_layer(axes, "hi", shown, fontSize=10))
    if Kind.HIDDEN in kinds:
        word = "skjult" if band >= 38 else "*"
        layers.append(hidden_word(axes, word, tips))
        if word == "*":
            notes = [n.replace("«skjult»", "*") for n in notes]
    datasets: Datasets = {}
    layers += break_layers(breaks, datasets, temporal=False, x=axes.category)
    notes += break_notes(breaks)
    return layered(
        layers,
        data(series_records(series), datasets),
        datasets,
        width=width,
        height=height,
        title=title,
        description=description,
        notes=notes,
        autosize={"type": "fit", "contains": "padding"},
        padding={"left": 4, "top": 8, "right": 8, "bottom": 4},
    )


def _labels_fit(points: list[Point], band: float) -> bool:
    """Whether the longest value label fits within a month's band."""
    longest = max((len(p.tekst) for p in points if p.kind in (Kind.EXACT, Kind.RANGE)), default=1)
    return longest * DIGIT_PX * 0.95 <= band


def _value_scale_and_axis(
    points: list[Point], plot_h: float, head_room: bool, value_format: str, y_title: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The y scale from zero (with room over the tallest bar for its label, if labelled) and
    the y axis with its title above the labels."""
    hi = max((p.hi for p in points if p.hi is not None), default=0.0)
    room = 16 / max(plot_h, 1) if head_room else 0.0
    y_lo, y_hi = nice_domain(0.0, hi / (1 - room), zero=True)
    extent = label_extent(y_lo, y_hi, value_format)
    return fixed_scale(y_lo, y_hi, zero=True), y_value_axis(value_format, y_title, extent)


def _month_axis(n_months: int, plot_w: float) -> Channel:
    """Months along x as bands; every month has a label, written only every few months."""
    return {
        "field": "periode",
        "timeUnit": "yearmonth",
        "type": "ordinal",
        "title": None,
        "axis": {
            "labelExpr": band_month_label_expr(month_step(n_months, plot_w, 30)),
            "labelAngle": 0,
            "ticks": False,
            "domain": True,
            "labelPadding": 6,
        },
        "scale": {"paddingInner": 0.2, "paddingOuter": 0.1},
    }
