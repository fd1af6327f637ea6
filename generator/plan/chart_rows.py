"""The rows a chart is drawn from, in long form: one row per month (or category) and series.

A hidden value from the export has no number here, only its bounds and the text "skjult", so
a chart cannot show more than the table does.
"""

from __future__ import annotations

import math
from typing import TypedDict

import pandas as pd

from generator.numbers import Count, Ratio, fmt_count, fmt_int, fmt_ratio_pct
from generator.plan.cells import HIDDEN_TEXT


class ChartPoint(TypedDict):
    """One value of a chart: its number (None when not exact), bounds and text."""

    verdi: float | None
    lo: float | None
    hi: float | None
    skjult: bool
    tekst: str


def count_point(count: Count, *, from_export: bool) -> ChartPoint:
    if count.is_exact:
        return {
            "verdi": count.lo,
            "lo": count.lo,
            "hi": count.lo,
            "skjult": False,
            "tekst": fmt_int(count.lo),
        }
    if from_export:
        return {"verdi": None, "lo": 0, "hi": 3, "skjult": True, "tekst": HIDDEN_TEXT}
    return {
        "verdi": None,
        "lo": count.lo,
        "hi": count.hi,
        "skjult": False,
        "tekst": fmt_count(count),
    }


def _share_bounds(ratio: Ratio) -> tuple[float, float]:
    """An interval share's bounds in per cent, the upper one capped at the whole: hidden cells
    can make a share look larger than a part can be. A lower bound already above the whole is
    a typo in the export (the checks warn that the numbers do not add up): the share is then
    shown as computed, and where its upper bound is unbounded, as its lower one."""
    if ratio.lo <= 1:
        return ratio.lo * 100, min(ratio.hi, 1) * 100
    return ratio.lo * 100, (ratio.hi if math.isfinite(ratio.hi) else ratio.lo) * 100


def ratio_point(ratio: Ratio | None) -> ChartPoint:
    """A share in per cent; an interval as :func:`_share_bounds` gives it."""
    if ratio is None:
        return {"verdi": None, "lo": None, "hi": None, "skjult": False, "tekst": "–"}
    if ratio.exact:
        return {
            "verdi": ratio.lo * 100,
            "lo": ratio.lo * 100,
            "hi": ratio.lo * 100,
            "skjult": False,
            "tekst": fmt_ratio_pct(ratio),
        }
    low, high = _share_bounds(ratio)
    return {"verdi": None, "lo": low, "hi": high, "skjult": False, "tekst": fmt_ratio_pct(ratio)}


def series_frame(
    months: list[str], series: dict[str, list[Count]], *, from_export: bool
) -> pd.DataFrame:
    """Long-form chart data: one row per month and series, hidden values without a number."""
    rows = [
        {"periode": month, "serie": name, **count_point(count, from_export=from_export)}
        for name, counts in series.items()
        for month, count in zip(months, counts, strict=True)
    ]
    return pd.DataFrame(rows)


def ratio_frame(months: list[str], name: str, ratios: list[Ratio | None]) -> pd.DataFrame:
    rows = [
        {"periode": month, "serie": name, **ratio_point(ratio)}
        for month, ratio in zip(months, ratios, strict=True)
    ]
    return pd.DataFrame(rows)


def bar_frame(categories: list[tuple[str, Count]], *, from_export: bool) -> pd.DataFrame:
    rows = [
        {"kategori": name, "serie": name, **count_point(count, from_export=from_export)}
        for name, count in categories
    ]
    return pd.DataFrame(rows)
