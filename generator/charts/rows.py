"""The inline rows a spec carries: one per value, with the fields its marks are drawn from.

A hidden value's row has no number at all (``verdi``, ``lo`` and ``hi`` are null).
"""

from __future__ import annotations

from typing import Any

from generator.charts.outline import clean
from generator.months import month_name
from generator.numbers import Kind
from generator.plan.chart_input import Point


def series_records(
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
            if p.kind is Kind.HIDDEN:
                hidden_at.setdefault(p.key, []).append(serie)
    month_names: dict[str, str] = {}  # the series share their months: name each once
    records = []
    for serie, points in series.items():
        last = len(points) - 1
        for i, p in enumerate(points):
            near_range = p.kind is Kind.EXACT and (
                (i > 0 and points[i - 1].kind is Kind.RANGE)
                or (i < last and points[i + 1].kind is Kind.RANGE)
            )
            in_band = p.kind is Kind.RANGE or near_range
            maaned = month_names.get(p.key)
            if maaned is None:
                maaned = month_names[p.key] = month_name(p.key)
            lo, hi = clean(p.lo), clean(p.hi)
            rec: dict[str, Any] = {
                "periode": p.key,
                "maaned": maaned,
                "serie": serie,
                "type": p.kind.value,
                "tekst": p.tekst,
                "verdi": clean(p.value),
                "lo": lo,
                "hi": hi,
                "midt": clean(p.mid) if in_band else None,
                "baand_lo": lo if in_band else None,
                "baand_hi": hi if in_band else None,
            }
            if p.kind is Kind.HIDDEN:
                at = hidden_at[p.key]
                offset = (at.index(serie) - (len(at) - 1) / 2) * 9 if spread_hidden else 0
                rec["skjult_dx"] = clean(offset)
            records.append(rec)
    return records


def bar_records(points: list[Point]) -> list[dict[str, Any]]:
    """Inline rows for a bar chart by category; hidden categories carry no number at all."""
    records = []
    for p in points:
        rec: dict[str, Any] = {
            "kategori": p.key,
            "type": p.kind.value,
            "tekst": p.tekst,
            "verdi": clean(p.value),
            "lo": clean(p.lo),
            "hi": clean(p.hi),
            # Where the value label starts: the bar's end, or the end of the error bar.
            "etikett_x": clean(p.hi) if p.kind in (Kind.EXACT, Kind.RANGE) else None,
        }
        records.append(rec)
    return records
