"""Line chart: one line per series, months along x, a label at each line's end."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import altair as alt

from generator.charts.layers import break_layers, break_notes, key_notes, series_layers, tooltip
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
    x_time,
    y_value_axis,
)
from generator.charts.style import CHAR_PX, MAX_SERIES, PALETTE, SHAPES, TEXT_PALETTE
from generator.numbers import Kind
from generator.plan.chart_input import Point, series_points


@unvalidated
def line_chart(
    rows: Sequence[Point],
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
    series = series_points(rows)
    if len(series) > MAX_SERIES:
        raise ValueError(
            f"line_chart shows at most {MAX_SERIES} series, got {len(series)}: "
            "use small_multiples instead"
        )
    names = list(series)
    points = [p for pts in series.values() for p in pts]
    kinds = {p.kind for p in points}
    y_lo, y_hi = nice_domain(*shown_range(points), zero=zero)
    extent = label_extent(y_lo, y_hi, value_format)
    if end_labels is None:
        end_labels = len(names) > 1
    labels = {s: _wrap_label(s) for s in names} if end_labels else {}
    notes = key_notes(kinds, line=True)
    plot_w = width - extent - _labels_width(labels) - 12
    plot_h = _plot_height(height, marker_row=Kind.HIDDEN in kinds, key_lines=len(notes))
    n_months = len(points) // len(names)
    x = x_time(n_months, plot_w, marker_row=Kind.HIDDEN in kinds)
    y_scale = fixed_scale(y_lo, y_hi, zero=zero)
    y_axis = y_value_axis(value_format, y_title, extent)
    layers = series_layers(
        color=_by_serie(names, PALETTE),
        shape=_by_serie(names, SHAPES),
        tooltip=tooltip(serie_title, y_title or "Verdi"),
        y_scale=y_scale,
        y_axis=y_axis,
        x=x,
        kinds=kinds,
        point_size=36 if n_months <= 24 else 12,
        month_px=plot_w / max(n_months - 1, 1),
    )
    datasets: Datasets = {}
    if end_labels:
        final = max(p.key for p in points)
        label_rows = _end_label_records(series, labels, final, (y_lo, y_hi), plot_h)
        layers.append(
            _end_labels(label_rows, datasets, x, field("etikett_y", scale=y_scale, axis=y_axis))
        )
    layers += break_layers(breaks, datasets, temporal=True)
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
        padding={"left": 4, "top": 8, "right": 6, "bottom": 4},
    )


def _plot_height(height: int, *, marker_row: bool, key_lines: int) -> int:
    """The plot's height: the chart's, less the month axis (with the strip for hidden
    markers) and the key of hidden values and ranges."""
    x_axis_px = 44 if marker_row else 32
    return height - x_axis_px - 16 * key_lines - (14 if key_lines else 0) - 26


def _by_serie(names: list[str], values: Sequence[str]) -> Channel:
    """A channel giving each series its own value (colour or shape), in the series' order."""
    return field(
        "serie",
        "nominal",
        scale={"domain": names, "range": list(values[: len(names)])},
        legend=None,
    )


def _labels_width(labels: dict[str, str]) -> float:
    """Pixels the end labels take right of the plot (their longest line, and a gap)."""
    return max(
        (max(len(line) for line in t.split("\n")) * CHAR_PX + 10 for t in labels.values()),
        default=0,
    )


def _end_label_records(
    series: dict[str, list[Point]],
    labels: dict[str, str],
    final: str,
    domain: tuple[float, float],
    plot_h: float,
) -> list[dict[str, Any]]:
    """Direct labels in the right margin, level with each series' last shown value, moved
    apart so no two overlap; long names wrap onto two lines (``labels``).

    They all stand at the chart's last month (``final``): a label at the last month a series
    happens to show (say June, when July to December are hidden) would sit in the middle of
    the plot, on top of the other lines.
    """
    names = list(series)
    lasts = {s: _last_shown(pts) for s, pts in series.items()}
    wanted = {s: p.mid for s, p in lasts.items() if p is not None and p.mid is not None}
    keys = list(wanted)
    line_px = max((14 * (1 + labels[s].count("\n")) for s in keys), default=14)
    y_lo, y_hi = domain
    px = (y_hi - y_lo) / max(plot_h, 1)
    placed = _spread([wanted[s] for s in keys], line_px * px, y_lo, y_hi)
    return [
        {
            "periode": final,
            "serie": s,
            "etikett": labels[s],
            "etikett_y": clean(round(y, 6)),
            "etikett_farge": TEXT_PALETTE[names.index(s)],
        }
        for s, y in zip(keys, placed, strict=True)
    ]


def _end_labels(
    rows: list[dict[str, Any]], datasets: Datasets, x: Channel, y: Channel
) -> alt.UnitSpec:
    return layer(
        {
            "type": "text",
            "align": "left",
            "baseline": "middle",
            "dx": 9,
            "fontSize": 11,
            "lineBreak": "\n",
        },
        # Its own data, so label rows never enter the lines' paths.
        data=data(rows, datasets, months=False),
        dates={"periode": "%Y-%m"},
        x=x,
        y=y,
        text=field("etikett", "nominal"),
        color=field("etikett_farge", "nominal", scale=None),
    )


def _last_shown(points: list[Point]) -> Point | None:
    for p in reversed(points):
        if p.kind in (Kind.EXACT, Kind.RANGE):
            return p
    return None


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
