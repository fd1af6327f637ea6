"""Layers the time-series kinds share: the marks of a series, break rules, tooltips and the key."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import altair as alt

from generator.charts.outline import Channel, Datasets, data, field, js_str, layer
from generator.charts.style import HIDDEN_MARK, MAIN, MUTED_INK
from generator.months import month_name, previous_month
from generator.numbers import EN_DASH, Kind

MIN_POINT_GAP = 4
"""Pixels between months below which a line's points are not drawn (see series_layers)."""

_GAPS = "break-paths-filter-domains"  # a month with no number breaks the line or area


def tooltip(serie_title: str | None, value_title: str) -> list[Channel]:
    """The month, the series when there are several, and the value as the table writes it."""
    tips = [field("maaned", "nominal", title="Måned")]
    if serie_title:
        tips.append(field("serie", "nominal", title=serie_title))
    tips.append(field("tekst", "nominal", title=value_title))
    return tips


def key_notes(kinds: set[Kind], *, line: bool) -> list[str]:
    """The key under the chart, for the hidden values and ranges it draws (lines or bars)."""
    notes = []
    if Kind.HIDDEN in kinds:
        if line:
            notes.append(f"Hul grå markør under aksen: skjult tall (0{EN_DASH}3), ikke tegnet inn.")
        else:
            notes.append(f"«skjult»: tallet er 0{EN_DASH}3 og er ikke vist (personvern).")
    if Kind.RANGE in kinds:
        if line:
            notes.append(
                "Bånd og stiplet linje: tallet er et intervall fordi det har skjulte tall i seg."
            )
        else:
            notes.append(
                "Lys stolpe med strek: tallet er et intervall fordi det har skjulte tall i seg."
            )
    return notes


# ---------------------------------------------------------------------------------------------
# The marks of a series: line charts and small multiples
# ---------------------------------------------------------------------------------------------


def series_layers(
    *,
    color: Channel,
    shape: Channel,
    tooltip: list[Channel],
    y_scale: dict[str, Any],
    y_axis: dict[str, Any],
    x: Channel,
    kinds: set[Kind],
    area: bool = False,
    point_size: float = 36,
    band_color: str | None = None,
    month_px: float = math.inf,
) -> list[alt.UnitSpec]:
    """The marks shared by line charts and small multiples.

    ``month_px`` is the distance between months. Closer than :data:`MIN_POINT_GAP`, a point
    for each month would merge with its neighbours into a beaded band over the line: the
    points are then invisible, and only carry the live chart's tooltips.
    """
    y_exact = field("verdi", scale=y_scale, axis=y_axis)
    layers: list[alt.UnitSpec] = []
    if area:
        layers.append(_area_under_line(x, y_exact))
    if Kind.RANGE in kinds:
        layers += _range_layers(x, y_scale, y_axis, color, band_color, tooltip)
    layers += [
        _line(x, y_exact, color),
        _points(x, y_exact, color, shape, tooltip, point_size, month_px >= MIN_POINT_GAP),
    ]
    if Kind.HIDDEN in kinds:
        layers.append(_hidden_markers(x, shape, tooltip, point_size))
    return layers


def _area_under_line(x: Channel, y: Channel) -> alt.UnitSpec:
    return layer(
        {"type": "area", "invalid": _GAPS, "opacity": 0.12, "color": MAIN},
        x=x,
        y=y,
        detail=field("serie", "nominal"),
    )


def _range_layers(
    x: Channel,
    y_scale: dict[str, Any],
    y_axis: dict[str, Any],
    color: Channel,
    band_color: str | None,
    tooltip: list[Channel],
) -> list[alt.UnitSpec]:
    """A range: a band from ``lo`` to ``hi``, a rule in its month, a dashed line through it."""
    return [
        layer(
            {"type": "area", "invalid": _GAPS, "opacity": 0.2},
            x=x,
            y=field("baand_lo", scale=y_scale, axis=y_axis),
            y2={"field": "baand_hi"},
            color={"value": band_color} if band_color else color,
            detail=field("serie", "nominal"),
        ),
        layer(
            {"type": "rule", "strokeWidth": 1.5},
            where="datum.type == 'range'",
            x=x,
            y=field("lo", scale=y_scale, axis=y_axis),
            y2={"field": "hi"},
            color=color,
            tooltip=tooltip,
        ),
        layer(
            {"type": "line", "invalid": _GAPS, "strokeDash": [4, 3], "strokeWidth": 1.5},
            x=x,
            y=field("midt", scale=y_scale, axis=y_axis),
            color=color,
            detail=field("serie", "nominal"),
        ),
    ]


def _line(x: Channel, y: Channel, color: Channel) -> alt.UnitSpec:
    return layer(
        # Round joins: a sharp peak neither spikes (mitre) nor is cut off (bevel), and
        # stays the same when the SVG's coordinates are rounded.
        {"type": "line", "invalid": _GAPS, "strokeWidth": 2, "strokeJoin": "round"},
        x=x,
        y=y,
        color=color,
        detail=field("serie", "nominal"),
    )


def _points(
    x: Channel,
    y: Channel,
    color: Channel,
    shape: Channel,
    tooltip: list[Channel],
    size: float,
    visible: bool,
) -> alt.UnitSpec:
    """A point for each exact month; invisible, as a tooltip target only, unless ``visible``."""
    # Dense series get small points without the white ring, which would read as a dash.
    return layer(
        {
            "type": "point",
            "filled": True,
            "opacity": 1 if visible else 0,
            "size": size,
            "stroke": "white",
            "strokeWidth": 0.8 if size >= 14 else 0,
        },
        where="datum.type == 'exact'",
        x=x,
        y=y,
        color=color,
        shape=shape,
        tooltip=tooltip,
    )


def _hidden_markers(
    x: Channel, shape: Channel, tooltip: list[Channel], point_size: float
) -> alt.UnitSpec:
    """A hollow grey marker just under the x axis for each hidden month: placed in pixels,
    outside the value area, never at any value."""
    return layer(
        {
            "type": "point",
            "filled": False,
            "color": HIDDEN_MARK,
            "strokeWidth": 1.5,
            "size": point_size + 10,
            "opacity": 1,
        },
        where="datum.type == 'hidden'",
        x=x,
        y={"value": "height"},
        yOffset={"value": 9},
        xOffset=field("skjult_dx", scale=None),
        shape=shape,
        tooltip=tooltip,
    )


# ---------------------------------------------------------------------------------------------
# Breaks in a series (county reforms): line charts and month bars
# ---------------------------------------------------------------------------------------------


BREAK_RULE: dict[str, Any] = {
    "type": "rule",
    "color": MUTED_INK,
    "strokeDash": [5, 4],
    "strokeWidth": 1.5,
}
"""The mark of a break in a series (a county reform, a new method): one look on every chart."""
BREAK_LABEL: dict[str, Any] = {
    "type": "text",
    "align": "left",
    "baseline": "top",
    "dx": 4,
    "dy": 2,
    "color": MUTED_INK,
    "fontSize": 10,
}
"""The word beside a break's rule, at the top of the plot."""


def break_layers(
    breaks: Sequence[tuple[str, str]],
    datasets: Datasets,
    *,
    temporal: bool,
    x: Channel | None = None,
) -> list[alt.UnitSpec]:
    """A dashed rule just before each month where the series breaks (a county reform).

    On a time axis the rule stands half a month early, between the two months it separates;
    on a band axis it stands at the start of the month's band.
    """
    if not breaks:
        return []
    records = _break_records(breaks)
    rows: alt.NamedData | None = None
    dates: dict[str, str] | None = None
    where: str | None = None
    if temporal:
        position = field("mellom", "temporal", title=None)
        rows = data(records, datasets, months=False)
        dates = {"mellom": "%Y-%m-%d"}
    else:
        # On a band axis the rule must use the bars' own rows, or its month would be a new band.
        assert x is not None
        position = {**x, "bandPosition": 0}
        # Vega-Lite parses ``periode`` into a date here; the month's name stays a string.
        where = " || ".join(f"datum.maaned == {js_str(month_name(m))}" for m, _ in breaks)
    rule = layer(
        dict(BREAK_RULE),
        data=rows,
        dates=dates,
        where=where,
        x=position,
        tooltip={"value": None},
    )
    text = layer(
        dict(BREAK_LABEL),
        data=rows,
        dates=dates,
        where=where,
        x=position,
        y={"value": 0},
        text={"value": "brudd"},
    )
    return [rule, text]


def _break_records(breaks: Sequence[tuple[str, str]]) -> list[dict[str, Any]]:
    """A row per break, with ``mellom``: the middle of the month before, where the rule stands."""
    records = []
    for month, label in breaks:
        records.append({"periode": month, "mellom": f"{previous_month(month)}-16", "brudd": label})
    return records


def break_notes(breaks: Sequence[tuple[str, str]]) -> list[str]:
    return [f"Stiplet loddrett linje: brudd i serien ({label})." for _, label in breaks]
