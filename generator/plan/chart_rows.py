"""The points a chart is drawn from: one per month (or category) and series.

A hidden value from the export has no number here, only the text "skjult", so a chart cannot
show more than the table does.
"""

from __future__ import annotations

import math

from generator.numbers import Count, Kind, Ratio, fmt_count, fmt_int, fmt_ratio_pct
from generator.plan.cells import HIDDEN_TEXT
from generator.plan.chart_input import Point

NO_SHARE = "–"
"""The text of a share of nothing (the whole is 0)."""


def exact_point(key: str, serie: str, value: float, tekst: str) -> Point:
    return Point(key, serie, Kind.EXACT, value, value, value, tekst)


def count_point(key: str, serie: str, count: Count, *, printed: bool) -> Point:
    """A count as the export prints it (exact or hidden), or a computed one (exact or a range:
    see :attr:`Count.computed_kind`)."""
    kind = count.kind if printed else count.computed_kind
    if kind is Kind.EXACT:
        return exact_point(key, serie, count.lo, fmt_int(count.lo))
    if kind is Kind.HIDDEN:
        return Point(key, serie, Kind.HIDDEN, None, None, None, HIDDEN_TEXT)
    return Point(key, serie, Kind.RANGE, None, count.lo, count.hi, fmt_count(count))


def _share_bounds(ratio: Ratio) -> tuple[float, float]:
    """An interval share's bounds in per cent, the upper one capped at the whole: hidden cells
    can make a share look larger than a part can be. A lower bound already above the whole is
    a typo in the export (the checks warn that the numbers do not add up): the share is then
    shown as computed, and where its upper bound is unbounded, as its lower one."""
    if ratio.lo <= 1:
        return ratio.lo * 100, min(ratio.hi, 1) * 100
    return ratio.lo * 100, (ratio.hi if math.isfinite(ratio.hi) else ratio.lo) * 100


def share_point(key: str, serie: str, ratio: Ratio | None) -> Point:
    """A share in per cent; an interval as :func:`_share_bounds` gives it."""
    if ratio is None:
        return Point(key, serie, Kind.MISSING, None, None, None, NO_SHARE)
    tekst = fmt_ratio_pct(ratio)
    if ratio.kind is Kind.EXACT:
        return exact_point(key, serie, ratio.lo * 100, tekst)
    low, high = _share_bounds(ratio)
    if low == high:  # bounds that meet (a share of 0 of an uncertain whole) leave one value
        return exact_point(key, serie, low, tekst)
    return Point(key, serie, Kind.RANGE, None, low, high, tekst)


def series_rows(months: list[str], series: dict[str, list[Count]], *, printed: bool) -> list[Point]:
    """A point per month and series; ``printed`` when the counts are the export's own."""
    return [
        count_point(month, name, count, printed=printed)
        for name, counts in series.items()
        for month, count in zip(months, counts, strict=True)
    ]


def share_rows(months: list[str], name: str, ratios: list[Ratio | None]) -> list[Point]:
    return [share_point(m, name, ratio) for m, ratio in zip(months, ratios, strict=True)]


def bar_rows(categories: list[tuple[str, Count]], *, printed: bool) -> list[Point]:
    """A point per category, in the given order."""
    return [count_point(name, "", count, printed=printed) for name, count in categories]
