"""Vega-Lite chart specs, made with Altair.

Every chart function takes a long-form pandas DataFrame, one row per value:

- ``periode`` (str, ``"YYYY-MM"``): the month, for time-series charts; or
  ``kategori`` (str): the category, for :func:`bar_chart` (rows keep their order);
- ``serie`` (str): the series name (tiltaksgruppe, hovedgruppe, fylke, ...); optional for
  :func:`bar_chart` and :func:`month_bars`;
- ``verdi`` (float or None): the exact value; None when it is hidden or a range;
- ``lo``, ``hi`` (float): the bounds; equal to ``verdi`` when exact, 0 and 3 for a single hidden
  cell, the computed range for a sum that includes hidden cells;
- ``skjult`` (bool): True for a single hidden cell (``*`` in the export, a count from 0 to 3);
- ``tekst`` (str): the value as people read it ("18 344", "skjult (0–3)", "1 200–1 209").

Privacy is built in, not left to the caller: a hidden cell reaches the spec with no number at all
(``verdi``, ``lo`` and ``hi`` are null), so no renderer can draw it as 0; it is drawn as a marker
or the word "skjult" instead. A range is drawn as a band or an error bar, never as one point.

The functions return plain dicts (``chart.to_dict()``) with the data inlined, so the static SVG
(vl-convert) and the browser (Vega) need nothing else. The output is deterministic: the same
DataFrame gives the same JSON. The chart title is not drawn (the page's figcaption carries it);
it is kept in ``spec["usermeta"]["title"]``. ``spec["description"]`` is the text for the SVG's
aria-label: vl-convert does not put it on the root ``<svg>``, so whoever inlines the SVG adds
``role="img"`` and ``aria-label`` from it. ``config.aria`` is off, which hides axes, marks and
the key from screen readers (they would be read out in English and mark by mark); the summary
and the table carry the content instead. A key explaining hidden values and ranges is drawn
under the chart (as a bottom-oriented ``title``) only when such values occur.

Month labels on the axes are spelled out in the spec (jan, feb, ...), so they do not depend on
the renderer's time locale; number formats on the axes (``value_format``) do use the number
locale, which must be Norwegian (decimal comma, no-break-space thousands) in both renderers.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import json
import math
import re
import textwrap
from collections.abc import Callable, Iterator, Sequence
from typing import Any, ClassVar, ParamSpec

import altair as alt
import pandas as pd
from altair.utils.schemapi import SchemaBase, debug_mode

from generator.numbers import (
    EN_DASH,
    fmt_int,
    month_name,
)
from generator.plan.chart_input import (
    Point,
    category_points,
    fmt_month,
    parse_periode,
    series_points,
)

# Okabe–Ito order, adjusted so every colour has at least 3:1 contrast on white (WCAG non-text
# contrast): orange is too light on white (2.3:1) and, once darkened, looks like vermilion to
# people with protanopia, so its place goes to a dark ochre; reddish purple is darkened a
# little; black is softened to dark grey. Checked with simulated protan/deutan/tritan vision.
PALETTE: tuple[str, ...] = ("#0072B2", "#D55E00", "#009E73", "#C5689D", "#7A5200", "#333333")
# The same hues darkened to at least 4.5:1 for text (direct labels at the line ends).
TEXT_PALETTE: tuple[str, ...] = ("#0067A0", "#A84A00", "#00785A", "#A14A7B", "#7A5200", "#333333")
_MIN_POINT_GAP = 4
"""Pixels between months below which a line's points are not drawn (see _series_layers)."""
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

MONTHS_SHORT = ("jan", "feb", "mar", "apr", "mai", "jun", "jul", "aug", "sep", "okt", "nov", "des")


# Rough text metrics for layout decisions made before rendering (11 px sans-serif).
_CHAR_PX = 6.8
_DIGIT_PX = 7.0

# Altair assembles each spec, but only its outline: the top-level spec, the layers, the data
# reference and the key are Altair objects, while marks, channels, axes, scales, transforms and
# tooltips are written as the plain Vega-Lite dicts that ``to_dict`` would make of them.
# Built the usual way, a spec took as long to make as to render: Altair's channel and axis
# classes carry some hundred unset keywords each, every chained call (``mark_*``, ``encode``,
# ``transform_filter``, ``properties``, ``layer``, ``facet``, ``resolve_*``) deep-copies the
# whole chart, and shorthand such as "yearmonth(periode):T" is parsed anew each time. For the
# same reason the outline uses Altair's schema classes (``TopLevelLayerSpec``, ``UnitSpec``,
# ...) rather than ``Chart``/``LayerChart``/``FacetChart``, whose constructors deep-copy every
# layer twice more; what those add in ``to_dict`` is the schema URL, given here, and the theme's
# config, which ``_finish`` replaces with the house style anyway.
Channel = dict[str, Any]
Datasets = dict[str, list[dict[str, Any]]]
_P = ParamSpec("_P")


class _Verbatim(SchemaBase):
    """A part of the outline already written as Vega-Lite (dicts, lists, strings, numbers).

    ``to_dict`` hands it on as it is: walking it, Altair checks every string and number
    against its protocols one by one, which took most of the time of making a spec.
    """

    _schema: ClassVar[dict[str, Any]] = {}  # validated with the whole spec, by the tests

    def __init__(self, value: Any) -> None:
        super().__init__(value)

    def to_dict(self, *args: Any, **kwargs: Any) -> Any:
        return self._args[0]


def _unvalidated(make: Callable[_P, dict[str, Any]]) -> Callable[_P, dict[str, Any]]:
    """Build with Altair's debug mode off.

    In debug mode (Altair's default) every schema object is validated as it is made, which
    costs ten times as much as building the spec; tests validate every kind instead.
    """

    @functools.wraps(make)
    def build(*args: _P.args, **kwargs: _P.kwargs) -> dict[str, Any]:
        with debug_mode(False):
            return make(*args, **kwargs)

    return build


# ---------------------------------------------------------------------------------------------
# Shared chart parts
# ---------------------------------------------------------------------------------------------


def _clean(x: float | None) -> int | float | None:
    """JSON-friendly number: whole numbers as int so the spec reads "18344", not "18344.0"."""
    if x is None:
        return None
    return int(x) if float(x).is_integer() else round(float(x), 6)


def _tick_step(lo: float, hi: float, count: int = 5) -> float:
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


def _nice_domain(lo: float, hi: float, *, zero: bool, count: int = 5) -> tuple[float, float]:
    """A rounded y domain, fixed in the spec so label placement can be computed here."""
    if zero:
        lo, hi = min(lo, 0.0), max(hi, 0.0)
    if hi <= lo:
        hi = lo + (10.0 if lo == 0 else abs(lo) * 0.1)
    for _ in range(3):
        step = _tick_step(lo, hi, count)
        lo, hi = math.floor(lo / step) * step, math.ceil(hi / step) * step
    return lo, hi


def _config() -> dict[str, Any]:
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


def _top_level(
    *,
    title: str,
    description: str,
    notes: Sequence[str],
    autosize: dict[str, Any] | None,
    padding: dict[str, int] | None = None,
    width: int | None = None,
) -> dict[str, Any]:
    """Schema URL, description and key: top-level properties, given to the spec as it is made."""
    props: dict[str, Any] = {
        "$schema": alt.SCHEMA_URL,
        "description": description or title,
        "usermeta": {"title": title},
    }
    if notes:
        # The key does not wrap by itself: break it to the chart's width.
        chars = max(30, int(width / 6.6)) if width else 200
        lines = [line for note in notes for line in textwrap.wrap(note, chars)]
        props["title"] = alt.TitleParams(
            text=lines,
            orient="bottom",
            anchor="start",
            frame="group",
            offset=14,
            fontSize=11,
            fontWeight="normal",
            color=MUTED_INK,
            lineHeight=15,
            # The key repeats what the page's notes say; Vega would read it out in English
            # wording ("Title text ..."), so it stays out of the accessibility tree.
            aria=False,
        )
    if autosize:
        props["autosize"] = autosize
    if padding:
        props["padding"] = padding
    return props


def _finish(
    chart: alt.TopLevelLayerSpec | alt.TopLevelFacetSpec, datasets: Datasets
) -> dict[str, Any]:
    """The spec as a dict, with the rows of its named datasets and the house style."""
    # Schema validation costs more than building the chart; tests validate every kind instead.
    spec = chart.to_dict(validate=False)
    spec["datasets"] = {name: datasets[name] for name in sorted(datasets)}
    spec["config"] = _config()
    return spec


def _layered(
    layers: list[alt.UnitSpec],
    data: alt.NamedData,
    datasets: Datasets,
    *,
    width: int,
    height: int | dict[str, Any],
    title: str,
    description: str,
    notes: Sequence[str],
    autosize: dict[str, Any],
    padding: dict[str, int],
) -> dict[str, Any]:
    """A chart of layers over one dataset, finished as a spec dict."""
    chart = alt.TopLevelLayerSpec(
        layer=layers,
        data=data,
        width=width,
        height=height,
        **_top_level(
            title=title,
            description=description,
            notes=notes,
            autosize=autosize,
            padding=padding,
            width=width,
        ),
    )
    return _finish(chart, datasets)


def _layer(
    mark: dict[str, Any],
    *,
    where: str | None = None,
    data: alt.NamedData | None = None,
    dates: dict[str, str] | None = None,
    **encoding: Channel | list[Channel],
) -> alt.UnitSpec:
    """One layer: a mark, its channels and an optional filter, all given as Vega-Lite dicts.

    ``dates`` parses fields of the layer's own data as local-time dates (field → format).
    A layer's data cannot carry ``format.parse`` for this: Vega-Lite drops it there, and the
    label or rule would then stand at the first month instead of its own.
    """
    transform = [
        {"calculate": f"timeParse(datum[{_js_str(name)}], {_js_str(fmt)})", "as": name}
        for name, fmt in (dates or {}).items()
    ]
    if where:
        transform.append({"filter": where})
    return alt.UnitSpec(
        data=alt.Undefined if data is None else data,
        mark=_Verbatim(mark),
        encoding=_Verbatim(encoding),
        transform=_Verbatim(transform) if transform else alt.Undefined,
    )


_SHORT_MONTHS_JS = "[" + ",".join(f"'{m}'" for m in MONTHS_SHORT) + "]"
_MONTH_AND_YEAR = (
    f"(month(datum.value) == 0 || datum.index == 0) "
    f"? [{_SHORT_MONTHS_JS}[month(datum.value)], timeFormat(datum.value, '%Y')] "
    f": {_SHORT_MONTHS_JS}[month(datum.value)]"
)
"""Axis label: short Norwegian month, and the year under January and under the first tick.

Month names are spelled out here rather than left to the renderer's locale, so the static SVG
and the browser agree even if a locale fails to load."""


def _month_label_expr(step: int) -> str:
    """The label of a time axis whose ticks stand ``step`` months apart: only the year once
    they are a year or more apart."""
    return "timeFormat(datum.value, '%Y')" if step >= 12 else _MONTH_AND_YEAR


def _nice_steps() -> Iterator[int]:
    """1, 2, 5, 10, 20, 50, …"""
    for power in itertools.count():
        for factor in (1, 2, 5):
            yield factor * 10**power


def _month_step(n_months: int, plot_width: float, min_px: float = 34) -> int:
    """Months between x-axis ticks so labels do not collide: 1, 2, 3 or 6 months, or whole
    years in steps of 1, 2 or 5 times a power of ten (a ten-year series on a phone: every
    second year). Ticks fall on months and years that divide by the step (d3's ``every``)."""
    slots = max(plot_width, 1) / min_px  # labels that fit side by side
    for step in (1, 2, 3, 6):
        if n_months / step <= slots:
            return step
    years = next(y for y in _nice_steps() if n_months / 12 / y <= slots)
    return 12 * years


def _x_time(
    n_months: int,
    plot_width: float,
    *,
    grid: bool = False,
    marker_row: bool = False,
    label_size: int = 11,
) -> Channel:
    """Months along x; ``marker_row`` leaves a strip under the axis line for hidden markers."""
    step = _month_step(n_months, plot_width)
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
            "labelExpr": _month_label_expr(step),
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


def _label_extent(lo: float, hi: float, value_format: str) -> int:
    """Pixel width reserved for y-axis labels, so the horizontal y title can align with them."""
    digits = max(len(fmt_int(lo)), len(fmt_int(hi)))
    m = re.search(r"\.(\d+)", value_format)
    if m:
        digits += int(m.group(1)) + 1
    if "%" in value_format:
        digits += 2
    return int(digits * _DIGIT_PX + 8)


def _y_axis(value_format: str, title: str, extent: int, tick_count: int = 5) -> dict[str, Any]:
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
        **_min_step(value_format),
        "grid": True,
    }


def _min_step(value_format: str) -> dict[str, int]:
    """Whole-number formats get whole-number ticks (no "1, 1, 2" on a scale up to 2)."""
    return {"tickMinStep": 1} if value_format.endswith("d") else {}


def _field(name: str, kind: str = "quantitative", **props: Any) -> Channel:
    """A field channel, as ``alt.X("name:Q", ...)`` and the like would write it."""
    return {"field": name, "type": kind, **props}


def _tooltip(serie_title: str | None, value_title: str) -> list[Channel]:
    tips = [_field("maaned", "nominal", title="Måned")]
    if serie_title:
        tips.append(_field("serie", "nominal", title=serie_title))
    tips.append(_field("tekst", "nominal", title=value_title))
    return tips


def _key_notes(kinds: set[str], *, line: bool) -> list[str]:
    notes = []
    if "hidden" in kinds:
        if line:
            notes.append(f"Hul grå markør under aksen: skjult tall (0{EN_DASH}3), ikke tegnet inn.")
        else:
            notes.append(f"«skjult»: tallet er 0{EN_DASH}3 og er ikke vist (personvern).")
    if "range" in kinds:
        if line:
            notes.append(
                "Bånd og stiplet linje: tallet er et intervall fordi det har skjulte tall i seg."
            )
        else:
            notes.append(
                "Lys stolpe med strek: tallet er et intervall fordi det har skjulte tall i seg."
            )
    return notes


def _wrap_label(text: str, max_chars: int = 16) -> str:
    """Break a long series name onto two lines at the space nearest the middle."""
    if len(text) <= max_chars or " " not in text:
        return text
    mid = len(text) / 2
    spaces = [i for i, ch in enumerate(text) if ch == " "]
    cut = min(spaces, key=lambda i: abs(i - mid))
    return text[:cut] + "\n" + text[cut + 1 :]


def _spread(wanted: list[float], gap: float, lo: float, hi: float) -> list[float]:
    """Move label positions apart by at least ``gap``, keeping them inside [lo, hi]."""
    order = sorted(range(len(wanted)), key=lambda i: wanted[i])
    ys = [wanted[i] for i in order]
    for _ in range(50):
        moved = False
        for i in range(1, len(ys)):
            if ys[i] - ys[i - 1] < gap - 1e-9:
                push = (gap - (ys[i] - ys[i - 1])) / 2
                ys[i - 1] -= push
                ys[i] += push
                moved = True
        ys = [min(max(y, lo), hi) for y in ys]
        if not moved:
            break
    out = [0.0] * len(wanted)
    for pos, i in enumerate(order):
        out[i] = ys[pos]
    return out


# ---------------------------------------------------------------------------------------------
# Time-series data for line charts and small multiples
# ---------------------------------------------------------------------------------------------


def _series_records(
    series: dict[str, list[Point]], *, spread_hidden: bool = True
) -> list[dict[str, Any]]:
    """Inline rows: one per series and month, plus fields that drive the range band and gaps.

    ``midt``/``baand_lo``/``baand_hi`` are set on range months and on the exact months next to
    them, so the dashed line and the band join the solid line without bridging hidden months.
    ``skjult_dx`` spreads the hidden markers of several series in the same month sideways
    (``spread_hidden``; off for small multiples, where each series has its own panel).
    """
    hidden_at: dict[str, list[str]] = {}
    for serie, points in series.items():
        for p in points:
            if p.kind == "hidden":
                hidden_at.setdefault(p.key, []).append(serie)
    month_names: dict[str, str] = {}  # the series share their months: name each once
    records = []
    for serie, points in series.items():
        last = len(points) - 1
        for i, p in enumerate(points):
            near_range = p.kind == "exact" and (
                (i > 0 and points[i - 1].kind == "range")
                or (i < last and points[i + 1].kind == "range")
            )
            in_band = p.kind == "range" or near_range
            maaned = month_names.get(p.key)
            if maaned is None:
                maaned = month_names[p.key] = fmt_month(p.key)
            lo, hi = _clean(p.lo), _clean(p.hi)
            rec: dict[str, Any] = {
                "periode": p.key,
                "maaned": maaned,
                "serie": serie,
                "type": p.kind,
                "tekst": p.tekst,
                "verdi": _clean(p.value),
                "lo": lo,
                "hi": hi,
                "midt": _clean(p.mid) if in_band else None,
                "baand_lo": lo if in_band else None,
                "baand_hi": hi if in_band else None,
            }
            if p.kind == "hidden":
                at = hidden_at[p.key]
                offset = (at.index(serie) - (len(at) - 1) / 2) * 9 if spread_hidden else 0
                rec["skjult_dx"] = _clean(offset)
            records.append(rec)
    return records


def _last_shown(points: list[Point]) -> Point | None:
    for p in reversed(points):
        if p.kind in ("exact", "range"):
            return p
    return None


def _series_layers(
    *,
    color: Channel,
    shape: Channel,
    tooltip: list[Channel],
    y_scale: dict[str, Any],
    y_axis: dict[str, Any],
    x: Channel,
    kinds: set[str],
    area: bool = False,
    point_size: float = 36,
    band_color: str | None = None,
    month_px: float = math.inf,
) -> list[alt.UnitSpec]:
    """The marks shared by line charts and small multiples.

    ``month_px`` is the distance between months. Closer than :data:`_MIN_POINT_GAP`, a point
    for each month would merge with its neighbours into a beaded band over the line: the
    points are then invisible, and only carry the live chart's tooltips.
    """
    visible = month_px >= _MIN_POINT_GAP
    y_exact = _field("verdi", scale=y_scale, axis=y_axis)
    detail = _field("serie", "nominal")
    gaps = "break-paths-filter-domains"  # a month with no number breaks the line or area
    layers: list[alt.UnitSpec] = []
    if area:
        layers.append(
            _layer(
                {"type": "area", "invalid": gaps, "opacity": 0.12, "color": MAIN},
                x=x,
                y=y_exact,
                detail=detail,
            )
        )
    if "range" in kinds:
        layers += [
            _layer(
                {"type": "area", "invalid": gaps, "opacity": 0.2},
                x=x,
                y=_field("baand_lo", scale=y_scale, axis=y_axis),
                y2={"field": "baand_hi"},
                color={"value": band_color} if band_color else color,
                detail=detail,
            ),
            _layer(
                {"type": "rule", "strokeWidth": 1.5},
                where="datum.type == 'range'",
                x=x,
                y=_field("lo", scale=y_scale, axis=y_axis),
                y2={"field": "hi"},
                color=color,
                tooltip=tooltip,
            ),
            _layer(
                {"type": "line", "invalid": gaps, "strokeDash": [4, 3], "strokeWidth": 1.5},
                x=x,
                y=_field("midt", scale=y_scale, axis=y_axis),
                color=color,
                detail=detail,
            ),
        ]
    layers += [
        _layer(
            # Round joins: a sharp peak neither spikes (mitre) nor is cut off (bevel), and
            # stays the same when the SVG's coordinates are rounded.
            {"type": "line", "invalid": gaps, "strokeWidth": 2, "strokeJoin": "round"},
            x=x,
            y=y_exact,
            color=color,
            detail=detail,
        ),
        # Dense series get small points without the white ring, which would read as a dash.
        _layer(
            {
                "type": "point",
                "filled": True,
                "opacity": 1 if visible else 0,
                "size": point_size,
                "stroke": "white",
                "strokeWidth": 0.8 if point_size >= 14 else 0,
            },
            where="datum.type == 'exact'",
            x=x,
            y=y_exact,
            color=color,
            shape=shape,
            tooltip=tooltip,
        ),
    ]
    if "hidden" in kinds:
        layers.append(
            _layer(
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
                xOffset=_field("skjult_dx", scale=None),
                shape=shape,
                tooltip=tooltip,
            )
        )
    return layers


# The rows go into the spec's top-level ``datasets`` (``_finish``), and the charts name them.
# Altair's ``to_dict`` walks everything a spec holds, value by value; a named dataset is a short
# reference, and identical rows in two layers are stored once.
def _data(
    records: list[dict[str, Any]], datasets: Datasets, *, months: bool = True
) -> alt.NamedData:
    """Data by name; periode is parsed as a local-time month so every renderer agrees.

    The name is a digest of the rows, so the same rows always give the same spec.
    """
    text = json.dumps(records, sort_keys=True, ensure_ascii=False)
    name = "data-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    datasets[name] = records
    if not months:
        return alt.NamedData(name=name)
    return alt.NamedData(name=name, format={"parse": {"periode": "date:'%Y-%m'"}})


# ---------------------------------------------------------------------------------------------
# 1. Line chart
# ---------------------------------------------------------------------------------------------


@_unvalidated
def line_chart(
    df: pd.DataFrame,
    *,
    title: str,
    description: str,
    y_title: str,
    value_format: str = ",d",
    width: int = 640,
    height: int = 300,
    zero: bool = True,
    serie_title: str = "Serie",
    end_labels: bool | None = None,
    breaks: Sequence[tuple[str, str]] = (),
) -> dict[str, Any]:
    """One line per ``serie`` (at most 6), months along x, y from zero unless ``zero=False``.

    Series differ by colour, point shape and a label at the line's end, so colour is never the
    only cue (``end_labels`` defaults to on when there is more than one series). Dashes are kept
    for ranges (sums with hidden cells), drawn as a band with a dashed line through the middle.
    A hidden month breaks the line and gets a hollow grey marker in the series' shape just under
    the x-axis line: outside the value area, placed in pixels rather than at any value.
    ``width``/``height`` are the whole chart's size, labels and key included.
    """
    series = series_points(df)
    if len(series) > MAX_SERIES:
        raise ValueError(
            f"line_chart shows at most {MAX_SERIES} series, got {len(series)}: "
            "use small_multiples instead"
        )
    names = list(series)
    points = [p for pts in series.values() for p in pts]
    kinds = {p.kind for p in points}
    shown = [p for p in points if p.kind in ("exact", "range")]
    lo = min((p.lo for p in shown if p.lo is not None), default=0.0)
    hi = max((p.hi for p in shown if p.hi is not None), default=0.0)
    y_lo, y_hi = _nice_domain(lo, hi, zero=zero)
    extent = _label_extent(y_lo, y_hi, value_format)
    if end_labels is None:
        end_labels = len(names) > 1

    # Direct labels in the right margin, level with each series' last shown value; long names
    # wrap onto two lines. They all stand at the chart's last month: a label at the last month
    # a series happens to show (say June, when July to December are hidden) would sit in the
    # middle of the plot, on top of the other lines.
    labels = {s: _wrap_label(s) for s in names} if end_labels else {}
    label_px = max(
        (max(len(line) for line in t.split("\n")) * _CHAR_PX + 10 for t in labels.values()),
        default=0,
    )
    notes = _key_notes(kinds, line=True)
    x_axis_px = 44 if "hidden" in kinds else 32
    plot_h = height - x_axis_px - 16 * len(notes) - (14 if notes else 0) - 26
    plot_w = width - extent - label_px - 12
    records = _series_records(series)
    label_records: list[dict[str, Any]] = []
    if end_labels:
        lasts = {s: _last_shown(pts) for s, pts in series.items()}
        wanted = {s: p.mid for s, p in lasts.items() if p is not None and p.mid is not None}
        keys = list(wanted)
        line_px = max((14 * (1 + labels[s].count("\n")) for s in keys), default=14)
        px = (y_hi - y_lo) / max(plot_h, 1)
        placed = _spread([wanted[s] for s in keys], line_px * px, y_lo, y_hi)
        final = max(p.key for p in points)
        for s, y in zip(keys, placed, strict=True):
            label_records.append(
                {
                    "periode": final,
                    "serie": s,
                    "etikett": labels[s],
                    "etikett_y": _clean(round(y, 6)),
                    "etikett_farge": TEXT_PALETTE[names.index(s)],
                }
            )

    n_months = len(points) // len(names)
    x = _x_time(n_months, plot_w, marker_row="hidden" in kinds)
    y_scale = {"domain": [_clean(y_lo), _clean(y_hi)], "nice": False, "zero": zero}
    y_axis = _y_axis(value_format, y_title, extent)
    color = _field(
        "serie",
        "nominal",
        scale={"domain": names, "range": list(PALETTE[: len(names)])},
        legend=None,
    )
    shape = _field(
        "serie",
        "nominal",
        scale={"domain": names, "range": list(SHAPES[: len(names)])},
        legend=None,
    )
    layers = _series_layers(
        color=color,
        shape=shape,
        tooltip=_tooltip(serie_title, y_title or "Verdi"),
        y_scale=y_scale,
        y_axis=y_axis,
        x=x,
        kinds=kinds,
        point_size=36 if n_months <= 24 else 12,
        month_px=plot_w / max(n_months - 1, 1),
    )
    datasets: Datasets = {}
    if end_labels:
        layers.append(
            _layer(
                {
                    "type": "text",
                    "align": "left",
                    "baseline": "middle",
                    "dx": 9,
                    "fontSize": 11,
                    "lineBreak": "\n",
                },
                # Its own data, so label rows never enter the lines' paths.
                data=_data(label_records, datasets, months=False),
                dates={"periode": "%Y-%m"},
                x=x,
                y=_field("etikett_y", scale=y_scale, axis=y_axis),
                text=_field("etikett", "nominal"),
                color=_field("etikett_farge", "nominal", scale=None),
            )
        )
    layers += _break_layers(breaks, datasets, temporal=True)
    notes += _break_notes(breaks)
    return _layered(
        layers,
        _data(records, datasets),
        datasets,
        width=width,
        height=height,
        title=title,
        description=description,
        notes=notes,
        autosize={"type": "fit", "contains": "padding"},
        padding={"left": 4, "top": 8, "right": 6, "bottom": 4},
    )


# ---------------------------------------------------------------------------------------------
# 2. Small multiples
# ---------------------------------------------------------------------------------------------


@_unvalidated
def small_multiples(
    df: pd.DataFrame,
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
    series = series_points(df)
    names = list(series)
    points = [p for pts in series.values() for p in pts]
    kinds = {p.kind for p in points}
    n_months = len(points) // len(names)
    x = _x_time(n_months, width, marker_row="hidden" in kinds, label_size=10)
    shown = [p for p in points if p.kind in ("exact", "range")]
    y_max = max((p.hi for p in shown if p.hi is not None), default=0.0)
    extent = _label_extent(0.0, y_max, value_format) - 4
    if shared_y:
        y_lo, y_hi = _nice_domain(0.0, y_max, zero=True, count=3)
        y_scale = {"domain": [_clean(y_lo), _clean(y_hi)], "nice": False, "zero": True}
    else:
        y_scale = {"zero": True, "nice": True}
    y_axis = {
        "format": value_format,
        "title": None,
        "domain": False,
        "ticks": False,
        "labelPadding": 4,
        "labelFontSize": 10,
        "tickCount": 3,
        **_min_step(value_format),
        "grid": True,
        # The same label width in every panel, and no label sticking out above or below the
        # plot, keep the panels lined up in the grid although each has its own y-axis.
        "minExtent": extent,
        "maxExtent": extent,
        "labelFlush": True,
    }
    layers = _series_layers(
        color={"value": MAIN},
        shape={"value": "circle"},
        tooltip=_tooltip("Serie", y_title or "Verdi"),
        y_scale=y_scale,
        y_axis=y_axis,
        x=x,
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
    first = y_title.rstrip(".") + "." if y_title else ""
    if not shared_y and len(names) > 1:
        first = (first + " Hver rute har sin egen skala.").strip()
    notes = ([first] if first else []) + _key_notes(kinds, line=True)
    datasets: Datasets = {}
    chart = alt.TopLevelFacetSpec(
        spec=alt.LayerSpec(layer=layers, width=width, height=height),
        facet={
            "field": "serie",
            "type": "nominal",
            "sort": names,
            "title": None,
            "header": {
                "labelLimit": width + extent,
                "labelExpr": _header_expr(width, two_lines=two_lines),
                "labelBaseline": "top",
                "labelLineHeight": 15,
            },
        },
        columns=columns,
        data=_data(_series_records(series, spread_hidden=False), datasets),
        # Panels are laid out by their plot areas alone ("flush"), so plots line up exactly
        # even where a point or label of one panel sticks out; the spacing leaves room for
        # the y labels (left), the month axis (below) and the panel title (above).
        bounds="flush",
        spacing={
            "row": (44 if "hidden" in kinds else 32) + 15 * (2 if two_lines else 1) + 16,
            "column": extent + 18,
        },
        resolve=resolve,
        **_top_level(
            title=title,
            description=description,
            notes=notes,
            autosize=None,
            width=columns * (width + 40),
        ),
    )
    return _finish(chart, datasets)


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


# ---------------------------------------------------------------------------------------------
# 3. Horizontal bars by category
# ---------------------------------------------------------------------------------------------


def _bar_records(points: list[Point]) -> list[dict[str, Any]]:
    """Inline rows for a bar chart; hidden categories carry no number at all."""
    records = []
    for p in points:
        rec: dict[str, Any] = {
            "kategori": p.key,
            "type": p.kind,
            "tekst": p.tekst,
            "verdi": _clean(p.value),
            "lo": _clean(p.lo),
            "hi": _clean(p.hi),
            # Where the value label starts: the bar's end, or the end of the error bar.
            "etikett_x": _clean(p.hi) if p.kind in ("exact", "range") else None,
        }
        records.append(rec)
    return records


@_unvalidated
def bar_chart(
    df: pd.DataFrame,
    *,
    title: str,
    description: str,
    x_title: str,
    value_format: str = ",d",
    width: int = 560,
    highlight: str | None = None,
    bar_step: int = 22,
    category_title: str = "",
) -> dict[str, Any]:
    """Horizontal bars, one per ``kategori`` in the DataFrame's order, x from zero.

    The order is given to Vega-Lite as an explicit list rather than ``sort=None``: the layers
    filter the rows differently, and data order would then put hidden categories last.
    Value labels come from ``tekst``, so they read exactly as in the table. A hidden value has no
    bar, only the word "skjult" at the baseline. A range gets a pale bar up to its lower bound
    (the part that is certain) and an error bar from ``lo`` to ``hi``. ``highlight`` names a
    category drawn in a stronger colour with a bold label (e.g. the county of the page).
    ``width`` is the whole chart's width; the height follows from ``bar_step`` per category.
    """
    points = category_points(df)
    kinds = {p.kind for p in points}
    if highlight is not None and highlight not in {p.key for p in points}:
        raise ValueError(f"highlight {highlight!r} is not a kategori")
    hi = max((p.hi for p in points if p.hi is not None), default=0.0)
    longest_label = max((len(p.tekst) for p in points if p.kind != "hidden"), default=4)
    longest_cat = max(len(p.key) for p in points)
    plot_w = width - min(longest_cat * _CHAR_PX, 200) - 16
    # Leave room right of the longest bar for its value label.
    label_room = (longest_label * _DIGIT_PX + 12) / max(plot_w, 1)
    _, x_hi = _nice_domain(0.0, hi / max(1 - label_room, 0.5), zero=True, count=4)
    x_scale = {"domain": [0, _clean(x_hi)], "nice": False, "zero": True}
    cats = [p.key for p in points]
    y = _field(
        "kategori",
        "nominal",
        sort=cats,
        title=category_title or None,
        axis={
            "domain": False,
            "ticks": False,
            "labelPadding": 6,
            "labelLimit": 200,
            "labelColor": LABEL_INK,
            "labelFontWeight": (
                {"expr": f"datum.value == {_js_str(highlight)} ? 'bold' : 'normal'"}
                if highlight
                else "normal"
            ),
        },
        scale={"paddingInner": 0.25, "paddingOuter": 0.1},
    )
    x_axis = {
        "format": value_format,
        "title": x_title,
        "grid": True,
        "domain": False,
        "ticks": False,
        "tickCount": max(2, min(4, int(plot_w // 80))),
        "labelPadding": 4,
        "titlePadding": 8,
    }
    tooltip = [
        _field("kategori", "nominal", title=category_title or "Kategori"),
        _field("tekst", "nominal", title=x_title or "Verdi"),
    ]
    if highlight:
        bar_color: Channel = {
            "condition": {"test": f"datum.kategori == {_js_str(highlight)}", "value": HIGHLIGHT},
            "value": MUTED_BAR,
        }
    else:
        bar_color = {"value": MAIN}
    layers = [
        _layer(
            {"type": "bar"},
            where="datum.type == 'exact'",
            x=_field("verdi", scale=x_scale, axis=x_axis),
            y=y,
            color=bar_color,
            tooltip=tooltip,
        )
    ]
    if "range" in kinds:
        layers += [
            _layer(
                {"type": "bar", "color": PALE_BAR, "stroke": MAIN, "strokeWidth": 1},
                where="datum.type == 'range' && datum.lo > 0",
                x=_field("lo", scale=x_scale, axis=x_axis),
                y=y,
                tooltip=tooltip,
            ),
            _layer(
                {"type": "errorbar", "ticks": {"size": 8}, "thickness": 2, "color": INK},
                where="datum.type == 'range'",
                x=_field("lo", scale=x_scale, axis=x_axis),
                x2={"field": "hi"},
                y=y,
                tooltip=tooltip,
            ),
        ]
    shown = "(datum.type == 'exact' || datum.type == 'range')"
    is_hl = f"datum.kategori == {_js_str(highlight)}"
    for weight, test in (
        (("normal", f"!({is_hl})"), ("bold", is_hl)) if highlight else (("normal", "true"),)
    ):
        layers.append(
            _layer(
                {
                    "type": "text",
                    "align": "left",
                    "baseline": "middle",
                    "dx": 4,
                    "color": INK,
                    "fontWeight": weight,
                },
                where=f"{shown} && {test}",
                x=_field("etikett_x", scale=x_scale, axis=x_axis),
                y=y,
                text=_field("tekst", "nominal"),
            )
        )
    if "hidden" in kinds:
        layers.append(
            _layer(
                {
                    "type": "text",
                    "align": "left",
                    "baseline": "middle",
                    "dx": 4,
                    "color": MUTED_INK,
                    "fontStyle": "italic",
                },
                where="datum.type == 'hidden'",
                x={"value": 0},
                y=y,
                text={"value": "skjult"},
                tooltip=tooltip,
            )
        )
    datasets: Datasets = {}
    return _layered(
        layers,
        _data(_bar_records(points), datasets, months=False),
        datasets,
        width=width,
        height={"step": bar_step},
        title=title,
        description=description,
        notes=_key_notes(kinds, line=False),
        autosize={"type": "fit-x", "contains": "padding"},
        padding={"left": 4, "top": 4, "right": 8, "bottom": 4},
    )


def _break_layers(
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
    records = []
    for month, label in breaks:
        year, number = parse_periode(month)
        before = f"{year - 1}-12" if number == 1 else f"{year:04d}-{number - 1:02d}"
        records.append({"periode": month, "mellom": f"{before}-16", "brudd": label})
    data: alt.NamedData | None = None
    dates: dict[str, str] | None = None
    where: str | None = None
    if temporal:
        position = _field("mellom", "temporal", title=None)
        data = _data(records, datasets, months=False)
        dates = {"mellom": "%Y-%m-%d"}
    else:
        # On a band axis the rule must use the bars' own rows, or its month would be a new band.
        assert x is not None
        position = {**x, "bandPosition": 0}
        # Vega-Lite parses ``periode`` into a date here; the month's name stays a string.
        where = " || ".join(f"datum.maaned == {_js_str(month_name(m))}" for m, _ in breaks)
    rule = _layer(
        {"type": "rule", "color": MUTED_INK, "strokeDash": [5, 4], "strokeWidth": 1.5},
        data=data,
        dates=dates,
        where=where,
        x=position,
        tooltip={"value": None},
    )
    text = _layer(
        {
            "type": "text",
            "align": "left",
            "baseline": "top",
            "dx": 4,
            "dy": 2,
            "color": MUTED_INK,
            "fontSize": 10,
        },
        data=data,
        dates=dates,
        where=where,
        x=position,
        y={"value": 0},
        text={"value": "brudd"},
    )
    return [rule, text]


def _break_notes(breaks: Sequence[tuple[str, str]]) -> list[str]:
    return [f"Stiplet loddrett linje: brudd i serien ({label})." for _, label in breaks]


def _js_str(text: str | None) -> str:
    """A string literal for a Vega expression."""
    return "'" + (text or "").replace("\\", "\\\\").replace("'", "\\'") + "'"


# ---------------------------------------------------------------------------------------------
# 4. Vertical bars per month
# ---------------------------------------------------------------------------------------------


@_unvalidated
def month_bars(
    df: pd.DataFrame,
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
    series = series_points(df)
    if len(series) != 1:
        raise ValueError(f"month_bars shows one series, got {len(series)}")
    points = next(iter(series.values()))
    kinds = {p.kind for p in points}
    hi = max((p.hi for p in points if p.hi is not None), default=0.0)
    n = len(points)
    plot_w = width - 60
    band = plot_w / n
    longest = max((len(p.tekst) for p in points if p.kind in ("exact", "range")), default=1)
    if value_labels is None:
        value_labels = longest * _DIGIT_PX * 0.95 <= band
    notes = _key_notes(kinds, line=False)
    plot_h = height - 40 - 16 * len(notes) - 18
    head_room = 16 / max(plot_h, 1) if value_labels else 0.0
    y_lo, y_hi = _nice_domain(0.0, hi / (1 - head_room), zero=True)
    y_scale = {"domain": [_clean(y_lo), _clean(y_hi)], "nice": False, "zero": True}
    y_axis = _y_axis(value_format, y_title, _label_extent(y_lo, y_hi, value_format))
    step = _month_step(n, plot_w, 30)
    # A band axis labels every month it has: the step picks which labels are written.
    label_expr = _MONTH_AND_YEAR
    if step >= 12:
        shown = f"month(datum.value) == 0 && year(datum.value) % {step // 12} == 0"
        label_expr = f"{shown} ? ({label_expr}) : ''"
    elif step > 1:
        label_expr = f"month(datum.value) % {step} == 0 ? ({label_expr}) : ''"
    x = {
        "field": "periode",
        "timeUnit": "yearmonth",
        "type": "ordinal",
        "title": None,
        "axis": {
            "labelExpr": label_expr,
            "labelAngle": 0,
            "ticks": False,
            "domain": True,
            "labelPadding": 6,
        },
        "scale": {"paddingInner": 0.2, "paddingOuter": 0.1},
    }
    tooltip = _tooltip(None, y_title or "Verdi")
    layers = [
        _layer(
            {"type": "bar", "color": MAIN},
            where="datum.type == 'exact'",
            x=x,
            y=_field("verdi", scale=y_scale, axis=y_axis),
            tooltip=tooltip,
        )
    ]
    if "range" in kinds:
        layers += [
            _layer(
                {"type": "bar", "color": PALE_BAR, "stroke": MAIN, "strokeWidth": 1},
                where="datum.type == 'range' && datum.lo > 0",
                x=x,
                y=_field("lo", scale=y_scale, axis=y_axis),
                tooltip=tooltip,
            ),
            _layer(
                {"type": "errorbar", "ticks": {"size": 8}, "thickness": 2, "color": INK},
                where="datum.type == 'range'",
                x=x,
                y=_field("lo", scale=y_scale, axis=y_axis),
                y2={"field": "hi"},
                tooltip=tooltip,
            ),
        ]
    if value_labels:
        layers.append(
            _layer(
                {"type": "text", "baseline": "bottom", "dy": -3, "color": INK, "fontSize": 10},
                where="datum.type == 'exact' || datum.type == 'range'",
                x=x,
                y=_field("hi", scale=y_scale, axis=y_axis),
                text=_field("tekst", "nominal"),
            )
        )
    if "hidden" in kinds:
        word = "skjult" if band >= 38 else "*"
        layers.append(
            _layer(
                {
                    "type": "text",
                    "baseline": "bottom",
                    "dy": -3,
                    "color": MUTED_INK,
                    "fontStyle": "italic",
                },
                where="datum.type == 'hidden'",
                x=x,
                y={"value": "height"},
                text={"value": word},
                tooltip=tooltip,
            )
        )
        if word == "*":
            notes = [n.replace("«skjult»", "*") for n in notes]
    datasets: Datasets = {}
    layers += _break_layers(breaks, datasets, temporal=False, x=x)
    notes += _break_notes(breaks)
    return _layered(
        layers,
        _data(_series_records(series), datasets),
        datasets,
        width=width,
        height=height,
        title=title,
        description=description,
        notes=notes,
        autosize={"type": "fit", "contains": "padding"},
        padding={"left": 4, "top": 8, "right": 8, "bottom": 4},
    )
