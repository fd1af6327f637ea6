"""What charts and their text summaries are made from: one point per value, classified once.

A point is a month's (or a category's) value in one series, already classified by
``generator.numbers.Kind`` when it was planned, so that charts and summaries treat it the same
way. A planned chart carries its points as JSON text (:func:`rows_json`), read back with
:meth:`Point.from_json`. Nothing here needs Altair, so summaries can be written without it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from generator.months import months_between, parse
from generator.numbers import Kind

MISSING_TEXT = "mangler"


@dataclass(frozen=True, slots=True)
class Point:
    """One value: its number when exact, its bounds when exact or a range, and its text.

    A hidden value (a single ``*`` cell) and a missing one carry no number at all, so no chart
    or summary can show one.
    """

    key: str  # "YYYY-MM", or the category
    serie: str  # empty for a category
    kind: Kind
    value: float | None  # the exact value
    lo: float | None
    hi: float | None
    tekst: str  # the value as the table writes it

    def __post_init__(self) -> None:
        numbers = (self.value, self.lo, self.hi)
        if self.kind in (Kind.HIDDEN, Kind.MISSING) and numbers != (None, None, None):
            raise ValueError(
                f"{self.serie} {self.key}: a {self.kind} value must not carry a number {numbers}"
            )

    @property
    def mid(self) -> float | None:
        if self.kind is Kind.EXACT:
            return self.value
        if self.kind is Kind.RANGE and self.lo is not None and self.hi is not None:
            return (self.lo + self.hi) / 2
        return None

    @classmethod
    def from_json(cls, row: Sequence[Any]) -> Point:
        """A point from its row in :func:`rows_json`."""
        key, serie, kind, value, lo, hi, tekst = row
        return cls(key, serie, Kind(kind), value, lo, hi, tekst)


def rows_json(points: Iterable[Point]) -> str:
    """The points as compact JSON text, a list per point, to be held until the chart is made:
    smaller than the points as objects."""
    rows = [[p.key, p.serie, p.kind, p.value, p.lo, p.hi, p.tekst] for p in points]
    return json.dumps(rows, ensure_ascii=False, separators=(",", ":"))


def series_points(points: Iterable[Point]) -> dict[str, list[Point]]:
    """Points per series in first-seen order, every month from first to last filled in.

    A month with no point becomes missing, so the line breaks there instead of bridging it.
    """
    by_serie: dict[str, dict[str, Point]] = {}
    months_seen: set[str] = set()
    for p in points:
        if p.key not in months_seen:  # the series share their months: check each once
            parse(p.key)
            months_seen.add(p.key)
        of_serie = by_serie.setdefault(p.serie, {})
        if p.key in of_serie:
            raise ValueError(f"{p.serie} {p.key}: more than one point")
        of_serie[p.key] = p
    if not by_serie:
        raise ValueError("no data")
    months = months_between(min(months_seen), max(months_seen))
    return {
        serie: [
            of_serie.get(m) or Point(m, serie, Kind.MISSING, None, None, None, MISSING_TEXT)
            for m in months
        ]
        for serie, of_serie in by_serie.items()
    }


def category_points(points: Iterable[Point]) -> list[Point]:
    """The points of a chart by category, in their order, each category once."""
    seen: set[str] = set()
    found = []
    for p in points:
        if p.key in seen:
            raise ValueError(f"kategori {p.key!r}: more than one point")
        seen.add(p.key)
        found.append(p)
    if not found:
        raise ValueError("no data")
    return found
