"""Maps of the counties: a choropleth of a change in per cent, and a small locator map.

Both draw Kartverket's boundaries of one era (``generator.plan.maps``) with Vega-Lite's
``geoshape`` in a transverse Mercator projection turned 15° east, which stands Norway upright.
The boundaries are inlined like every chart's data, so the renderer needs nothing else.

The choropleth shades each county by the class its change falls in, on a diverging scale
(ColorBrewer's PuOr: orange for a fall, purple for a rise, told apart by lightness too, so it
reads with every common colour vision deficiency; the chart stays on white in the dark scheme,
like every chart). A change computed from a hidden cell is a range: it is hatched, coloured by
its class only when the whole interval lies in one, and grey when it spans several; the legend
says so. The classes are worked out from the exact changes alone, so no hidden cell moves them.
Every county is outlined in dark grey, so each shape stands out against the white (3:1) however
pale its class.

The credit the boundaries need ("Kartgrunnlag: Kartverket (CC BY 4.0)") is written under the
map on the page and into the figure to download. Vega cannot draw a pattern, so the hatching is
a layer filled with a colour of its own (``usermeta.hatch``) that the renderer turns into
stripes in the static picture, and charts.js in the live chart, from the static one's pattern.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from typing import Any, cast

import altair as alt

from generator.charts.outline import (
    Datasets,
    Verbatim,
    clean,
    data,
    finish,
    js_str,
    top_level,
    unvalidated,
)
from generator.charts.style import HIGHLIGHT, INK, LABEL_INK
from generator.numbers import MINUS, NBSP, Kind, fmt_num, round_half_up
from generator.plan.chart_input import Point
from generator.plan.maps import CHOROPLETH, LOCATOR, shapes

PROJECTION = {"type": "transverseMercator", "rotate": [-15, 0]}
ASPECT = 1.1174
"""Height over width of Norway in this projection: the map fills its box without margins."""

CLASS_COLOURS = ("#b35806", "#f1a340", "#fee0b6", "#d8daeb", "#998ec3", "#542788")
"""ColorBrewer PuOr, six classes: falls in orange, rises in purple, lighter towards zero."""
SPREAD = "#bdbdbd"  # a range over several classes: no class can be given
NO_DATA = "#ffffff"
HATCH = "#5a5a5b"
"""The fill of the hatching layer, which the renderer replaces with a striped pattern."""
OUTLINE = "#4a4a4a"  # 8.9:1 on white
OTHER_COUNTY = "#d9d9d9"
OTHER_OUTLINE = "#767676"  # 4.5:1 on white
STEPS = (1, 2, 5, 10, 20, 25, 50)
"""Class widths in percentage points, from which the one that fits the changes is taken."""

HATCHED = "Skravert: intervall"
SPREAD_LABEL = "Intervall over flere klasser"
NO_DATA_LABEL = "Ingen tall"


def _shown(value: float) -> float:
    """A change as the table shows it (one decimal): its class is the one a reader expects."""
    return round_half_up(value, 1)


def _pct(value: float) -> str:
    return fmt_num(value).replace("-", MINUS)


def class_step(values: Sequence[float]) -> int:
    """The class width: about half of what three changes in four stay within, from a few
    round steps, so most counties fall in the inner classes and the outer ones keep the rest."""
    if not values:
        return STEPS[2]
    magnitudes = sorted(abs(v) for v in values)
    typical = magnitudes[min(len(magnitudes) - 1, int(0.75 * len(magnitudes)))]
    return max((s for s in STEPS if s <= typical / 2), default=STEPS[0])


def classes(step: int) -> list[tuple[float, float, str]]:
    """Six classes around zero, each [from, to): two of ``step`` on each side and the rest."""
    s, s2 = step, 2 * step
    return [
        (-math.inf, -s2, f"under {_pct(-s2)}{NBSP}%"),
        (-s2, -s, f"{_pct(-s2)} til {_pct(-s)}{NBSP}%"),
        (-s, 0, f"{_pct(-s)} til 0{NBSP}%"),
        (0, s, f"0 til {_pct(s)}{NBSP}%"),
        (s, s2, f"{_pct(s)} til {_pct(s2)}{NBSP}%"),
        (s2, math.inf, f"{_pct(s2)}{NBSP}% eller mer"),
    ]


def _class_of(value: float, bins: list[tuple[float, float, str]]) -> int:
    return next(
        i for i, (low, high, _) in enumerate(bins) if low <= value < high or high == math.inf
    )


def _klasse(p: Point, bins: list[tuple[float, float, str]]) -> str:
    """The class a county is shaded by: its change's, the interval's when it lies in one."""
    if p.kind is Kind.EXACT and p.value is not None:
        return bins[_class_of(_shown(p.value), bins)][2]
    if p.kind is Kind.RANGE and p.lo is not None:
        low = _class_of(p.lo, bins)
        high = len(bins) - 1 if p.hi is None else _class_of(p.hi, bins)
        return bins[low][2] if low == high else SPREAD_LABEL
    return NO_DATA_LABEL


def _records(
    points: Sequence[Point], codes: dict[str, str], bins: list[tuple[float, float, str]]
) -> list[dict[str, Any]]:
    """A row per county. A change with no upper bound (the earlier count may be 0) is carried
    up to the outer class, as a share is capped at the whole: it is drawn only by its class."""
    top = bins[-1][0]
    return [
        {
            "fylke": p.key,
            "kode": codes[p.key],
            "type": p.kind.value,
            "tekst": p.tekst,
            "verdi": clean(p.value),
            "lo": clean(p.lo),
            "hi": clean(_upper(p, top)),
            "klasse": _klasse(p, bins),
        }
        for p in points
    ]


def _upper(p: Point, top: float) -> float | None:
    if p.kind is Kind.RANGE and p.hi is None and p.lo is not None:
        return max(p.lo, top) + top
    return p.hi


TOOLTIP = [
    {"field": "fylke", "type": "nominal", "title": "Fylke"},
    {"field": "tekst", "type": "nominal", "title": "Endring"},
]


def _legend(domain: list[str], *, below: bool) -> dict[str, Any]:
    return {
        "title": "Endring",
        "orient": "bottom" if below else "bottom-right",
        "direction": "vertical",
        "columns": 1,
        "symbolType": "square",
        "symbolSize": 160,
        "symbolStrokeColor": OUTLINE,
        "symbolStrokeWidth": 0.6,
        "labelColor": LABEL_INK,
        "labelFontSize": 11,
        "labelLimit": 240,
        "titleColor": INK,
        "titleFontSize": 11,
        "titleFontWeight": "bold",
        "values": domain,
    }


def _notes(measure: str, ranges: bool) -> list[str]:
    notes = [measure] if measure else []
    if ranges:
        notes.append(
            "Skravert: endringen er beregnet fra skjulte tall og er et intervall. Fargen viser "
            "klassen hele intervallet ligger i, grå når det spenner over flere klasser."
        )
    return notes


def _shape_layer(channels: dict[str, Any], *, where: str = "", **mark: Any) -> alt.UnitSpec:
    """The shapes, coloured by ``channels`` (fill, maybe stroke), maybe only some of them."""
    encoding = {"shape": {"field": "geo", "type": "geojson"}, **channels}
    transform = [{"filter": where}] if where else []
    return alt.UnitSpec(
        mark=Verbatim({"type": "geoshape", "strokeJoin": "round", **mark}),
        encoding=Verbatim(encoding),
        transform=cast(Any, Verbatim(transform)) if transform else alt.Undefined,
    )


@unvalidated
def choropleth(
    rows: Sequence[Point],
    *,
    title: str,
    description: str,
    era: str,
    codes: dict[str, str],
    measure: str = "",
    width: int = 380,
    legend_below: bool = False,
) -> dict[str, Any]:
    """The counties of ``era`` shaded by their point's change in per cent (``key``: the
    county's name, ``codes``: its county number); a county without a point is "Ingen tall"."""
    points = list(rows)
    bins = classes(class_step([_shown(p.value) for p in points if p.value is not None]))
    kinds = {p.kind for p in points}
    domain = [label for _, _, label in bins]
    colours = list(CLASS_COLOURS)
    if Kind.RANGE in kinds:
        domain += [HATCHED, SPREAD_LABEL]
        colours += [HATCH, SPREAD]
    features = shapes(era, CHOROPLETH)["features"]
    if Kind.MISSING in kinds or len(features) > len(points):
        domain.append(NO_DATA_LABEL)
        colours.append(NO_DATA)
    datasets: Datasets = {}
    values = data(_records(points, codes, bins), datasets, months=False)
    fill = {
        "field": "klasse",
        "type": "nominal",
        "scale": {"domain": domain, "range": colours},
        "legend": _legend(domain, below=legend_below),
    }
    layers = [_shape_layer({"fill": fill, "tooltip": TOOLTIP}, stroke=OUTLINE, strokeWidth=0.5)]
    if Kind.RANGE in kinds:
        hatch = {"fill": {"value": HATCH}, "tooltip": TOOLTIP}
        layers.append(_shape_layer(hatch, where="datum.type === 'range'", strokeWidth=0))
    return _map_spec(
        layers,
        features,
        datasets,
        width,
        top_level(
            title=title,
            description=description,
            notes=_notes(measure, Kind.RANGE in kinds),
            autosize=None,
            width=width,
        ),
        lookup={
            "from": {
                "data": {"name": values.name},
                "key": "kode",
                "fields": ["fylke", "type", "tekst", "klasse"],
            }
        },
        usermeta={"hatch": HATCH},
    )


def _map_spec(
    layers: list[alt.UnitSpec],
    features: list[dict[str, Any]],
    datasets: Datasets,
    width: int,
    outline: dict[str, Any],
    *,
    lookup: dict[str, Any] | None = None,
    usermeta: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Layers over an era's shapes, each shape's values looked up by its county number."""
    geo = data(
        [{"geo": f, "kode": f["properties"]["fylkesnummer"]} for f in features],
        datasets,
        months=False,
    )
    transform: list[dict[str, Any]] = []
    if lookup:
        transform.append({"lookup": "kode", **lookup})
        for name, default in (
            ("klasse", js_str(NO_DATA_LABEL)),
            ("fylke", "datum.geo.properties.fylkesnavn"),
            ("tekst", js_str("ingen tall")),
        ):
            transform.append({"calculate": f"datum.{name} || {default}", "as": name})
    chart = alt.TopLevelLayerSpec(
        layer=layers,
        data=geo,
        width=width,
        height=round(width * ASPECT),
        projection=Verbatim(PROJECTION),
        transform=cast(Any, Verbatim(transform)) if transform else alt.Undefined,
        **outline,
    )
    spec = finish(chart, datasets)
    spec["usermeta"] = {**spec["usermeta"], **(usermeta or {})}
    return spec


def _centre(feature: dict[str, Any]) -> tuple[float, float]:
    """The centre of a county's largest piece (its outer ring's centroid), in degrees."""
    polygons = feature["geometry"]["coordinates"]
    ring = max((p[0] for p in polygons), key=lambda r: abs(_area(r)))
    area = _area(ring)
    if area == 0:
        return ring[0][0], ring[0][1]
    cx = sum((a[0] + b[0]) * (a[0] * b[1] - b[0] * a[1]) for a, b in itertools.pairwise(ring))
    cy = sum((a[1] + b[1]) * (a[0] * b[1] - b[0] * a[1]) for a, b in itertools.pairwise(ring))
    return cx / (6 * area), cy / (6 * area)


def _area(ring: list[list[float]]) -> float:
    return sum(a[0] * b[1] - b[0] * a[1] for a, b in itertools.pairwise(ring)) / 2


@unvalidated
def locator_map(
    rows: Sequence[Point],
    *,
    title: str,
    description: str,
    era: str,
    marked: str,
    width: int = 190,
) -> dict[str, Any]:
    """The counties of ``era`` in grey, the one numbered ``marked`` in colour and ringed, so
    even Oslo, a few pixels across here, can be found. ``rows`` are not used."""
    del rows
    features = shapes(era, LOCATOR)["features"]
    datasets: Datasets = {}
    is_marked = f"datum.kode === {marked!r}"
    fill = {"condition": {"test": is_marked, "value": HIGHLIGHT}, "value": OTHER_COUNTY}
    stroke = {"condition": {"test": is_marked, "value": OUTLINE}, "value": OTHER_OUTLINE}
    layers = [_shape_layer({"fill": fill, "stroke": stroke}, strokeWidth=0.4)]
    found = [f for f in features if f["properties"]["fylkesnummer"] == marked]
    if found:
        lon, lat = _centre(found[0])
        ring = data(
            [{"lon": clean(round(lon, 3)), "lat": clean(round(lat, 3))}], datasets, months=False
        )
        layers.append(
            alt.UnitSpec(
                data=ring,
                mark=Verbatim(
                    {
                        "type": "point",
                        "shape": "circle",
                        "filled": False,
                        "size": 300,
                        "stroke": INK,
                        "strokeWidth": 1.5,
                    }
                ),
                encoding=Verbatim(
                    {
                        "longitude": {"field": "lon", "type": "quantitative"},
                        "latitude": {"field": "lat", "type": "quantitative"},
                    }
                ),
            )
        )
    outline = top_level(title=title, description=description, notes=[], autosize=None, width=width)
    return _map_spec(layers, features, datasets, width, outline)
