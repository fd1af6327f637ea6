"""The long-form chart input, read once: what charts and their text summaries share.

The rows are described in ``generator.charts.kinds``. Each value is classified as exact, hidden
(a single ``*`` cell) or a range, so that charts and summaries treat it the same way. Nothing
here needs Altair, so summaries can be written without loading it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import pandas as pd

from generator.months import months_between, parse
from generator.numbers import EN_DASH, fmt_int, fmt_span

VALUE_COLUMNS = ("verdi", "lo", "hi", "skjult", "tekst")


def range_text(lo: float, hi: float) -> str:
    return fmt_span(fmt_int(lo), fmt_int(hi))


# ---------------------------------------------------------------------------------------------
# Reading the input
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    """One value, classified once so charts and summaries treat it the same way."""

    key: str  # periode or kategori
    serie: str
    kind: str  # "exact", "range", "hidden" or "missing"
    value: float | None  # exact value
    lo: float | None
    hi: float | None
    tekst: str

    @property
    def mid(self) -> float | None:
        if self.kind == "exact":
            return self.value
        if self.kind == "range" and self.lo is not None and self.hi is not None:
            return (self.lo + self.hi) / 2
        return None


def as_number(x: Any) -> float | None:
    if x is None or x is pd.NA:
        return None
    try:
        f = float(x)
    except (TypeError, ValueError):
        raise ValueError(f"not a number: {x!r}") from None
    return None if math.isnan(f) else f


def as_flag(x: Any) -> bool:
    if x is None or x is pd.NA:
        return False
    if isinstance(x, float) and math.isnan(x):
        return False
    return bool(x)


def classify(key: str, serie: str, row: dict[str, Any]) -> Point:
    verdi, lo, hi = as_number(row.get("verdi")), as_number(row.get("lo")), as_number(row.get("hi"))
    raw_tekst = row.get("tekst")
    tekst = "" if raw_tekst is None or raw_tekst is pd.NA else str(raw_tekst).strip()
    if as_flag(row.get("skjult")):
        if verdi is not None:
            raise ValueError(f"{serie} {key}: a hidden cell must not carry a value (verdi={verdi})")
        return Point(key, serie, "hidden", None, None, None, tekst or f"skjult (0{EN_DASH}3)")
    if verdi is not None:
        return Point(key, serie, "exact", verdi, verdi, verdi, tekst or fmt_int(verdi))
    if lo is not None and hi is not None:
        if lo > hi:
            raise ValueError(f"{serie} {key}: lo ({lo}) is greater than hi ({hi})")
        if lo == hi:
            return Point(key, serie, "exact", lo, lo, lo, tekst or fmt_int(lo))
        return Point(key, serie, "range", None, lo, hi, tekst or range_text(lo, hi))
    return Point(key, serie, "missing", None, None, None, tekst or "mangler")


def require(df: pd.DataFrame, columns: Iterable[str]) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"missing column(s): {', '.join(missing)}")


def _rows(df: pd.DataFrame, key: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each row's ``key`` column as text and its value columns, in the frame's order.

    Read column by column: ``iterrows`` builds a Series for every row, which cost more than
    the rest of a chart.
    """
    values = zip(*(df[column].tolist() for column in VALUE_COLUMNS), strict=True)
    for k, row in zip(df[key].tolist(), values, strict=True):
        yield str(k), dict(zip(VALUE_COLUMNS, row, strict=True))


def series_points(df: pd.DataFrame) -> dict[str, list[Point]]:
    """Points per series in first-seen order, every month from first to last filled in.

    A month with no row becomes "missing", so the line breaks there instead of bridging it.
    """
    require(df, ("periode", *VALUE_COLUMNS))
    serie_col = df["serie"].astype(str).tolist() if "serie" in df.columns else [""] * len(df)
    by_serie: dict[str, dict[str, Point]] = {}
    months_seen: set[str] = set()
    for serie, (periode, row) in zip(serie_col, _rows(df, "periode"), strict=True):
        if periode not in months_seen:  # the series share their months: check each once
            parse(periode)
            months_seen.add(periode)
        points = by_serie.setdefault(serie, {})
        if periode in points:
            raise ValueError(f"{serie} {periode}: more than one row")
        points[periode] = classify(periode, serie, row)
    if not by_serie:
        raise ValueError("no data")
    first = min(p for pts in by_serie.values() for p in pts)
    last = max(p for pts in by_serie.values() for p in pts)
    months = months_between(first, last)
    return {
        serie: [
            points.get(m) or Point(m, serie, "missing", None, None, None, "mangler") for m in months
        ]
        for serie, points in by_serie.items()
    }


def category_points(df: pd.DataFrame) -> list[Point]:
    require(df, ("kategori", *VALUE_COLUMNS))
    seen: set[str] = set()
    points = []
    for key, row in _rows(df, "kategori"):
        if key in seen:
            raise ValueError(f"kategori {key!r}: more than one row")
        seen.add(key)
        points.append(classify(key, "", row))
    if not points:
        raise ValueError("no data")
    return points
