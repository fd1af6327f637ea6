"""Small multiples: one small line chart per series, in a grid of panels."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import altair as alt

from generator.charts.layers import key_notes, series_layers, tooltip
from generator.charts.outline import Datasets, data, finish, top_level, unvalidated
from generator.charts.rows import series_records
from generator.charts.scales import (
    fixed_scale,
    label_extent,
    min_step,
    nice_domain,
    shown_range,
    x_time,
)
from generator.charts.style import MAIN
from generator.numbers import Kind
from generator.plan.chart_input import Point, series_points


@unvalidated
def small_multiples(
    rows: Sequence[Point],
    *,
    title: str,
    description: str,
    y_title: str,
    columns: int = 3,
    width: int = 150,
    height: int = 110,
    shared_y: bool = False,
    value_format: str = ",d",
) -> dict[str, Any]:
    """One small panel per ``serie``, panel titles are the series names, in the given order.

    The y-scales are independent by default: the tiltaksgrupper differ by two orders of magnitude,
    and on a shared scale the small groups would be flat lines at the bottom. Each panel therefore
    has its own y-axis starting at zero, and the key under the chart says the scales differ, so a
    reader compares shapes across panels and numbers within one. ``shared_y=True`` gives one scale
    for comparing levels. ``width``/``height`` are each panel's plot area.
    """
    series = series_points(rows)
    names = list(series)
    points = [p for pts in series.values() for p in pts]
    kinds = {p.kind for p in points}
    n_months = len(points) // len(names)
    _, y_max = shown_range(points)
    extent = label_extent(0.0, y_max, value_format) - 4
    layers = series_layers(
        color={"value": MAIN},
        shape={"value": "circle"},
        tooltip=tooltip("Serie", y_title or "Verdi"),
        y_scale=_y_scale(y_max, shared=shared_y),
        y_axis=_panel_y_axis(value_format, extent),
        x=x_time(n_months, width, marker_row=Kind.HIDDEN in kinds, label_size=10),
        kinds=kinds,
        area=True,
        point_size=14 if n_months <= 24 else 8,
        month_px=width / max(n_months - 1, 1),
        # Grey, so the band for a range is not mistaken for the tinted area under the line.
        band_color="#595959",
    )
    two_lines = any(len(s) > _header_chars(width) and " " in s for s in names)
    # Every panel gets its own month axis: a wrapped grid would otherwise put the axes of a
    # short last row at the very bottom, under empty cells, and hidden markers sit under it.
    resolve: dict[str, Any] = {"axis": {"x": "independent"}}
    if not shared_y:
        resolve["scale"] = {"y": "independent"}
    datasets: Datasets = {}
    chart = alt.TopLevelFacetSpec(
        spec=alt.LayerSpec(layer=layers, width=width, height=height),
        facet=_facet(names, width + extent, _header_expr(width, two_lines=two_lines)),
        columns=columns,
        data=data(series_records(series, spread_hidden=False), datasets),
        # Panels are laid out by their plot areas alone ("flush"), so plots line up exactly
        # even where a point or label of one panel sticks out; the spacing leaves room for
        # the y labels (left), the month axis (below) and the panel title (above).
        bounds="flush",
        spacing={
            "row": (44 if Kind.HIDDEN in kinds else 32) + 15 * (2 if two_lines else 1) + 16,
            "column": extent + 18,
        },
        resolve=resolve,
        **top_level(
            title=title,
            description=description,
            notes=_notes(y_title, kinds, scales=_scales_note(shared_y, len(names))),
            autosize=None,
            width=columns * (width + 40),
        ),
    )
    return finish(chart, datasets)


def _y_scale(y_max: float, *, shared: bool) -> dict[str, Any]:
    """One scale fixed for all panels, or each panel's own from zero."""
    if shared:
        y_lo, y_hi = nice_domain(0.0, y_max, zero=True, count=3)
        return fixed_scale(y_lo, y_hi, zero=True)
    return {"zero": True, "nice": True}


def _panel_y_axis(value_format: str, extent: int) -> dict[str, Any]:
    """A panel's y axis: small, untitled (the key names the measure), three ticks."""
    return {
        "format": value_format,
        "title": None,
        "domain": False,
        "ticks": False,
        "labelPadding": 4,
        "labelFontSize": 10,
        "tickCount": 3,
        **min_step(value_format),
        "grid": True,
        # The same label width in every panel, and no label sticking out above or below the
        # plot, keep the panels lined up in the grid although each has its own y-axis.
        "minExtent": extent,
        "maxExtent": extent,
        "labelFlush": True,
    }


def _facet(names: list[str], label_limit: int, label_expr: str) -> dict[str, Any]:
    """A panel per series, in the given order, titled with its name."""
    return {
        "field": "serie",
        "type": "nominal",
        "sort": names,
        "title": None,
        "header": {
            "labelLimit": label_limit,
            "labelExpr": label_expr,
            "labelBaseline": "top",
            "labelLineHeight": 15,
        },
    }


def _scales_note(shared_y: bool, panels: int) -> str:
    """What the key says of the scales, where there is more than one panel."""
    if panels < 2:
        return ""
    return "Alle rutene har samme skala." if shared_y else "Hver rute har sin egen skala."


def _notes(y_title: str, kinds: set[Kind], *, scales: str) -> list[str]:
    """The key: the measure (the panels have no y title), what the scales are, and what the
    hidden values and ranges look like."""
    first = y_title.rstrip(".") + "." if y_title else ""
    first = f"{first} {scales}".strip()
    return ([first] if first else []) + key_notes(kinds, line=True)


def _header_chars(width: int) -> int:
    return max(8, int(width / 7.4))


def _header_expr(width: int, *, two_lines: bool) -> str:
    """Panel title, wrapped onto two lines at a space when wider than the panel.

    When any title wraps, every title becomes two lines (the second maybe empty), so all
    panels in a row start at the same height.
    """
    n = _header_chars(width)
    cut = f"lastindexof(substring(datum.label, 0, {n + 1}), ' ')"
    wrapped = f"[substring(datum.label, 0, {cut}), substring(datum.label, {cut} + 1)]"
    if not two_lines:
        return "datum.label"
    return f"length(datum.label) > {n} && {cut} > 0 ? {wrapped} : [datum.label, '']"
