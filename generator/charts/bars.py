"""Horizontal bars, one per category, with an optional highlighted category."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import altair as alt

from generator.charts.bar_layers import BarAxes, bars, hidden_word, value_label_layer
from generator.charts.layers import key_notes
from generator.charts.outline import (
    Channel,
    Datasets,
    clean,
    data,
    field,
    js_str,
    layered,
    unvalidated,
)
from generator.charts.rows import bar_records
from generator.charts.scales import nice_domain
from generator.charts.style import CHAR_PX, DIGIT_PX, HIGHLIGHT, LABEL_INK, MAIN, MUTED_BAR
from generator.numbers import Kind
from generator.plan.chart_input import Point, category_points


@unvalidated
def bar_chart(
    rows: Sequence[Point],
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
    """Horizontal bars, one per category in the points' order, x from zero.

    The order is given to Vega-Lite as an explicit list rather than ``sort=None``: the layers
    filter the rows differently, and data order would then put hidden categories last.
    Value labels come from ``tekst``, so they read exactly as in the table. A hidden value has no
    bar, only the word "skjult" at the baseline. A range gets a pale bar up to its lower bound
    (the part that is certain) and an error bar from ``lo`` to ``hi``. ``highlight`` names a
    category drawn in a stronger colour with a bold label (e.g. the county of the page).
    ``width`` is the whole chart's width; the height follows from ``bar_step`` per category.
    """
    points = category_points(rows)
    kinds = {p.kind for p in points}
    if highlight is not None and highlight not in {p.key for p in points}:
        raise ValueError(f"highlight {highlight!r} is not a kategori")
    longest_cat = max(len(p.key) for p in points)
    plot_w = width - min(longest_cat * CHAR_PX, 200) - 16
    axes = BarAxes(
        category=_category_axis([p.key for p in points], category_title, highlight),
        scale=_value_scale(points, plot_w),
        axis=_value_axis(value_format, x_title, plot_w),
        horizontal=True,
    )
    tooltip = [
        field("kategori", "nominal", title=category_title or "Kategori"),
        field("tekst", "nominal", title=x_title or "Verdi"),
    ]
    layers = bars(axes, kinds, tooltip, {"type": "bar"}, color=_bar_color(highlight))
    layers += _value_labels(axes, highlight)
    if Kind.HIDDEN in kinds:
        layers.append(hidden_word(axes, "skjult", tooltip))
    datasets: Datasets = {}
    return layered(
        layers,
        data(bar_records(points), datasets, months=False),
        datasets,
        width=width,
        height={"step": bar_step},
        title=title,
        description=description,
        notes=key_notes(kinds, line=False),
        autosize={"type": "fit-x", "contains": "padding"},
        padding={"left": 4, "top": 4, "right": 8, "bottom": 4},
    )


def _value_scale(points: list[Point], plot_w: float) -> dict[str, Any]:
    """From zero, leaving room right of the longest bar for its value label."""
    hi = max((p.hi for p in points if p.hi is not None), default=0.0)
    longest_label = max((len(p.tekst) for p in points if p.kind is not Kind.HIDDEN), default=4)
    label_room = (longest_label * DIGIT_PX + 12) / max(plot_w, 1)
    _, x_hi = nice_domain(0.0, hi / max(1 - label_room, 0.5), zero=True, count=4)
    return {"domain": [0, clean(x_hi)], "nice": False, "zero": True}


def _value_axis(value_format: str, x_title: str, plot_w: float) -> dict[str, Any]:
    return {
        "format": value_format,
        "title": x_title,
        "grid": True,
        "domain": False,
        "ticks": False,
        "tickCount": max(2, min(4, int(plot_w // 80))),
        "labelPadding": 4,
        "titlePadding": 8,
    }


def _category_axis(cats: list[str], category_title: str, highlight: str | None) -> Channel:
    """The categories down y in the given order, the highlighted one in bold."""
    return field(
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
                {"expr": f"datum.value == {js_str(highlight)} ? 'bold' : 'normal'"}
                if highlight
                else "normal"
            ),
        },
        scale={"paddingInner": 0.25, "paddingOuter": 0.1},
    )


def _bar_color(highlight: str | None) -> Channel:
    """One colour for all bars, or a strong one for the highlighted bar and a muted one else."""
    if highlight:
        return {
            "condition": {"test": f"datum.kategori == {js_str(highlight)}", "value": HIGHLIGHT},
            "value": MUTED_BAR,
        }
    return {"value": MAIN}


def _value_labels(axes: BarAxes, highlight: str | None) -> list[alt.UnitSpec]:
    """Labels right of the bars (and error bars), the highlighted category's in bold."""
    shown = "(datum.type == 'exact' || datum.type == 'range')"
    is_hl = f"datum.kategori == {js_str(highlight)}"
    weights = (("normal", f"!({is_hl})"), ("bold", is_hl)) if highlight else (("normal", "true"),)
    return [
        value_label_layer(axes, "etikett_x", f"{shown} && {test}", fontWeight=weight)
        for weight, test in weights
    ]
