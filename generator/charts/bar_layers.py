"""Layers both kinds of bars share, horizontal (by category) and vertical (by month).

Bars start at zero. A range gets a pale bar up to its lower bound (the part that is certain)
and an error bar from ``lo`` to ``hi``; a hidden value gets no bar, only a word at the baseline.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import altair as alt

from generator.charts.outline import Channel, encoded_layer, field
from generator.charts.style import INK, MAIN, MUTED_INK, PALE_BAR
from generator.numbers import Kind


@dataclass(frozen=True)
class BarAxes:
    """Where the categories and the values go: horizontal bars have their values along x."""

    category: Channel
    scale: dict[str, Any]
    axis: dict[str, Any]
    horizontal: bool

    def value(self, name: str) -> Channel:
        """A field on the value scale and axis."""
        return field(name, scale=self.scale, axis=self.axis)

    def place(self, value: Channel, value2: Channel | None = None) -> dict[str, Channel]:
        """The position channels, x before y, for a value (and its end, for an error bar)."""
        if self.horizontal:
            return {"x": value, **({"x2": value2} if value2 else {}), "y": self.category}
        return {"x": self.category, "y": value, **({"y2": value2} if value2 else {})}

    @property
    def beside_end(self) -> dict[str, Any]:
        """Mark properties that set text just past a bar's end: right of it, or above it."""
        if self.horizontal:
            return {"align": "left", "baseline": "middle", "dx": 4}
        return {"baseline": "bottom", "dy": -3}

    @property
    def baseline(self) -> Channel:
        """The value axis's zero, in pixels: the left edge, or the bottom."""
        return {"value": 0} if self.horizontal else {"value": "height"}


def bars(
    axes: BarAxes,
    kinds: set[Kind],
    tooltip: list[Channel],
    mark: dict[str, Any],
    color: Channel | None = None,
) -> list[alt.UnitSpec]:
    """The bars of exact values (``mark``, coloured by ``color`` if given), and of ranges."""
    exact = encoded_layer(
        mark,
        {
            **axes.place(axes.value("verdi")),
            **({"color": color} if color else {}),
            "tooltip": tooltip,
        },
        where="datum.type == 'exact'",
    )
    if Kind.RANGE not in kinds:
        return [exact]
    return [
        exact,
        encoded_layer(
            {"type": "bar", "color": PALE_BAR, "stroke": MAIN, "strokeWidth": 1},
            {**axes.place(axes.value("lo")), "tooltip": tooltip},
            where="datum.type == 'range' && datum.lo > 0",
        ),
        encoded_layer(
            {"type": "errorbar", "ticks": {"size": 8}, "thickness": 2, "color": INK},
            {**axes.place(axes.value("lo"), {"field": "hi"}), "tooltip": tooltip},
            where="datum.type == 'range'",
        ),
    ]


def value_label_layer(axes: BarAxes, at: str, where: str, **style: Any) -> alt.UnitSpec:
    """The value as the table writes it (``tekst``), past the end of the bar at field ``at``."""
    return encoded_layer(
        {"type": "text", **axes.beside_end, "color": INK, **style},
        {**axes.place(axes.value(at)), "text": field("tekst", "nominal")},
        where=where,
    )


def hidden_word(axes: BarAxes, word: str, tooltip: list[Channel]) -> alt.UnitSpec:
    """``word`` ("skjult", or "*" where bars are narrow) at the baseline of a hidden value."""
    return encoded_layer(
        {"type": "text", **axes.beside_end, "color": MUTED_INK, "fontStyle": "italic"},
        {**axes.place(axes.baseline), "text": {"value": word}, "tooltip": tooltip},
        where="datum.type == 'hidden'",
    )
