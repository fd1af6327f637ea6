"""Seasonal lines: one line per year over the twelve months, so July is compared with July.

A monthly stock dips every summer and at every new year; laid over each other, the years show
whether this July is lower than last July rather than that July is lower than June. The marks
are the line chart's (:func:`.layers.series_layers`): a range is a band with a dashed line, a
hidden month breaks the line and gets a hollow marker under the axis; each year has its colour,
its point shape and its label at the right, the latest year in the main colour.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import altair as alt

from generator.charts.layers import (
    BREAK_LABEL,
    BREAK_RULE,
    break_notes,
    key_notes,
    series_layers,
    tooltip,
)
from generator.charts.line import _end_label_records, _labels_width, _plot_height
from generator.charts.outline import (
    Channel,
    Datasets,
    clean,
    data,
    field,
    layer,
    layered,
    unvalidated,
)
from generator.charts.rows import series_records
from generator.charts.scales import (
    fixed_scale,
    label_extent,
    nice_domain,
    shown_range,
    y_value_axis,
)
from generator.charts.style import MAX_SERIES, PALETTE, SHAPES, TEXT_PALETTE
from generator.months import MONTH_ABBREVIATIONS, parse
from generator.numbers import Kind
from generator.plan.chart_input import Point

_MONTHS = list(MONTH_ABBREVIATIONS)
_LAST = "2000-12"
"""The month every end label stands at: only its month (December) is used, on the month axis."""
_MIN_LABEL_PX = 30
"""Pixels a month label needs ("sep" at 11 px, and a gap): closer, every other month is named."""


@unvalidated
def seasonal_lines(
    rows: Sequence[Point],
    *,
    title: str,
    description: str,
    y_title: str,
    value_format: str = ",d",
    width: int = 640,
    height: int = 300,
    zero: bool = True,
    breaks: Sequence[tuple[str, str]] = (),
) -> dict[str, Any]:
    """One line per year (a point's ``serie``, e.g. "2017"; its ``key`` the real month), the
    months of the year along x. At most six years; ``width``/``height`` are the whole chart's."""
    years = years_of(rows)
    if len(years) > MAX_SERIES:
        raise ValueError(f"seasonal_lines shows at most {MAX_SERIES} years, got {len(years)}")
    names = list(years)
    points = [p for pts in years.values() for p in pts]
    kinds = {p.kind for p in points}
    y_lo, y_hi = nice_domain(*shown_range(points), zero=zero)
    extent = label_extent(y_lo, y_hi, value_format)
    labels = {name: name for name in names}
    notes = key_notes(kinds, line=True)
    plot_w = width - extent - _labels_width(labels) - 12
    plot_h = _plot_height(height, marker_row=Kind.HIDDEN in kinds, key_lines=len(notes))
    month_px = plot_w / len(_MONTHS)
    x = month_axis(month_px, marker_row=Kind.HIDDEN in kinds)
    y_scale = fixed_scale(y_lo, y_hi, zero=zero)
    y_axis = y_value_axis(value_format, y_title, extent)
    colours, shapes, texts = _latest_first(names)
    layers = series_layers(
        color=_by_year(names, colours),
        shape=_by_year(names, shapes),
        tooltip=tooltip("År", y_title or "Verdi"),
        y_scale=y_scale,
        y_axis=y_axis,
        x=x,
        kinds=kinds,
        point_size=36,
        month_px=month_px,
    )
    datasets: Datasets = {}
    label_rows = _end_label_records(years, labels, _LAST, (y_lo, y_hi), plot_h)
    for label in label_rows:
        label.update(mnd=_MONTHS[-1], etikett_farge=texts[names.index(label["serie"])])
    layers.append(
        _end_labels(label_rows, datasets, x, field("etikett_y", scale=y_scale, axis=y_axis))
    )
    layers += _break_layers(breaks, datasets, x, month_px)
    notes += break_notes(breaks)
    return layered(
        layers,
        data(_records(years), datasets),
        datasets,
        width=width,
        height=height,
        title=title,
        description=description,
        notes=notes,
        autosize={"type": "fit", "contains": "padding"},
        padding={"left": 4, "top": 8, "right": 6, "bottom": 4},
    )


def years_of(rows: Sequence[Point]) -> dict[str, list[Point]]:
    """Points by year (their ``serie``) in first-seen order, each year's in month order; a year
    is one calendar year, and has each month once."""
    years: dict[str, dict[str, Point]] = {}
    for p in rows:
        year, _ = parse(p.key)
        if p.serie != str(year):
            raise ValueError(f"{p.key}: a seasonal line is one year, not {p.serie!r}")
        of_year = years.setdefault(p.serie, {})
        if p.key in of_year:
            raise ValueError(f"{p.key}: more than one point")
        of_year[p.key] = p
    if not years:
        raise ValueError("no data")
    return {year: [of_year[k] for k in sorted(of_year)] for year, of_year in years.items()}


def month_axis(month_px: float, *, marker_row: bool) -> Channel:
    """The twelve months as points, half a month's room at either end (for a break before
    January); every other month named when they stand too close for all twelve names."""
    step = 1 if month_px >= _MIN_LABEL_PX else 2
    names = "[" + ",".join(f"'{m}'" for m in _MONTHS) + "]"
    return field(
        "mnd",
        "ordinal",
        title=None,
        sort=_MONTHS,
        scale={"type": "point", "domain": _MONTHS, "padding": 0.5},
        axis={
            "labelExpr": f"indexof({names}, datum.value) % {step} == 0 ? datum.value : ''",
            "labelAngle": 0,
            "labelFontSize": 11,
            "labelOverlap": False,
            "grid": False,
            "domain": True,
            "ticks": True,
            "tickSize": 0 if marker_row else 4,
            "labelPadding": 18 if marker_row else 4,
        },
    )


def _latest_first(names: list[str]) -> tuple[list[str], list[str], list[str]]:
    """Colours, shapes and label colours by year, the latest year taking the first of each."""
    order = list(reversed(range(len(names))))
    return (
        [PALETTE[i] for i in order],
        [SHAPES[i] for i in order],
        [TEXT_PALETTE[i] for i in order],
    )


def _by_year(names: list[str], values: list[str]) -> Channel:
    return field("serie", "nominal", scale={"domain": names, "range": values}, legend=None)


def _records(years: dict[str, list[Point]]) -> list[dict[str, Any]]:
    """The line chart's rows with the month of the year (``mnd``); the hidden markers of
    several years in the same month of the year set apart sideways."""
    records = series_records(years, spread_hidden=False)
    hidden: dict[str, list[str]] = {}
    for record in records:
        record["mnd"] = _MONTHS[parse(record["periode"])[1] - 1]
        if record["type"] == Kind.HIDDEN.value:
            hidden.setdefault(record["mnd"], []).append(record["serie"])
    for record in records:
        if record["type"] == Kind.HIDDEN.value:
            at = hidden[record["mnd"]]
            record["skjult_dx"] = clean((at.index(record["serie"]) - (len(at) - 1) / 2) * 9)
    return records


def _end_labels(
    rows: list[dict[str, Any]], datasets: Datasets, x: Channel, y: Channel
) -> alt.UnitSpec:
    """Each year named in the right margin, level with its last shown month."""
    return layer(
        {"type": "text", "align": "left", "baseline": "middle", "dx": 9, "fontSize": 11},
        data=data(rows, datasets, months=False),
        x=x,
        y=y,
        text=field("etikett", "nominal"),
        color=field("etikett_farge", "nominal", scale=None),
    )


def _break_layers(
    breaks: Sequence[tuple[str, str]], datasets: Datasets, x: Channel, month_px: float
) -> list[alt.UnitSpec]:
    """A dashed rule half a month before the month of the year where the series breaks, named
    with its year ("brudd 2018"): the lines of that year and later are measured otherwise."""
    if not breaks:
        return []
    records = [
        {"mnd": _MONTHS[parse(month)[1] - 1], "tekst": f"brudd {month[:4]}", "brudd": label}
        for month, label in breaks
    ]
    rows = data(records, datasets, months=False)
    offset = {"value": clean(round(-month_px / 2, 2))}
    rule = layer(
        dict(BREAK_RULE),
        data=rows,
        x=x,
        xOffset=offset,
        tooltip={"value": None},
    )
    text = layer(
        dict(BREAK_LABEL),
        data=rows,
        x=x,
        xOffset=offset,
        y={"value": 0},
        text=field("tekst", "nominal"),
    )
    return [rule, text]
