"""The rows a chart is drawn from, in long form: one row per month (or category) and series.

A hidden value from the export has no number here, only its bounds and the text "skjult", so
a chart cannot show more than the table does.
"""

from __future__ import annotations

from typing import TypedDict

import pandas as pd

from generator.numbers import Count, Kind, Ratio, fmt_count, fmt_int, fmt_ratio_pct
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
    if from_export and count.kind is Kind.HIDDEN:
        return {"verdi": None, "lo": 0, "hi": 3, "skjult": True, "tekst": HIDDEN_TEXT}
    return {
        "verdi": None,
        "lo": count.lo,
        "hi": count.hi,
        "skjult": False,
        "tekst": fmt_count(count),
    }


def ratio_point(ratio: Ratio | None) -> ChartPoint:
    """A share in per cent; an interval's upper bound is capped at the whole."""
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
    return {
        "verdi": None,
        "lo": ratio.lo * 100,
        "hi": min(ratio.hi, 1) * 100,
        "skjult": False,
        "tekst": fmt_ratio_pct(ratio),
    }


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
